from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "zhaoshang.policies"
    label = "policies"
    verbose_name = _("Support policies")

    def ready(self) -> None:
        from zhaoshang.policies import (  # noqa: F401  (register the push tasks and messages)
            notices,
            tasks,
        )
        from zhaoshang.policies.describe import register_audit_display
        from zhaoshang.policies.snapshot import snapshot_changed
        from zhaoshang.policies.tasks import follow_enterprise_changes
        from zhaoshang.registry.signals import enterprises_changed

        enterprises_changed.connect(snapshot_changed, dispatch_uid="policies.snapshot")
        enterprises_changed.connect(follow_enterprise_changes, dispatch_uid="policies.follow")
        register_audit_display()
