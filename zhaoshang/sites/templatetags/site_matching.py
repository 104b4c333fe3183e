"""Matches and holds on officer pages: ``{% lead_site_matches lead %}`` on a lead's page,
``{% site_fitting_leads site %}`` and ``{% site_holds site %}`` on a site's, and the
``verdict_text`` filter that says what a site offers against what the lead needs."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core import formatting
from zhaoshang.core.permissions import request_user
from zhaoshang.leads.models import Lead
from zhaoshang.leads.stages import SIGNED_STAGES
from zhaoshang.sites.holds.access import holds_visible_to
from zhaoshang.sites.holds.services import can_override, holds_of
from zhaoshang.sites.matching.engine import Verdict
from zhaoshang.sites.matching.selectors import lead_matches, site_leads
from zhaoshang.sites.models import Building, Parcel

register = template.Library()


def _labels() -> dict[str, str]:
    return {
        "industry": _("Industry allowed"),
        "size": _("Size"),
        "power": _("Power"),
        "county": _("County"),
        "budget": _("Budget"),
        "date": _("Available by"),
    }


def _amount(value: Any, unit: str) -> str:
    if unit == "kVA":
        return _("%(number)s kVA") % {"number": formatting.format_number(value, places=0)}
    if unit == "mu":
        return formatting.format_mu(value)
    if unit == "m2":
        return formatting.format_area(value)
    if unit == "yuan":
        return formatting.format_money(value)
    if unit == "date":
        return formatting.format_date(value) if value else _("now")
    return str(value) if value not in (None, "") else _("any")


@register.filter
def requirement_label(verdict: Verdict) -> str:
    return _labels().get(verdict.requirement, verdict.requirement)


@register.filter
def verdict_text(verdict: Verdict) -> str:
    """ "1,800 kVA of the 2,000 kVA needed", "not known", ..."""
    if verdict.outcome == "unknown":
        return _("not known")
    observed = _amount(verdict.observed, verdict.unit)
    wanted = _amount(verdict.wanted, verdict.unit)
    if verdict.requirement == "budget":
        return _("%(price)s for a budget of %(budget)s") % {"price": observed, "budget": wanted}
    if verdict.requirement == "date":
        return _("available %(on)s, needed by %(by)s") % {"on": observed, "by": wanted}
    if verdict.requirement == "county":
        return _("in %(region)s (preferred: %(wanted)s)") % {"region": observed, "wanted": wanted}
    if verdict.requirement == "industry":
        return _("allows %(allowed)s; the lead's industry is %(code)s") % {
            "allowed": observed,
            "code": wanted,
        }
    return _("%(observed)s of the %(wanted)s needed") % {"observed": observed, "wanted": wanted}


@register.inclusion_tag("sites/officer/_matches.html", takes_context=True)
def lead_site_matches(context: dict[str, Any], lead: Lead, limit: int = 5) -> dict[str, Any]:
    """The best sites for a lead the page has already shown (so the reader may see it)."""
    user = request_user(context["request"])
    return {
        "lead": lead,
        "matches": lead_matches(lead, user=user, limit=limit),
        "holds": holds_visible_to(user)
        .filter(lead=lead, released_at__isnull=True)
        .select_related("parcel", "building", "officer"),
        "can_hold": user.has_perm("leads.change_lead"),
        "can_override": can_override(user),
        "today": timezone.localdate(),
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("sites/officer/_holds.html", takes_context=True)
def site_holds(context: dict[str, Any], site: Parcel | Building) -> dict[str, Any]:
    """A site's holds (those of leads the reader may see) and the leads it fits."""
    user = request_user(context["request"])
    visible = holds_visible_to(user).values("pk")
    return {
        "site": site,
        "holds": holds_of(site).filter(pk__in=visible).order_by("released_at", "-created_at")[:20],
        "fitting": site_leads(user, site),
        "can_override": can_override(user),
        "can_transfer": user.has_perm("sites.change_parcel"),
        "signed_stages": SIGNED_STAGES,
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }
