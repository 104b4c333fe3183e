from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "zhaoshang.proposals"
    label = "proposals"
    verbose_name = _("Investor proposals")

    def ready(self) -> None:
        from zhaoshang.proposals import (  # noqa: F401  (visibility rules, notification messages)
            access,
            notices,
        )
