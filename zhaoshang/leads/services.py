"""Writes of leads: create, edit (with optimistic locking), move between stages, log
activities and close follow-ups. One transaction each, audited. Bad input raises
ValidationError naming each field and the reason, and changes nothing."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.audit import audit_create, audit_fields_changed, audit_update, snapshot
from zhaoshang.core.models import User
from zhaoshang.core.text import text_check
from zhaoshang.leads.currency import currency_normalise, in_yuan, rate_on
from zhaoshang.leads.errors import LeadConflict
from zhaoshang.leads.matching import company_key
from zhaoshang.leads.models import Activity, Lead, SiteKind, StageChange
from zhaoshang.leads.origins import ORIGINS
from zhaoshang.leads.signals import lead_moved
from zhaoshang.leads.stages import NEEDS_AMOUNT, NEEDS_REASON, RANK, SIGNED_STAGES, Stage
from zhaoshang.registry.models import Enterprise, Industry, Region

# What a lead's form, the API and enquiry conversion may set.
LEAD_FIELDS = (
    "company",
    "enterprise",
    "origin",
    "origin_detail",
    "industry",
    "product",
    "investment_amount",
    "investment_currency",
    "land_mu",
    "building_m2",
    "power_kva",
    "jobs",
    "expected_start",
    "site_kind",
    "preferred_counties",
    "budget_yuan",
    "needed_by",
    "source",
    "officers",
    "region",
    "confidential",
    "notes",
)
_NUMBERS = ("investment_amount", "land_mu", "building_m2", "power_kva", "budget_yuan")


def _required(errors: dict[str, list[str]], name: str) -> None:
    errors.setdefault(name, []).append(_("This field is required."))


def lead_values_clean(
    raw: Mapping[str, Any], *, created_on: datetime.date, stage: str = Stage.LEAD
) -> tuple[dict[str, Any], list[User]]:
    """Check every lead field; return the model values and the assigned officers.

    ``region`` and ``industry`` are codes, ``enterprise`` an id, ``officers`` user ids.
    """
    unknown = sorted(set(raw) - set(LEAD_FIELDS))
    if unknown:
        raise ValidationError({name: _("This is not a lead field.") for name in unknown})
    text_check(raw, multiline={"notes"})
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    company = str(raw.get("company") or "").strip()
    if not company:
        _required(errors, "company")
    values["company"] = company
    values["company_key"] = company_key(company)
    for name in ("origin_detail", "product", "notes"):
        values[name] = str(raw.get(name) or "").strip()
    origin = str(raw.get("origin") or "").strip().upper()
    if origin not in ORIGINS:
        errors["origin"] = [_("Choose a country or region from the list.")]
    values["origin"] = origin
    source = str(raw.get("source") or "")
    if source not in Lead.Source.values:
        errors["source"] = [_("Choose a source from the list.")]
    values["source"] = source
    values["confidential"] = bool(raw.get("confidential"))

    region = Region.objects.filter(code=str(raw.get("region") or "")).first()
    if region is None:
        _required(errors, "region")
    elif region.level != Region.Level.COUNTY:
        errors["region"] = [_("Choose a county-level region (such as Sihui, 441284).")]
    values["region"] = region
    industry_code = str(raw.get("industry") or "")
    values["industry"] = None
    if industry_code:
        industry = Industry.objects.filter(code=industry_code).first()
        if industry is None or industry.kind != Industry.Kind.DIVISION:
            errors["industry"] = [_("Choose a GB/T 4754 division (two digits, such as 39).")]
        values["industry"] = industry
    enterprise_id = raw.get("enterprise")
    values["enterprise"] = None
    if enterprise_id:
        values["enterprise"] = Enterprise.objects.filter(pk=enterprise_id).first()
        if values["enterprise"] is None:
            errors["enterprise"] = [_("There is no such enterprise in the registry.")]

    for name in _NUMBERS:
        number = raw.get(name)
        if number in (None, ""):
            values[name] = None
            continue
        number = Decimal(str(number))
        if number < 0 or (name == "investment_amount" and number == 0):
            errors[name] = [_("Give a positive number.")]
        values[name] = number
    jobs = raw.get("jobs")
    values["jobs"] = None if jobs is None or jobs == "" else int(str(jobs))
    if values["jobs"] is not None and values["jobs"] < 0:
        errors["jobs"] = [_("Give a positive number.")]

    values["investment_rate"] = values["investment_yuan"] = None
    try:
        currency = currency_normalise(str(raw.get("investment_currency") or "CNY"))
        rate = rate_on(currency, timezone.localdate())
    except ValidationError as exc:
        errors.update(exc.message_dict)
        currency, rate = "", None
    values["investment_currency"] = currency
    if rate is not None and values["investment_amount"] is not None:
        values["investment_rate"] = rate
        values["investment_yuan"] = in_yuan(values["investment_amount"], rate)
    if stage in NEEDS_AMOUNT and values["investment_amount"] is None:
        errors.setdefault("investment_amount", []).append(
            _("A signed project needs its investment amount.")
        )

    start = raw.get("expected_start")
    values["expected_start"] = start or None
    if start and start < created_on:
        errors["expected_start"] = [
            _("The expected start (%(start)s) is before the lead was created (%(created)s).")
            % {"start": start.isoformat(), "created": created_on.isoformat()}
        ]
    _site_needs_clean(raw, values, errors, created_on=created_on)
    officer_ids = [int(pk) for pk in raw.get("officers") or ()]
    officers = list(User.objects.filter(pk__in=officer_ids, is_active=True))
    if len(officers) != len(set(officer_ids)):
        errors["officers"] = [_("One of the officers does not exist or is inactive.")]
    if errors:
        raise ValidationError(errors)
    return values, officers


def _site_needs_clean(
    raw: Mapping[str, Any],
    values: dict[str, Any],
    errors: dict[str, list[str]],
    *,
    created_on: datetime.date,
) -> None:
    """The kind of site wanted, preferred counties and the date needed."""
    kind = str(raw.get("site_kind") or SiteKind.EITHER)
    if kind not in SiteKind.values:
        errors["site_kind"] = [_("Choose land, building or either.")]
    values["site_kind"] = kind
    codes = raw.get("preferred_counties") or []
    if isinstance(codes, str):
        codes = [c for c in codes.replace("，", ",").replace(" ", ",").split(",") if c]
    codes = list(dict.fromkeys(str(c).strip() for c in codes))
    found = dict(Region.objects.filter(code__in=codes).values_list("code", "level"))
    wrong = [c for c in codes if found.get(c) not in (Region.Level.COUNTY, Region.Level.PREFECTURE)]
    if wrong:
        errors["preferred_counties"] = [
            _("Not a county or prefecture code (GB/T 2260): %(codes)s.")
            % {"codes": ", ".join(wrong)}
        ]
    if len(codes) > 50:
        errors["preferred_counties"] = [_("Give at most 50 counties.")]
    values["preferred_counties"] = codes
    needed_by = raw.get("needed_by")
    values["needed_by"] = needed_by or None
    if needed_by and needed_by < created_on:
        errors["needed_by"] = [
            _("The date the site is needed (%(date)s) is before the lead was created.")
            % {"date": needed_by.isoformat()}
        ]


def lead_values_of(lead: Lead) -> dict[str, Any]:
    """A lead's editable values as the service takes them."""
    return {
        "company": lead.company,
        "enterprise": lead.enterprise_id,
        "origin": lead.origin,
        "origin_detail": lead.origin_detail,
        "industry": lead.industry_id or "",
        "product": lead.product,
        "investment_amount": lead.investment_amount,
        "investment_currency": lead.investment_currency,
        "land_mu": lead.land_mu,
        "building_m2": lead.building_m2,
        "power_kva": lead.power_kva,
        "jobs": lead.jobs,
        "expected_start": lead.expected_start,
        "site_kind": lead.site_kind,
        "preferred_counties": list(lead.preferred_counties),
        "budget_yuan": lead.budget_yuan,
        "needed_by": lead.needed_by,
        "source": lead.source,
        "officers": list(lead.officers.values_list("pk", flat=True)),
        "region": lead.region_id,
        "confidential": lead.confidential,
        "notes": lead.notes,
    }


