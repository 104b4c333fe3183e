from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "zhaoshang.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from zhaoshang.core.pagecache import register_due_time
        from zhaoshang.portal.selectors import next_scheduled_at

        register_due_time(next_scheduled_at)
