from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _load_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    if sender.label == "chains":
        from zhaoshang.chains.services import chains_load_if_empty

        chains_load_if_empty()


class ChainsConfig(AppConfig):
    name = "zhaoshang.chains"
    label = "chains"
    verbose_name = _("Industrial chains")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from zhaoshang.chains.audit_labels import register
        from zhaoshang.chains.tasks import follow_enterprise_changes
        from zhaoshang.registry.signals import enterprises_changed

        enterprises_changed.connect(follow_enterprise_changes, dispatch_uid="chains.follow")
        post_migrate.connect(_load_after_migrate, dispatch_uid="chains.load")
        register()