def lead_create(
    *,
    actor: User | None,
    values: Mapping[str, Any],
    contacts: Iterable[Mapping[str, str]] = (),
) -> Lead:
    """A new lead in the first stage, with its contacts."""
    from zhaoshang.leads.contacts import contact_add

    now = timezone.now()
    fields, officers = lead_values_clean(values, created_on=timezone.localdate(now))
    with transaction.atomic():
        lead = Lead(**fields, created_by=actor, created_at=now, updated_at=now)
        lead.stage_changed_at = now
        lead.save()
        lead.officers.set(officers)
        audit_create(actor=actor, instance=lead)
        audit_fields_changed(
            actor=actor,
            instance=lead,
            changes={"officers": {"old": [], "new": sorted(u.username for u in officers)}},
        )
        StageChange.objects.create(
            lead=lead, from_stage="", to_stage=lead.stage, at=now, actor=actor
        )
        for contact in contacts:
            contact_add(actor=actor, lead=lead, **contact)
    return lead


def _locked(lead: Lead, version: int, yours: dict[str, Any]) -> Lead:
    """The lead, locked for this transaction; LeadConflict when ``version`` is stale."""
    current = (
        Lead.objects.select_for_update(of=("self",))
        .select_related("region", "industry")
        .get(pk=lead.pk)
    )
    if current.version != version:
        raise LeadConflict(saved=current, yours=yours, version=version)
    return current


