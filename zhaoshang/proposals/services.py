"""Every write of proposals: compose a draft, send it (freeze the snapshot, make the link),
revoke it, start a new version, record the investor's views and answers, and keep the cost
tables. Each is one transaction with its audit event; bad input raises ValidationError by
field and changes nothing."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zhaoshang.core.audit import audit_create, audit_update, snapshot
from zhaoshang.core.models import User
from zhaoshang.core.notifications import notification_send_bulk
from zhaoshang.core.phones import phone_display
from zhaoshang.core.text import text_problem
from zhaoshang.leads.models import Activity, Lead
from zhaoshang.proposals import notices
from zhaoshang.proposals.access import may_work
from zhaoshang.proposals.attachments import attachments_copy
from zhaoshang.proposals.compose.content import LANGUAGES, MAX_SITES, TEXT_FIELDS, proposal_content
from zhaoshang.proposals.models import (
    CostFigure,
    CostItem,
    CostPlace,
    Proposal,
    ProposalAnswer,
)
from zhaoshang.proposals.tokens import token_new
from zhaoshang.registry.models import Industry
from zhaoshang.sites.models import Building, Parcel

TEXT_MAX = 5_000
ANSWER_MAX = 5_000
CONTACTS_MAX = 5
DEFAULT_DAYS = 60
LONGEST_DAYS = 366
_CLASS = re.compile(r"^\d{4}$")
_WECHAT = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{4,59}$")
SUFFIXES = {"en": "en", "zh-hans": "zh_hans", "zh-hant": "zh_hant"}


def _decimal(errors: dict[str, list[str]], name: str, value: Any, high: int) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        errors[name] = [_("Enter a number.")]
        return None
    if not number.is_finite() or number < 0 or number > high:
        errors[name] = [_("Enter a number from 0 to %(high)s.") % {"high": f"{high:,}"}]
        return None
    return number.quantize(Decimal("0.01"))


def _facts_clean(data: Mapping[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    code = str(data.get("industry_code") or "").strip()
    if code and not _CLASS.match(code):
        errors["industry_code"] = [_("An industry class is four digits of GB/T 4754 (3841, say).")]
    elif code and not Industry.objects.filter(pk=code[:2]).exists():
        errors["industry_code"] = [
            _("%(code)s is not in a known industry division.") % {"code": code}
        ]
    jobs = data.get("jobs")
    if jobs in (None, ""):
        jobs_value = None
    else:
        try:
            jobs_value = int(str(jobs).strip())
        except ValueError:
            jobs_value = None
            errors["jobs"] = [_("Enter a whole number of jobs.")]
        else:
            if not 0 <= jobs_value <= 1_000_000:
                errors["jobs"] = [_("Enter a number from 0 to %(high)s.") % {"high": "1,000,000"}]
    investment = _decimal(errors, "investment_wan", data.get("investment_wan"), 100_000_000)
    revenue = _decimal(errors, "revenue_wan", data.get("revenue_wan"), 100_000_000)
    return {
        "industry_code": code,
        "investment_wan": None if investment is None else str(investment),
        "jobs": jobs_value,
        "revenue_wan": None if revenue is None else str(revenue),
        "high_tech": bool(data.get("high_tech")),
    }


def _texts_clean(data: Mapping[str, Any], errors: dict[str, list[str]]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for name in TEXT_FIELDS:
        for suffix in SUFFIXES.values():
            key = f"{name}_{suffix}"
            value = str(data.get(key) or "").strip()
            if len(value) > TEXT_MAX:
                errors[key] = [
                    _("At most %(count)s characters; this has %(length)s.")
                    % {"count": f"{TEXT_MAX:,}", "length": f"{len(value):,}"}
                ]
                continue
            problem = text_problem(value, multiline=True)
            if problem:
                errors[key] = [problem]
                continue
            if value:
                texts[key] = value
    return texts


def _sites_clean(values: Any, errors: dict[str, list[str]]) -> list[dict[str, Any]]:
    keys: list[tuple[str, int]] = []
    for value in values or []:
        kind, _sep, pk = str(value).partition(":")
        if kind not in ("parcel", "building") or not pk.isdigit():
            errors["sites"] = [_("“%(value)s” is not a site.") % {"value": str(value)[:40]}]
            return []
        if (kind, int(pk)) not in keys:
            keys.append((kind, int(pk)))
    if len(keys) > MAX_SITES:
        errors["sites"] = [_("Choose at most %(count)s sites.") % {"count": MAX_SITES}]
        return []
    parcels = set(
        Parcel.objects.filter(pk__in=[i for k, i in keys if k == "parcel"]).values_list(
            "pk", flat=True
        )
    )
    buildings = set(
        Building.objects.filter(pk__in=[i for k, i in keys if k == "building"]).values_list(
            "pk", flat=True
        )
    )
    for kind, number in keys:
        if number not in (parcels if kind == "parcel" else buildings):
            errors["sites"] = [
                _("Site %(kind)s %(id)s does not exist.") % {"kind": kind, "id": str(number)}
            ]
            return []
    return [{"kind": k, "id": i} for k, i in keys]


def _contacts_clean(values: Any, errors: dict[str, list[str]]) -> list[dict[str, str]]:
    contacts = []
    for index, raw in enumerate(values or []):
        if not isinstance(raw, Mapping):
            continue
        person = {
            k: str(raw.get(k) or "").strip() for k in ("name", "role", "phone", "email", "wechat")
        }
        if not any(person.values()):
            continue
        field = f"contacts_{index}"
        if not person["name"]:
            errors[f"{field}_name"] = [_("Give the contact's name.")]
        for key, limit in (
            ("name", 120),
            ("role", 120),
            ("phone", 32),
            ("email", 254),
            ("wechat", 60),
        ):
            problem = text_problem(person[key])
            if len(person[key]) > limit:
                errors[f"{field}_{key}"] = [_("At most %(count)s characters.") % {"count": limit}]
            elif problem:
                errors[f"{field}_{key}"] = [problem]
        if person["email"]:
            try:
                validate_email(person["email"])
            except ValidationError:
                errors[f"{field}_email"] = [_("Enter a valid email address.")]
        if person["wechat"] and not _WECHAT.match(person["wechat"]):
            errors[f"{field}_wechat"] = [
                _("A WeChat ID is 5 to 60 letters, digits, _ or -, starting with a letter.")
            ]
        if person["phone"] and not re.fullmatch(r"\+?[0-9 ()-]{5,32}", person["phone"]):
            errors[f"{field}_phone"] = [_("Enter a telephone number (digits, spaces, + and -).")]
        contacts.append(person)
    if len(contacts) > CONTACTS_MAX:
        errors["contacts"] = [_("At most %(count)s contacts.") % {"count": CONTACTS_MAX}]
    return contacts


def proposal_values_clean(data: Mapping[str, Any]) -> dict[str, Any]:
    """The composer's values checked: each error names its field."""
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    language = str(data.get("language") or "en")
    if language not in LANGUAGES:
        errors["language"] = [_("Choose English, Simplified or Traditional Chinese.")]
    values["language"] = language
    values["texts"] = _texts_clean(data, errors)
    values["sites"] = _sites_clean(data.get("sites"), errors)
    values["facts"] = _facts_clean(data, errors)
    values["contacts"] = _contacts_clean(data.get("contacts"), errors)
    comparison = data.get("comparison")
    values["comparison"] = None
    if comparison not in (None, ""):
        place = CostPlace.objects.filter(
            pk=int(str(comparison)) if str(comparison).isdigit() else 0, region__isnull=True
        ).first()
        if place is None:
            errors["comparison"] = [_("Choose a place from the list.")]
        values["comparison"] = place
    expires = data.get("expires_on")
    values["expires_on"] = None
    if expires not in (None, ""):
        try:
            day = (
                expires
                if isinstance(expires, datetime.date)
                else datetime.date.fromisoformat(str(expires))
            )
        except ValueError:
            errors["expires_on"] = [_("Enter a date as YYYY-MM-DD.")]
        else:
            today = timezone.localdate()
            if not today < day <= today + datetime.timedelta(days=LONGEST_DAYS):
                errors["expires_on"] = [
                    _("The link must stay valid for at least a day and at most a year.")
                ]
            values["expires_on"] = day
    if errors:
        raise ValidationError(errors)
    return values


