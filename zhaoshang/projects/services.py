"""Writes of signed projects: open one for a signed lead, fill its contract, record its
milestones. One transaction each, audited; bad input raises ValidationError naming each
field and the reason, and changes nothing. The lead's stage follows the milestones through
the leads' own stage service, so its history and audit stay whole."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.audit import audit_create, audit_update, snapshot
from zhaoshang.core.models import User
from zhaoshang.core.text import text_check
from zhaoshang.leads.models import Lead
from zhaoshang.leads.stages import RANK
from zhaoshang.projects.milestones import ORDER, POSITION, STAGE_AFTER, MilestoneKind
from zhaoshang.projects.models import Milestone, Project
from zhaoshang.sites.models import Building, Parcel

MONEY_FIELDS = (
    "investment_yuan",
    "output_yuan",
    "tax_yuan",
    "intensity_yuan_per_mu",
    "tax_per_mu_yuan",
)
CONTRACT_FIELDS = (
    "contract_on",
    "parties",
    "parcel",
    "building",
    *MONEY_FIELDS,
    "jobs",
    "land_mu",
    "is_demo",
)
MAX_MONEY = Decimal("99999999999999")  # fits max_digits=16, decimal_places=2
MAX_MU = Decimal("99999999")


def project_open(*, actor: User | None, lead: Lead) -> Project:
    """The project of ``lead``, opened now if it has none (with its six milestones)."""
    found = Project.objects.filter(lead=lead).first()
    if found is not None:
        return found
    with transaction.atomic():
        project = Project.objects.create(
            lead=lead, contract_on=lead.signed_on, land_mu=lead.land_mu, jobs=lead.jobs
        )
        Milestone.objects.bulk_create(Milestone(project=project, kind=kind) for kind in ORDER)
        audit_create(actor=actor, instance=project)
    return project


def decimal_or_none(value: Any) -> Decimal | None:
    """A number from a form, the API or a file cell; ValueError when it is none."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        number = value
    else:
        try:
            number = Decimal(str(value).strip().replace(",", "").replace("，", ""))
        except InvalidOperation:
            raise ValueError(value) from None
    if not number.is_finite():
        raise ValueError(value)
    return number


def number_problem(
    value: Any, *, whole: bool = False, limit: Decimal = MAX_MONEY
) -> tuple[Decimal | None, str | None]:
    """(the number, None) or (None, why it is refused)."""
    try:
        number = decimal_or_none(value)
    except ValueError:
        return None, _("Give a number.")
    if number is None:
        return None, None
    if number < 0:
        return None, _("May not be negative.")
    if number > limit:
        return None, _("Too large.")
    if whole and number != number.to_integral_value():
        return None, _("Give a whole number.")
    if not whole and number != number.quantize(Decimal("0.01")):
        return None, _("Give at most two decimals.")
    return number, None


def _contract_clean(raw: Mapping[str, Any], project: Project) -> dict[str, Any]:
    unknown = sorted(set(raw) - set(CONTRACT_FIELDS))
    if unknown:
        raise ValidationError({name: _("This is not a contract field.") for name in unknown})
    text_check({"parties": raw.get("parties") or ""})
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    today = timezone.localdate()
    contract_on = raw.get("contract_on")
    if contract_on is not None and not isinstance(contract_on, datetime.date):
        errors["contract_on"] = [_("Give a date.")]
    elif contract_on is not None and contract_on > today:
        errors["contract_on"] = [_("The contract date may not be in the future.")]
    values["contract_on"] = contract_on
    parties = str(raw.get("parties") or "").strip()
    if len(parties) > 500:
        errors["parties"] = [_("Keep it under 500 characters.")]
    values["parties"] = parties
    for name in MONEY_FIELDS:
        values[name], problem = number_problem(raw.get(name))
        if problem:
            errors[name] = [problem]
    values["land_mu"], problem = number_problem(raw.get("land_mu"), limit=MAX_MU)
    if problem:
        errors["land_mu"] = [problem]
    jobs, problem = number_problem(raw.get("jobs"), whole=True, limit=Decimal(2**31 - 1))
    values["jobs"] = None if jobs is None else int(jobs)
    if problem:
        errors["jobs"] = [problem]
    for name, model in (("parcel", Parcel), ("building", Building)):
        given = str(raw.get(name) or "").strip()
        values[name] = None
        if given:
            values[name] = model.objects.filter(pk=int(given)).first() if given.isdigit() else None
            if values[name] is None:
                errors[name] = [_("There is no such site.")]
    values["is_demo"] = bool(raw.get("is_demo", project.is_demo))
    if contract_on is not None and not errors.get("contract_on"):
        reached = (
            project.milestones.filter(actual_on__lt=contract_on).exclude(actual_on=None).first()
            if project.pk
            else None
        )
        if reached is not None:
            errors["contract_on"] = [
                _("%(milestone)s was reached on %(date)s, before this contract date.")
                % {"milestone": reached.get_kind_display(), "date": reached.actual_on}
            ]
    if errors:
        raise ValidationError(errors)
    return values