def lead_update(*, actor: User | None, lead: Lead, version: int, values: Mapping[str, Any]) -> Lead:
    """Change a lead's fields. ``version`` is the one the caller read; if someone saved the
    lead since, LeadConflict carries both versions and nothing is written."""
    fields, officers = lead_values_clean(
        values, created_on=timezone.localdate(lead.created_at), stage=lead.stage
    )
    with transaction.atomic():
        current = _locked(lead, version, dict(values))
        before = snapshot(current)
        old_officers = sorted(current.officers.values_list("username", flat=True))
        for name, value in fields.items():
            setattr(current, name, value)
        current.version += 1
        current.updated_at = timezone.now()
        current.save()
        current.officers.set(officers)
        audit_update(actor=actor, instance=current, before=before)
        new_officers = sorted(u.username for u in officers)
        if new_officers != old_officers:
            audit_fields_changed(
                actor=actor,
                instance=current,
                changes={"officers": {"old": old_officers, "new": new_officers}},
            )
    return current


def lead_move(
    *,
    actor: User | None,
    lead: Lead,
    version: int,
    stage: str,
    reason: str = "",
    investment_amount: Decimal | None = None,
    investment_currency: str = "",
) -> Lead:
    """Move a lead to ``stage``. On hold and lost need a reason; signed and later need an
    investment amount (given here, or already on the lead)."""
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if stage not in Stage.values:
        errors["stage"] = [_("“%(stage)s” is not a stage.") % {"stage": stage}]
    elif stage == lead.stage:
        errors["stage"] = [_("The lead is in this stage already.")]
    if stage in NEEDS_REASON and not reason:
        errors["reason"] = [_("Say why the lead is %(stage)s.") % {"stage": Stage(stage).label}]
    amount_given = investment_amount is not None
    if amount_given and investment_amount is not None and investment_amount <= 0:
        errors["investment_amount"] = [_("Give a positive number.")]
    if stage in NEEDS_AMOUNT and not amount_given and lead.investment_amount is None:
        errors["investment_amount"] = [
            _("Give the investment amount before moving the lead to %(stage)s.")
            % {"stage": Stage(stage).label}
        ]
    rate = None
    currency = lead.investment_currency
    if amount_given and not errors:
        try:
            currency = currency_normalise(investment_currency or lead.investment_currency)
            rate = rate_on(currency, timezone.localdate())
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = _locked(lead, version, {"stage": stage, "reason": reason})
        before = snapshot(current)
        now = timezone.now()
        StageChange.objects.create(
            lead=current,
            from_stage=current.stage,
            to_stage=stage,
            at=now,
            reason=reason,
            days_in_from_stage=(now - current.stage_changed_at).total_seconds() / 86400,
            actor=actor,
        )
        if amount_given and rate is not None and investment_amount is not None:
            current.investment_amount = investment_amount
            current.investment_currency = currency
            current.investment_rate = rate
            current.investment_yuan = in_yuan(investment_amount, rate)
        current.stage = stage
        current.stage_changed_at = now
        if stage in RANK:
            current.furthest_rank = max(current.furthest_rank, RANK[stage])
        if stage in SIGNED_STAGES:
            current.signed_on = current.signed_on or timezone.localdate(now)
        else:
            current.signed_on = None
        current.version += 1
        current.updated_at = now
        current.save()
        audit_update(actor=actor, instance=current, before=before)
        lead_moved.send(
            sender=Lead, lead=current, actor=actor, from_stage=before["stage"], to_stage=stage
        )
    return current