def proposal_defaults(lead: Lead, actor: User) -> dict[str, Any]:
    """A new draft's values, from what the lead already says: its best sites, its figures,
    its officers as contacts, the center's telephone, a link valid for sixty days."""
    from zhaoshang.core.selectors import site_settings_current
    from zhaoshang.sites.matching.selectors import lead_matches

    center = site_settings_current()
    # The best sites that meet the hard needs and are not held for another lead.
    matches = [
        m
        for m in lead_matches(lead, limit=10)
        if m.result.meets_hard and (m.hold is None or m.hold.lead_id == lead.pk)
    ][:3]
    officers = list(lead.officers.order_by("username")) or [actor]
    language = {"HK": "zh-hant", "TW": "zh-hant", "MO": "zh-hant", "CN": "zh-hans"}.get(
        lead.origin, "en"
    )
    greeting: dict[str, str] = {}
    for code, suffix in SUFFIXES.items():
        with translation.override(code):
            greeting[f"greeting_{suffix}"] = _(
                "Thank you for considering %(place)s for %(company)s. This proposal sets out "
                "the sites that meet your needs, the support you may qualify for, the costs "
                "and the people who will help you."
            ) % {
                "place": center.city or center.center_name,
                # "Co., Ltd." would end the sentence with two full stops.
                "company": lead.company.rstrip("."),
            }
    industry = lead.industry_id or ""
    return {
        "language": language,
        "texts": greeting,
        "sites": [{"kind": m.result.kind, "id": m.result.id} for m in matches],
        "facts": {
            "industry_code": industry if len(industry) == 4 else "",
            "investment_wan": None
            if lead.investment_10k_yuan is None
            else str(lead.investment_10k_yuan),
            "jobs": lead.jobs,
            "revenue_wan": None,
            "high_tech": False,
        },
        "contacts": [
            {
                "name": o.display_name,
                "role": "",
                "phone": phone_display(center.phone),
                "email": o.email,
                "wechat": "",
            }
            for o in officers[:CONTACTS_MAX]
        ],
        "comparison": CostPlace.objects.filter(region__isnull=True).order_by("slug").first()
        if lead.origin == "VN"
        else None,
        "expires_on": timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS),
    }


