"""The proposals panel of a lead's page, and the composer's field errors."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from zhaoshang.leads.models import Lead
from zhaoshang.proposals.models import Proposal

register = template.Library()


@register.filter
def errors_for(errors: Any, name: str) -> list[str]:
    """The messages of field ``name`` in a ValidationError's message_dict."""
    if not isinstance(errors, dict):
        return []
    return list(errors.get(str(name), []))


@register.simple_tag
def colon() -> str:
    """The separator after a label: full-width in Chinese."""
    return "：" if (get_language() or "").startswith("zh") else ": "


@register.filter
def words_join(values: Any) -> str:
    """A list in running text: 、 between Chinese items, a comma between English ones."""
    separator = "、" if (get_language() or "").startswith("zh") else ", "
    return separator.join(str(v) for v in values or [])


@register.filter
def contact_value(contact: Any, key: str) -> str:
    return str(contact.get(key, "") or "") if isinstance(contact, dict) else ""


@register.inclusion_tag("proposals/officer/_lead_panel.html", takes_context=True)
def lead_proposals(context: dict[str, Any], lead: Lead) -> dict[str, Any]:
    user = context["request"].user
    return {
        "lead": lead,
        "proposals": list(Proposal.objects.filter(lead=lead).order_by("-number")[:10])
        if user.has_perm("proposals.view_proposal")
        else [],
        "may_see": user.has_perm("proposals.view_proposal"),
        "may_change": user.has_perm("proposals.change_proposal"),
        "csrf_token": context.get("csrf_token"),
    }
