from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "zhaoshang.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from zhaoshang.core import checks  # noqa: F401  (registers the system checks)
        from zhaoshang.core.services import roles_sync_after_migrate

        post_migrate.connect(roles_sync_after_migrate, dispatch_uid="zhaoshang.roles_sync")