def proposal_create(
    *,
    actor: User,
    lead: Lead,
    values: Mapping[str, Any] | None = None,
    previous: Proposal | None = None,
) -> Proposal:
    """A draft for ``lead``: the values given (checked), else the defaults; a new version
    of ``previous`` starts from its values."""
    may_work(actor, lead)
    if previous is not None:
        if previous.lead_id != lead.pk:
            raise ValidationError({"previous": [_("That proposal belongs to another lead.")]})
        base = {
            "language": previous.language,
            "texts": dict(previous.texts),
            "sites": list(previous.sites),
            "facts": dict(previous.facts),
            "contacts": list(previous.contacts),
            "comparison": previous.comparison,
            "expires_on": timezone.localdate() + datetime.timedelta(days=DEFAULT_DAYS),
        }
    else:
        base = proposal_defaults(lead, actor)
    if values is not None:
        base.update(proposal_values_clean(values))
    with transaction.atomic():
        number = (
            Proposal.objects.filter(lead=lead)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
            or 0
        ) + 1
        proposal = Proposal.objects.create(
            lead=lead, previous=previous, number=number, created_by=actor, **base
        )
        audit_create(actor=actor, instance=proposal)
        if previous is not None:
            attachments_copy(source=previous, target=proposal)
    return proposal


def proposal_update(*, actor: User, proposal: Proposal, values: Mapping[str, Any]) -> Proposal:
    may_work(actor, proposal.lead)
    cleaned = proposal_values_clean(values)
    with transaction.atomic():
        current = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if current.status != Proposal.Status.DRAFT:
            raise ValidationError(
                {"status": [_("A sent proposal does not change; start a new version.")]}
            )
        before = snapshot(current)
        for name, value in cleaned.items():
            setattr(current, name, value)
        current.updated_at = timezone.now()
        current.save()
        audit_update(actor=actor, instance=current, before=before)
    return current


def _send_problems(proposal: Proposal) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if proposal.status != Proposal.Status.DRAFT:
        errors["status"] = [_("This proposal was sent already; start a new version.")]
    if not proposal.sites:
        errors["sites"] = [_("Choose at least one site before sending.")]
    if not any(str(c.get("name", "")).strip() for c in proposal.contacts or []):
        errors["contacts_0_name"] = [_("Give at least one person to contact before sending.")]
    if proposal.expires_on is None or proposal.expires_on <= timezone.localdate():
        errors["expires_on"] = [_("Give the date the link stays valid until.")]
    return errors


