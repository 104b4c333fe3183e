"""Aftercare: record visits to enterprises with their questionnaire, turn every issue raised
into an action with an owner and a due date, and track each action to its resolution."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.audit import audit_create, audit_update, snapshot
from zhaoshang.core.models import User
from zhaoshang.core.text import text_check
from zhaoshang.leads.models import AftercareVisit, VisitAction
from zhaoshang.leads.models.aftercare import QUESTIONS, TOPIC_CHOICES
from zhaoshang.registry.models import Enterprise

RECENT_DAYS = 30
TOPICS = {name for name, _label in TOPIC_CHOICES}


def visits_near(
    enterprise: Enterprise, day: datetime.date, *, exclude: int | None = None
) -> QuerySet[AftercareVisit]:
    """Visits to ``enterprise`` within RECENT_DAYS of ``day`` (before or after), by anyone."""
    span = datetime.timedelta(days=RECENT_DAYS)
    found = AftercareVisit.objects.filter(
        enterprise=enterprise, visited_on__gte=day - span, visited_on__lte=day + span
    ).select_related("officer")
    if exclude is not None:
        found = found.exclude(pk=exclude)
    return found.order_by("-visited_on", "-id")


def recent_visit_warning(visit: AftercareVisit) -> str:
    who = visit.officer.display_name if visit.officer else _("someone")
    if visit.department:
        who = f"{who} ({visit.department})"
    return _(
        "%(enterprise)s was visited on %(day)s by %(who)s. Two visits within %(days)s days "
        "tire a firm: check with them first, or confirm that this visit is needed."
    ) % {
        "enterprise": visit.enterprise.name,
        "day": visit.visited_on.isoformat(),
        "who": who,
        "days": RECENT_DAYS,
    }


def _action_errors(
    index: int, action: Mapping[str, Any], visited_on: datetime.date | None
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    prefix = f"actions[{index}]."
    if action.get("topic") not in TOPICS:
        errors[prefix + "topic"] = [_("Choose a topic from the list.")]
    if not str(action.get("description") or "").strip():
        errors[prefix + "description"] = [_("This field is required.")]
    if not isinstance(action.get("owner"), User):
        errors[prefix + "owner"] = [_("Every action needs an owner.")]
    due = action.get("due_on")
    if due is None:
        errors[prefix + "due_on"] = [_("Every action needs a due date.")]
    elif visited_on is not None and due < visited_on:
        errors[prefix + "due_on"] = [
            _("The due date (%(due)s) is before the visit (%(visit)s).")
            % {"due": due.isoformat(), "visit": visited_on.isoformat()}
        ]
    return errors


def visit_record(
    *,
    actor: User,
    enterprise: Enterprise,
    visited_on: datetime.date,
    answers: Mapping[str, str],
    actions: Iterable[Mapping[str, Any]] = (),
    department: str = "",
    participants: str = "",
    summary: str = "",
    confirm_recent: bool = False,
) -> AftercareVisit:
    """Record a visit and its actions. A visit within 30 days of another visit to the same
    firm is refused, naming the other visit, unless ``confirm_recent``."""
    text_check(
        {"department": department, "participants": participants, "summary": summary, **answers},
        multiline={"summary", *answers},
    )
    for number, action in enumerate(actions, start=1):
        text_check(
            {f"actions[{number}].{k}": v for k, v in action.items() if isinstance(v, str)},
            multiline={f"actions[{number}].description"},
        )
    errors: dict[str, list[str]] = {}
    unknown = sorted(set(answers) - {name for name, _label in QUESTIONS})
    for name in unknown:
        errors[name] = [_("This is not a question of the visit.")]
    if visited_on is None:
        errors["visited_on"] = [_("This field is required.")]
    elif visited_on > timezone.localdate():
        errors["visited_on"] = [
            _("A visit is recorded after it took place; the date is in the future.")
        ]
    actions = list(actions)
    for index, action in enumerate(actions):
        errors.update(_action_errors(index, action, visited_on))
    if not errors and not confirm_recent:
        earlier = visits_near(enterprise, visited_on).first()
        if earlier is not None:
            errors["confirm_recent"] = [recent_visit_warning(earlier)]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        visit = AftercareVisit.objects.create(
            enterprise=enterprise,
            visited_on=visited_on,
            department=department.strip(),
            officer=actor,
            participants=participants.strip(),
            summary=summary.strip(),
            **{name: (answers.get(name) or "").strip() for name, _label in QUESTIONS},
        )
        audit_create(actor=actor, instance=visit)
        for action in actions:
            created = VisitAction.objects.create(
                visit=visit,
                topic=action["topic"],
                description=str(action["description"]).strip(),
                owner=action["owner"],
                due_on=action["due_on"],
            )
            audit_create(actor=actor, instance=created)
    return visit


def visit_action_add(
    *, actor: User, visit: AftercareVisit, topic: str, description: str, owner: User, due_on: Any
) -> VisitAction:
    action = {"topic": topic, "description": description, "owner": owner, "due_on": due_on}
    errors = _action_errors(0, action, visit.visited_on)
    if errors:
        raise ValidationError({k.removeprefix("actions[0]."): v for k, v in errors.items()})
    with transaction.atomic():
        created = VisitAction.objects.create(
            visit=visit, topic=topic, description=description.strip(), owner=owner, due_on=due_on
        )
        audit_create(actor=actor, instance=created)
    return created


def visit_action_update(
    *,
    actor: User,
    action: VisitAction,
    status: str,
    resolution_note: str = "",
    due_on: datetime.date | None = None,
    owner: User | None = None,
) -> VisitAction:
    """Move an action along (open → in progress → resolved). Resolving needs a note saying
    how; a new due date may not be before the visit."""
    text_check(
        {"status": status, "resolution_note": resolution_note or ""},
        multiline={"resolution_note"},
    )
    errors: dict[str, list[str]] = {}
    note = (resolution_note or "").strip()
    if status not in VisitAction.Status.values:
        errors["status"] = [_("Choose a status from the list.")]
    if status == VisitAction.Status.RESOLVED and not note:
        errors["resolution_note"] = [_("Say how the issue was resolved.")]
    visited_on = action.visit.visited_on
    if due_on is not None and due_on < visited_on:
        errors["due_on"] = [
            _("The due date (%(due)s) is before the visit (%(visit)s).")
            % {"due": due_on.isoformat(), "visit": visited_on.isoformat()}
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        current = VisitAction.objects.select_for_update().get(pk=action.pk)
        before = snapshot(current)
        current.status = status
        if note:
            current.resolution_note = note
        if due_on is not None:
            current.due_on = due_on
        if owner is not None:
            current.owner = owner
        current.resolved_at = timezone.now() if status == VisitAction.Status.RESOLVED else None
        current.save()
        audit_update(actor=actor, instance=current, before=before)
    return current
