"""Web enquiries into leads: convert one into a new lead, merge it into a lead already
worked, or dismiss it as spam. Each outcome is kept on the enquiry and audited."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.audit import audit_create
from zhaoshang.core.models import User
from zhaoshang.leads.access import leads_visible_to
from zhaoshang.leads.contacts import contact_add
from zhaoshang.leads.matching import company_key, email_domain
from zhaoshang.leads.models import Activity, EnquiryTriage, Lead
from zhaoshang.leads.services import lead_create
from zhaoshang.portal.models import Enquiry
from zhaoshang.portal.services import enquiry_update

SIMILAR_NAME = 0.6


def enquiries_to_triage() -> QuerySet[Enquiry]:
    """New enquiries nobody has converted, merged or dismissed, oldest first."""
    return Enquiry.objects.filter(status=Enquiry.Status.NEW, triage__isnull=True).order_by(
        "created_at", "id"
    )


def _not_triaged(enquiry: Enquiry) -> Enquiry:
    current = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
    if EnquiryTriage.objects.filter(enquiry=current).exists():
        raise ValidationError(
            {"enquiry": [_("Enquiry %(ref)s was triaged already.") % {"ref": current.reference}]}
        )
    return current


def _record(
    *, actor: User, enquiry: Enquiry, outcome: str, lead: Lead | None, status: str, note: str
) -> EnquiryTriage:
    triage = EnquiryTriage.objects.create(
        enquiry=enquiry, outcome=outcome, lead=lead, actor=actor, at=timezone.now()
    )
    audit_create(actor=actor, instance=triage)
    officer_note = f"{enquiry.officer_note}\n{note}".strip()
    enquiry_update(actor=actor, enquiry=enquiry, status=status, officer_note=officer_note)
    return triage


def enquiry_contact(enquiry: Enquiry) -> dict[str, str]:
    return {"name": enquiry.name, "phone": enquiry.phone, "email": enquiry.email}


def enquiry_convert(
    *,
    actor: User,
    enquiry: Enquiry,
    values: Mapping[str, Any],
    contact: Mapping[str, str] | None = None,
) -> Lead:
    """A new lead from ``enquiry`` (the officer checked and completed ``values``)."""
    with transaction.atomic():
        current = _not_triaged(enquiry)
        lead = lead_create(
            actor=actor, values=values, contacts=[contact or enquiry_contact(current)]
        )
        _enquiry_note(actor=actor, lead=lead, enquiry=current)
        _record(
            actor=actor,
            enquiry=current,
            outcome=EnquiryTriage.Outcome.CONVERTED,
            lead=lead,
            status=Enquiry.Status.IN_PROGRESS,
            note=_("Converted into lead #%(id)s.") % {"id": lead.pk},
        )
    return lead


def enquiry_merge(*, actor: User, enquiry: Enquiry, lead: Lead) -> Lead:
    """Add ``enquiry`` to a lead already worked: its message becomes a note in the lead's
    timeline, and its sender a contact unless the lead has them already."""
    with transaction.atomic():
        current = _not_triaged(enquiry)
        known = lead.contacts.filter(
            Q(email__iexact=current.email, email__gt="") | Q(phone=current.phone, phone__gt="")
        )
        if not known.exists():
            contact_add(actor=actor, lead=lead, **enquiry_contact(current))
        _enquiry_note(actor=actor, lead=lead, enquiry=current)
        _record(
            actor=actor,
            enquiry=current,
            outcome=EnquiryTriage.Outcome.MERGED,
            lead=lead,
            status=Enquiry.Status.IN_PROGRESS,
            note=_("Merged into lead #%(id)s.") % {"id": lead.pk},
        )
    return lead


def enquiry_dismiss(*, actor: User, enquiry: Enquiry) -> EnquiryTriage:
    with transaction.atomic():
        current = _not_triaged(enquiry)
        return _record(
            actor=actor,
            enquiry=current,
            outcome=EnquiryTriage.Outcome.DISMISSED,
            lead=None,
            status=Enquiry.Status.SPAM,
            note=_("Dismissed as spam."),
        )


def _enquiry_note(*, actor: User, lead: Lead, enquiry: Enquiry) -> Activity:
    """The enquiry's message, as a note in the lead's timeline on the day it came."""
    activity = Activity.objects.create(
        lead=lead,
        kind=Activity.Kind.NOTE,
        occurred_on=timezone.localdate(enquiry.created_at),
        summary=_enquiry_text(enquiry),
        owner=actor,
    )
    audit_create(actor=actor, instance=activity)
    return activity


def _enquiry_text(enquiry: Enquiry) -> str:
    lines = [_("Web enquiry %(ref)s:") % {"ref": enquiry.reference}, enquiry.message]
    for label, value in (
        (_("Planned investment"), enquiry.planned_investment),
        (_("Land needed"), enquiry.land_needs),
        (_("Buildings needed"), enquiry.building_needs),
    ):
        if value:
            lines.append(f"{label}: {value}")
    return "\n".join(lines)


# --- possible duplicates ----------------------------------------------------------------


@dataclass
class Duplicate:
    lead: Lead
    score: float
    reasons: list[str] = field(default_factory=list)


def lead_duplicates(
    user: User, *, company: str, email: str = "", phone: str = "", limit: int = 5
) -> list[Duplicate]:
    """Leads ``user`` sees that may be the same investor: a similar company name, the same
    company mail domain or the same telephone; best first."""
    key = company_key(company)
    domain = email_domain(email)
    wanted = Q(pk__in=[])
    if key:
        wanted |= Q(company_key__contains=key[:4]) | Q(company_key__in=_prefixes(key))
    if domain:
        wanted |= Q(contacts__email_domain=domain)
    if phone:
        wanted |= Q(contacts__phone=phone)
    candidates = (
        leads_visible_to(user)
        .filter(wanted)
        .distinct()
        .prefetch_related("contacts")
        .order_by("-updated_at")[:200]
    )
    found: list[Duplicate] = []
    for lead in candidates:
        reasons: list[str] = []
        score = SequenceMatcher(None, key, lead.company_key).ratio() if key else 0.0
        if score >= SIMILAR_NAME:
            reasons.append(_("similar company name (%(percent)d%%)") % {"percent": score * 100})
        contacts = list(lead.contacts.all())
        if domain and any(c.email_domain == domain for c in contacts):
            reasons.append(_("same mail domain %(domain)s") % {"domain": domain})
            score += 1
        if phone and any(c.phone == phone for c in contacts):
            reasons.append(_("same telephone"))
            score += 1
        if reasons:
            found.append(Duplicate(lead=lead, score=score, reasons=reasons))
    found.sort(key=lambda d: -d.score)
    return found[:limit]


def _prefixes(key: str) -> list[str]:
    return [key[:n] for n in range(2, len(key))]