def proposal_send(*, actor: User, proposal: Proposal) -> tuple[Proposal, str]:
    """Freeze what the investor sees and make the link. Returns the proposal and the token,
    which is shown this once: only its digest is kept."""
    may_work(actor, proposal.lead)
    with transaction.atomic():
        current = (
            # Only the proposal's row is locked: PostgreSQL refuses FOR UPDATE on the
            # nullable side of the join to the comparison place.
            Proposal.objects.select_for_update(of=("self",))
            .select_related("lead", "comparison")
            .get(pk=proposal.pk)
        )
        errors = _send_problems(current)
        if errors:
            raise ValidationError(errors)
        before = snapshot(current)
        token, digest = token_new()
        current.snapshot = proposal_content(current)
        current.token_hash = digest
        current.status = Proposal.Status.SENT
        current.sent_at = timezone.now()
        current.sent_by = actor
        current.updated_at = current.sent_at
        current.save()
        audit_update(actor=actor, instance=current, before=before)
        if current.previous_id:
            # The version it replaces stops answering: the investor follows the new link.
            Proposal.objects.filter(pk=current.previous_id, status=Proposal.Status.SENT).update(
                status=Proposal.Status.REVOKED, revoked_at=current.sent_at
            )
    return current, token


def proposal_revoke(*, actor: User, proposal: Proposal) -> Proposal:
    may_work(actor, proposal.lead)
    with transaction.atomic():
        current = Proposal.objects.select_for_update().get(pk=proposal.pk)
        if current.status != Proposal.Status.SENT:
            raise ValidationError({"status": [_("Only a sent proposal can be revoked.")]})
        before = snapshot(current)
        current.status = Proposal.Status.REVOKED
        current.revoked_at = timezone.now()
        current.save(update_fields=["status", "revoked_at"])
        audit_update(actor=actor, instance=current, before=before)
    return current


def _lead_note(lead: Lead, summary: str, participants: str = "") -> Activity:
    """A line on the lead's timeline written by the system (no officer)."""
    now = timezone.now()
    activity = Activity.objects.create(
        lead=lead,
        kind=Activity.Kind.NOTE,
        occurred_on=timezone.localdate(),
        summary=summary,
        participants=participants[:300],
        owner=None,
    )
    Lead.objects.filter(pk=lead.pk).exclude(last_activity_at__gte=now).update(last_activity_at=now)
    return activity


def _officers(lead: Lead) -> list[User]:
    officers = list(lead.officers.filter(is_active=True))
    if not officers and lead.created_by is not None:
        officers = [lead.created_by]
    return officers


def _lead_language(lead: Lead) -> str:
    officers = _officers(lead)
    return officers[0].language if officers and officers[0].language else settings.LANGUAGE_CODE


def proposal_viewed(*, proposal: Proposal) -> bool:
    """Count a view of the investor's page; the first one goes on the lead's timeline and
    to its officers. True for the first view."""
    now = timezone.now()
    with transaction.atomic():
        first = (
            Proposal.objects.filter(pk=proposal.pk, first_viewed_at__isnull=True).update(
                first_viewed_at=now, last_viewed_at=now, view_count=F("view_count") + 1
            )
            == 1
        )
        if not first:
            Proposal.objects.filter(pk=proposal.pk).update(
                last_viewed_at=now, view_count=F("view_count") + 1
            )
            return False
        lead = proposal.lead
        with translation.override(_lead_language(lead)):
            _lead_note(
                lead,
                _("The investor opened proposal version %(number)s for the first time.")
                % {"number": proposal.number},
            )
        notification_send_bulk(
            users=_officers(lead),
            kind=notices.KIND,
            message=notices.FIRST_VIEW,
            params={"company": lead.company, "number": proposal.number},
            url=reverse("leads-detail", args=[lead.pk]),
            key=f"proposal-first-view:{proposal.pk}",
        )
    return True


