"""What enterprise users are told about the registry, written in each reader's language when
shown or mailed (see ``core.notifications``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from zhaoshang.core.notifications import notification_message

CORRECTION_DECIDED = "registry.correction_decided"


@notification_message(CORRECTION_DECIDED)
def _correction_decided(params: Mapping[str, Any]) -> tuple[str, str]:
    names = {"enterprise": params["enterprise"]}
    if params["confirmed"]:
        title = _("Your correction to %(enterprise)s was confirmed") % names
    else:
        title = _("Your correction to %(enterprise)s was rejected") % names
    note = str(params.get("note", ""))  # the officer's words, as typed
    return title, (_("The officer's note: %(note)s") % {"note": note}) if note else ""
