"""What enterprise users are told about policies, written in each reader's language when
shown or mailed (see ``core.notifications``)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from zhaoshang.core.formatting import format_date
from zhaoshang.core.notifications import in_languages, notification_message, param_text
from zhaoshang.policies.labels import column_label
from zhaoshang.policies.models import Policy

ELIGIBLE = "policies.eligible"
POSSIBLY_ELIGIBLE = "policies.possibly_eligible"
CLOSING = "policies.closing"


def policy_params(policy: Policy) -> dict[str, Any]:
    """A policy's title and summary in every language, for a notification's parameters."""
    return {
        "policy": in_languages(policy, "title"),
        "slug": policy.slug,
        "summary": in_languages(policy, "summary"),
    }


def _title(params: Mapping[str, Any]) -> str:
    return param_text(params["policy"]) or str(params.get("slug", ""))


@notification_message(ELIGIBLE)
def _eligible(params: Mapping[str, Any]) -> tuple[str, str]:
    title = _("You qualify for “%(policy)s”") % {"policy": _title(params)}
    return title, param_text(params.get("summary", ""))


@notification_message(POSSIBLY_ELIGIBLE)
def _possibly_eligible(params: Mapping[str, Any]) -> tuple[str, str]:
    title = _("You may qualify for “%(policy)s”") % {"policy": _title(params)}
    fields = ", ".join(column_label(str(name)) for name in params.get("missing", []))
    return title, _("Supply these figures to find out: %(fields)s") % {"fields": fields}


@notification_message(CLOSING)
def _closing(params: Mapping[str, Any]) -> tuple[str, str]:
    closes_on = datetime.date.fromisoformat(str(params["date"]))
    title = _("“%(policy)s” closes on %(date)s") % {
        "policy": _title(params),
        "date": format_date(closes_on),
    }
    return title, _("Your enterprise qualifies and has not applied yet.")
