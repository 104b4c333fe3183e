from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeadsConfig(AppConfig):
    name = "zhaoshang.leads"
    label = "leads"
    verbose_name = _("Leads and aftercare")

    def ready(self) -> None:
        from zhaoshang.core import audit_display, formatting
        from zhaoshang.leads import (  # noqa: F401  (register the visibility rules and tasks)
            access,
            tasks,
        )
        from zhaoshang.leads.models import Lead, LeadContact

        audit_display.value_display(Lead, "investment_yuan", formatting.format_money)
        audit_display.value_display(Lead, "land_mu", formatting.format_mu)
        audit_display.value_display(Lead, "building_m2", formatting.format_area)
        # Keys the services derive for matching and sorting: nothing a person changed.
        audit_display.hide_fields(Lead, "company_key", "furthest_rank")
        audit_display.hide_fields(LeadContact, "email_domain")