def project_contract_save(
    *,
    actor: User | None,
    project: Project,
    values: Mapping[str, Any],
    planned: Mapping[str, datetime.date | None] | None = None,
) -> Project:
    """Set the contract's terms (every field of CONTRACT_FIELDS given) and, when given, the
    promised date of each milestone (by kind)."""
    fields = _contract_clean(values, project)
    errors: dict[str, list[str]] = {}
    if planned is not None:
        errors.update(_planned_problems(planned, fields["contract_on"]))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = Project.objects.select_for_update().get(pk=project.pk)
        before = snapshot(current)
        for name, value in fields.items():
            setattr(current, name, value)
        current.updated_at = timezone.now()
        current.save()
        audit_update(actor=actor, instance=current, before=before)
        if planned is not None:
            for milestone in current.milestones.select_for_update():
                if milestone.kind in planned and milestone.planned_on != planned[milestone.kind]:
                    was = snapshot(milestone)
                    milestone.planned_on = planned[milestone.kind]
                    milestone.save(update_fields=["planned_on"])
                    audit_update(actor=actor, instance=milestone, before=was)
    return current


def _planned_problems(
    planned: Mapping[str, datetime.date | None], contract_on: datetime.date | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    previous: tuple[str, datetime.date] | None = None
    for kind in ORDER:
        day = planned.get(kind)
        if day is None:
            continue
        field = f"planned_{kind}"
        label = MilestoneKind(kind).label
        if contract_on is not None and day < contract_on:
            errors[field] = [
                _("%(milestone)s: the promised date %(date)s is before the contract date.")
                % {"milestone": label, "date": day}
            ]
        elif previous is not None and day < previous[1]:
            errors[field] = [
                _("%(milestone)s: the promised date %(date)s is before that of %(earlier)s.")
                % {"milestone": label, "date": day, "earlier": MilestoneKind(previous[0]).label}
            ]
        previous = (kind, day)
    return errors


def milestone_actual_problems(
    project: Project, actual: Mapping[str, datetime.date | None], today: datetime.date
) -> dict[str, list[str]]:
    """Why the actual dates ``actual`` (by kind; the others as recorded) may not stand: in
    the future, before the contract, or out of the milestones' order."""
    recorded = dict(project.milestones.values_list("kind", "actual_on"))
    dates = {kind: actual.get(kind, recorded.get(kind)) for kind in ORDER}
    errors: dict[str, list[str]] = {}
    for kind in actual:
        day = dates[kind]
        if day is None:
            continue
        field = f"actual_{kind}"
        label = MilestoneKind(kind).label
        if day > today:
            errors[field] = [
                _("%(milestone)s: the date %(date)s is in the future; record it when it happens.")
                % {"milestone": label, "date": day}
            ]
        elif project.contract_on is None:
            errors[field] = [_("Enter the contract date before the milestones' actual dates.")]
        elif day < project.contract_on:
            errors[field] = [
                _("%(milestone)s: the date %(date)s is before the contract date (%(contract)s).")
                % {"milestone": label, "date": day, "contract": project.contract_on}
            ]
        else:
            for other in ORDER:
                other_day = dates[other]
                if other == kind or other_day is None:
                    continue
                before_other = POSITION[other] < POSITION[kind] and day < other_day
                after_other = POSITION[other] > POSITION[kind] and day > other_day
                if before_other or after_other:
                    message = (
                        _("%(milestone)s: the date %(date)s is before %(other)s (%(other_date)s).")
                        if before_other
                        else _(
                            "%(milestone)s: the date %(date)s is after %(other)s "
                            "(%(other_date)s), which comes later."
                        )
                    )
                    errors[field] = [
                        message
                        % {
                            "milestone": label,
                            "date": day,
                            "other": MilestoneKind(other).label,
                            "other_date": other_day,
                        }
                    ]
                    break
    return errors


def milestones_record(
    *,
    actor: User | None,
    project: Project,
    actual: Mapping[str, datetime.date | None],
    planned: Mapping[str, datetime.date | None] | None = None,
) -> Project:
    """Record the actual dates (by kind; None clears one) and, when given, promised dates.
    Reaching construction moves the lead to "under construction", production to "operating"
    (forward only)."""
    unknown = sorted((set(actual) | set(planned or {})) - set(ORDER))
    if unknown:
        raise ValidationError({name: _("This is not a milestone.") for name in unknown})
    today = timezone.localdate()
    errors = milestone_actual_problems(project, actual, today)
    if planned is not None:
        merged = dict(project.milestones.values_list("kind", "planned_on"))
        merged.update(planned)
        errors.update(_planned_problems(merged, project.contract_on))
    if errors:
        raise ValidationError(errors)
    reached: list[str] = []
    with transaction.atomic():
        for milestone in project.milestones.select_for_update():
            was = snapshot(milestone)
            if milestone.kind in actual and milestone.actual_on != actual[milestone.kind]:
                if milestone.actual_on is None:
                    reached.append(milestone.kind)
                milestone.actual_on = actual[milestone.kind]
                milestone.recorded_by = actor
            if planned is not None and milestone.kind in planned:
                milestone.planned_on = planned[milestone.kind]
            if snapshot(milestone) != was:
                milestone.save()
                audit_update(actor=actor, instance=milestone, before=was)
        _lead_follows(actor=actor, project=project, reached=reached)
        Project.objects.filter(pk=project.pk).update(updated_at=timezone.now())
    project.refresh_from_db()
    return project


def _lead_follows(*, actor: User | None, project: Project, reached: list[str]) -> None:
    from zhaoshang.leads.services import lead_move

    for kind in sorted(reached, key=POSITION.__getitem__):
        target = STAGE_AFTER.get(kind)
        if target is None:
            continue
        lead = Lead.objects.get(pk=project.lead_id)
        if RANK.get(lead.stage, -1) >= RANK[target]:
            continue
        lead_move(
            actor=actor,
            lead=lead,
            version=lead.version,
            stage=target,
            # No reason: stored text would stay in one language; the milestone's own
            # audit event, at the same moment, says what moved the lead.
        )
