from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "zhaoshang.proposals"
    label = "proposals"
    verbose_name = _("Investor proposals")

    def ready(self) -> None:
        from zhaoshang.core import audit_display
        from zhaoshang.proposals import (  # noqa: F401  (visibility rules, notification messages)
            access,
            notices,
        )
        from zhaoshang.proposals.models import Proposal

        # The frozen page and the link's digest are kept in the log, not shown in it.
        audit_display.hide_fields(Proposal, "snapshot", "token_hash", "texts", "facts", "sites")
        audit_display.value_display(
            Proposal,
            "contacts",
            lambda value: (
                ", ".join(str(c.get("name", "")) for c in value if isinstance(c, dict))
                if isinstance(value, list)
                else ""
            ),
        )