# --- activities -------------------------------------------------------------------------


def activity_log(
    *,
    actor: User,
    lead: Lead,
    kind: str,
    occurred_on: datetime.date,
    summary: str,
    participants: str = "",
    next_step: str = "",
    follow_up_on: datetime.date | None = None,
) -> Activity:
    """Record a call, meeting, visit, email or note, and the follow-up it asks for."""
    text_check(
        {"kind": kind, "summary": summary, "participants": participants, "next_step": next_step},
        multiline={"summary"},
    )
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if kind not in Activity.Kind.values:
        errors["kind"] = [_("Choose a kind of activity from the list.")]
    if not (summary or "").strip():
        _required(errors, "summary")
    if occurred_on is None:
        _required(errors, "occurred_on")
    elif occurred_on > today:
        errors["occurred_on"] = [
            _(
                "The activity date is in the future; record it when it happened, or plan it "
                "as a follow-up."
            )
        ]
    if follow_up_on is not None and occurred_on is not None and follow_up_on < occurred_on:
        errors["follow_up_on"] = [
            _("The follow-up date (%(follow)s) is before the activity date (%(date)s).")
            % {"follow": follow_up_on.isoformat(), "date": occurred_on.isoformat()}
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        activity = Activity.objects.create(
            lead=lead,
            kind=kind,
            occurred_on=occurred_on,
            summary=summary.strip(),
            participants=participants.strip(),
            next_step=next_step.strip(),
            follow_up_on=follow_up_on,
            owner=actor,
        )
        audit_create(actor=actor, instance=activity)
        now = timezone.now()
        at = now if occurred_on == today else _noon(occurred_on)
        # Not an edit of the lead: its version stays, so no one's open form goes stale.
        Lead.objects.filter(pk=lead.pk).exclude(last_activity_at__gte=at).update(
            last_activity_at=at
        )
    return activity


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def activity_follow_up_done(*, actor: User, activity: Activity) -> Activity:
    """Close the follow-up of ``activity`` (it stays in the timeline)."""
    with transaction.atomic():
        current = Activity.objects.select_for_update().get(pk=activity.pk)
        if current.follow_up_on is None or current.follow_up_done_at is not None:
            return current
        before = snapshot(current)
        current.follow_up_done_at = timezone.now()
        current.save(update_fields=["follow_up_done_at"])
        audit_update(actor=actor, instance=current, before=before)
    return current