def answer_submit(
    *,
    proposal: Proposal,
    kind: str,
    name: str = "",
    message: str = "",
    visit_dates: list[datetime.date] | None = None,
    site: str = "",
) -> ProposalAnswer:
    """The investor's answer: kept as text, an activity on the lead, a notification to its
    officers."""
    errors: dict[str, list[str]] = {}
    if not proposal.is_live:
        raise ValidationError({"proposal": [_("This proposal no longer takes answers.")]})
    if kind not in ProposalAnswer.Kind.values:
        errors["kind"] = [_("Choose what you are telling us.")]
    message = (message or "").strip()
    name = (name or "").strip()
    if len(message) > ANSWER_MAX:
        errors["message"] = [
            _("Your message is too long: at most %(count)s characters, this one has %(length)s.")
            % {"count": f"{ANSWER_MAX:,}", "length": f"{len(message):,}"}
        ]
    elif text_problem(message, multiline=True):
        errors["message"] = [text_problem(message, multiline=True) or ""]
    if len(name) > 120:
        errors["name"] = [_("At most %(count)s characters.") % {"count": 120}]
    elif text_problem(name):
        errors["name"] = [text_problem(name) or ""]
    dates = sorted(set(visit_dates or []))[:3]
    today = timezone.localdate()
    if kind == ProposalAnswer.Kind.VISIT:
        if not dates:
            errors["visit_dates"] = [_("Give at least one date for the visit.")]
        elif any(d < today or d > today + datetime.timedelta(days=LONGEST_DAYS) for d in dates):
            errors["visit_dates"] = [_("Give dates from today to a year ahead.")]
    keys = list((proposal.snapshot or {}).get("sites", []))
    if kind == ProposalAnswer.Kind.INTEREST and site not in keys:
        errors["site"] = [_("Choose one of the sites of this proposal.")]
    if kind == ProposalAnswer.Kind.QUESTION and not message:
        errors["message"] = [_("Write your question.")]
    if errors:
        raise ValidationError(errors)
    lead = proposal.lead
    with transaction.atomic():
        answer = ProposalAnswer.objects.create(
            proposal=proposal,
            kind=kind,
            name=name,
            message=message,
            visit_dates=[d.isoformat() for d in dates],
            site=site if kind == ProposalAnswer.Kind.INTEREST else "",
        )
        audit_create(actor=None, instance=answer)
        with translation.override(_lead_language(lead)):
            text = _answer_text(answer)
            _lead_note(lead, text, participants=name)
        notification_send_bulk(
            users=_officers(lead),
            kind=notices.KIND,
            message=notices.ANSWERED,
            params={"company": lead.company, "text": text[:500]},
            url=reverse("leads-detail", args=[lead.pk]),
        )
    return answer


def _answer_text(answer: ProposalAnswer) -> str:
    head = {
        ProposalAnswer.Kind.QUESTION: _(
            "The investor asked a question on proposal version %(number)s."
        ),
        ProposalAnswer.Kind.VISIT: _(
            "The investor proposed dates for a site visit (proposal version %(number)s): %(dates)s."
        ),
        ProposalAnswer.Kind.INTEREST: _(
            "The investor is interested in %(site)s (proposal version %(number)s)."
        ),
    }[ProposalAnswer.Kind(answer.kind)]
    names = {
        s["key"]: s["name"]
        for s in (
            (answer.proposal.snapshot or {})
            .get("languages", {})
            .get(translation.get_language() or "en", {})
            .get("sites", [])
        )
    }
    text = head % {
        "number": answer.proposal.number,
        "dates": ", ".join(answer.visit_dates),
        "site": names.get(answer.site, answer.site),
    }
    return f"{text}\n\n{answer.message}" if answer.message else text


# --- cost tables -----------------------------------------------------------------------


def cost_figure_save(
    *, actor: User, place: CostPlace, item: str, value: Any, valid_from: Any, source: str
) -> CostFigure:
    """Add a dated figure to a place's table (a figure of the same item and day is
    replaced)."""
    errors: dict[str, list[str]] = {}
    if item not in CostItem.values:
        errors["item"] = [_("Choose an item from the list.")]
    number = _decimal(errors, "value", value, 10_000_000)
    if number is None and "value" not in errors:
        errors["value"] = [_("Enter the figure.")]
    try:
        day = (
            valid_from
            if isinstance(valid_from, datetime.date)
            else datetime.date.fromisoformat(str(valid_from))
        )
    except ValueError:
        errors["valid_from"] = [_("Enter a date as YYYY-MM-DD.")]
        day = None
    source = (source or "").strip()
    if not source:
        errors["source"] = [_("Say where the figure comes from.")]
    elif len(source) > 300 or text_problem(source):
        errors["source"] = [
            text_problem(source) or _("At most %(count)s characters.") % {"count": 300}
        ]
    if errors:
        raise ValidationError(errors)
    assert day is not None
    assert number is not None
    with transaction.atomic():
        figure = CostFigure.objects.filter(place=place, item=item, valid_from=day).first()
        if figure is None:
            figure = CostFigure.objects.create(
                place=place, item=item, value=number, valid_from=day, source=source
            )
            audit_create(actor=actor, instance=figure)
        else:
            before = snapshot(figure)
            figure.value, figure.source = number, source
            figure.save()
            audit_update(actor=actor, instance=figure, before=before)
    return figure
