"""What officers are told about their proposals, in each reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from zhaoshang.core.notifications import notification_message

FIRST_VIEW = "proposals.first_view"
ANSWERED = "proposals.answered"
KIND = "proposals"


@notification_message(FIRST_VIEW)
def _first_view(params: Mapping[str, Any]) -> tuple[str, str]:
    title = _("%(company)s opened your proposal") % {"company": params["company"]}
    return title, _("Version %(number)s was opened for the first time.") % {
        "number": params.get("number", 1)
    }


@notification_message(ANSWERED)
def _answered(params: Mapping[str, Any]) -> tuple[str, str]:
    title = _("%(company)s answered your proposal") % {"company": params["company"]}
    # the investor's own words, as typed (shown as text)
    return title, str(params.get("text", ""))[:500]
