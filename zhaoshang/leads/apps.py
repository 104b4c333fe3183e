from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "zhaoshang.leads"
    label = "leads"
    verbose_name = _("Leads and aftercare")

    def ready(self) -> None:
        from zhaoshang.leads import tasks  # noqa: F401  (registers the reminder task)
