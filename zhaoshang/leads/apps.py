from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "zhaoshang.leads"
    label = "leads"
    verbose_name = _("Leads and aftercare")

    def ready(self) -> None:
        from zhaoshang.leads import (  # noqa: F401  (register the visibility rules and tasks)
            access,
            tasks,
        )
