"""Writes of transformation projects: recorded by an officer (confirmed at once), proposed
by an enterprise user from My enterprise (pending until an officer confirms), confirmed or
rejected. Each write checks every field first and names the ones refused; audited."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.audit import audit_create, audit_update, snapshot
from zhaoshang.core.models import User
from zhaoshang.core.text import text_check
from zhaoshang.projects.models import MaturityLevel, TransformationProject
from zhaoshang.registry.models import Enterprise

FIELDS = (
    "kind",
    "title",
    "description",
    "investment_yuan",
    "equipment",
    "started_on",
    "completed_on",
    "subsidy_yuan",
    "level_before",
    "level_after",
)
MAX_MONEY = Decimal("1e14")
Status = TransformationProject.Status


def transformation_problems(
    values: Mapping[str, Any], *, today: datetime.date | None = None
) -> dict[str, list[str]]:
    """Every problem of ``values`` by field (empty when they may be written)."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}

    def refuse(name: str, reason: str) -> None:
        errors.setdefault(name, []).append(reason)

    if values.get("kind") not in TransformationProject.Kind.values:
        refuse("kind", _("Choose technological or digital transformation."))
    title = (values.get("title") or "").strip()
    if not title:
        refuse("title", _("Name the project."))
    elif len(title) > 200:
        refuse("title", _("At most 200 characters."))
    if len(values.get("equipment") or "") > 500:
        refuse("equipment", _("At most 500 characters."))
    if len(values.get("description") or "") > 5000:
        refuse("description", _("At most 5,000 characters."))
    for name in ("investment_yuan", "subsidy_yuan"):
        amount = values.get(name)
        if amount is None:
            continue
        if not isinstance(amount, Decimal) or not amount.is_finite():
            refuse(name, _("Give an amount in yuan."))
        elif amount < 0:
            refuse(name, _("An amount cannot be negative."))
        elif amount >= MAX_MONEY:
            refuse(name, _("This number is too large."))
    investment, subsidy = values.get("investment_yuan"), values.get("subsidy_yuan")
    if (
        isinstance(investment, Decimal)
        and isinstance(subsidy, Decimal)
        and "investment_yuan" not in errors
        and "subsidy_yuan" not in errors
        and subsidy > investment
    ):
        refuse("subsidy_yuan", _("The subsidy cannot exceed the investment."))
    started, completed = values.get("started_on"), values.get("completed_on")
    if completed and completed > today:
        refuse(
            "completed_on",
            _("A project is completed on a day that has come: leave the end empty until then."),
        )
    if started and completed and completed < started:
        refuse("completed_on", _("The end is before the start."))
    before, after = values.get("level_before"), values.get("level_after")
    if values.get("kind") != TransformationProject.Kind.DIGITAL and (before or after):
        refuse("level_after", _("Maturity levels belong to digital transformation only."))
    if before and after and after.rank < before.rank:
        refuse("level_after", _("The level after cannot be below the level before."))
    try:
        text_check(
            {n: values.get(n) or "" for n in ("title", "equipment", "description")},
            multiline=("description",),
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    return errors


def _clean(values: Mapping[str, Any]) -> dict[str, Any]:
    clean = {name: values.get(name) for name in FIELDS}
    for name in ("title", "equipment", "description"):
        clean[name] = (clean[name] or "").strip()
    return clean


def transformation_record(
    *,
    actor: User | None,
    enterprise: Enterprise,
    values: Mapping[str, Any],
    proposed: bool = False,
    is_demo: bool = False,
) -> TransformationProject:
    """A new project: confirmed at once when an officer records it, pending when an
    enterprise user proposes it."""
    errors = transformation_problems(values)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        project = TransformationProject.objects.create(
            enterprise=enterprise,
            proposed_by=actor,
            status=Status.PENDING if proposed else Status.CONFIRMED,
            decided_by=None if proposed else actor,
            decided_at=None if proposed else now,
            is_demo=is_demo,
            created_at=now,
            updated_at=now,
            **_clean(values),
        )
        audit_create(actor=actor, instance=project)
    return project


def transformation_update(
    *, actor: User | None, project: TransformationProject, values: Mapping[str, Any]
) -> TransformationProject:
    errors = transformation_problems(values)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = TransformationProject.objects.select_for_update().get(pk=project.pk)
        before = snapshot(current)
        for name, value in _clean(values).items():
            setattr(current, name, value)
        current.updated_at = timezone.now()
        current.save()
        audit_update(actor=actor, instance=current, before=before)
    return current


def transformation_decide(
    *, actor: User | None, project: TransformationProject, confirm: bool
) -> TransformationProject:
    """An officer confirms (it counts from now on) or rejects a proposed project."""
    with transaction.atomic():
        current = TransformationProject.objects.select_for_update().get(pk=project.pk)
        if current.status != Status.PENDING:
            raise ValidationError(
                {"status": [_("This project is no longer waiting for a decision.")]}
            )
        before = snapshot(current)
        current.status = Status.CONFIRMED if confirm else Status.REJECTED
        current.decided_by = actor
        current.decided_at = timezone.now()
        current.updated_at = current.decided_at
        current.save()
        audit_update(actor=actor, instance=current, before=before)
    return current


def level_by_rank() -> dict[int, MaturityLevel]:
    return {level.rank: level for level in MaturityLevel.objects.all()}
