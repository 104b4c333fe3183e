"""Supervision tasks (督办): a manager asks someone to settle something on a project by a
deadline; the owner and the managers reply on the task; it is resolved, or, when its
deadline passes unresolved, the daily task escalates it to the managers of the region
above the one it stands at (the county's project to the prefecture, then the province),
notified and audited. A region without a manager is passed over; at the top it stays."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.audit import audit_create, audit_update, snapshot
from zhaoshang.core.models import User
from zhaoshang.core.notifications import (
    Outgoing,
    notification_message,
    notification_send,
    notification_send_many,
)
from zhaoshang.core.text import text_check
from zhaoshang.projects.access import SUPERVISE, projects_visible_to
from zhaoshang.projects.models import Project, SupervisionReply, SupervisionTask
from zhaoshang.projects.oversight.recipients import ancestors, managers_by_region, region_parents

KIND = "project_supervision"
OPENED = "projects.supervision_opened"
ESCALATED = "projects.supervision_escalated"
REPLIED = "projects.supervision_replied"
MAX_TEXT = 5000


@notification_message(OPENED)
def _opened(params: Mapping[str, Any]) -> tuple[str, str]:
    title = _("Supervision task on %(company)s, due %(deadline)s") % {
        "company": params["company"],
        "deadline": params["deadline"],
    }
    return title, str(params.get("text", ""))


@notification_message(ESCALATED)
def _escalated(params: Mapping[str, Any]) -> tuple[str, str]:
    title = _("Escalated to you: supervision task on %(company)s, overdue since %(deadline)s") % {
        "company": params["company"],
        "deadline": params["deadline"],
    }
    return title, str(params.get("text", ""))


@notification_message(REPLIED)
def _replied(params: Mapping[str, Any]) -> tuple[str, str]:
    title = _("%(author)s replied on the supervision task on %(company)s") % {
        "author": params["author"],
        "company": params["company"],
    }
    return title, str(params.get("text", ""))


def _may_supervise(user: User, project: Project) -> bool:
    return user.has_perm(SUPERVISE) and projects_visible_to(user).filter(pk=project.pk).exists()


def _text(value: str, field: str, errors: dict[str, list[str]]) -> str:
    text_check({field: value}, multiline={field})
    value = (value or "").strip()
    if not value:
        errors[field] = [_("This field is required.")]
    elif len(value) > MAX_TEXT:
        errors[field] = [_("Keep it under %(count)s characters.") % {"count": MAX_TEXT}]
    return value


def _url(task: SupervisionTask) -> str:
    return reverse("projects-detail", args=[task.project_id]) + f"#supervision-{task.pk}"


def supervision_open(
    *, actor: User, project: Project, owner: User | None, deadline: datetime.date | None, text: str
) -> SupervisionTask:
    """Open a task; the owner is notified. Only a manager who sees the project may."""
    if not _may_supervise(actor, project):
        raise PermissionDenied(
            _("Only a manager of the project's region may open a supervision task.")
        )
    errors: dict[str, list[str]] = {}
    text = _text(text, "text", errors)
    if owner is None or not owner.is_active:
        errors["owner"] = [_("Choose an active user as the owner.")]
    elif not projects_visible_to(owner).filter(pk=project.pk).exists():
        errors["owner"] = [
            _("The owner may not see this project; choose one of its officers or managers.")
        ]
    if deadline is None:
        errors["deadline"] = [_("This field is required.")]
    elif deadline < timezone.localdate():
        errors["deadline"] = [_("The deadline may not be in the past.")]
    if errors:
        raise ValidationError(errors)
    assert owner is not None
    assert deadline is not None
    with transaction.atomic():
        task = SupervisionTask.objects.create(
            project=project,
            text=text,
            owner=owner,
            deadline=deadline,
            opened_by=actor,
            region_id=project.lead.region_id,
        )
        audit_create(actor=actor, instance=task)
        notification_send(
            user=owner,
            kind=KIND,
            message=OPENED,
            params={
                "company": project.lead.company,
                "deadline": deadline.isoformat(),
                "text": text,
            },
            url=_url(task),
            key=f"supervision-opened:{task.pk}",
        )
    return task


def supervision_reply(*, actor: User, task: SupervisionTask, text: str) -> SupervisionReply:
    """Add to the trail: the owner or a manager who sees the project; the others on the
    task (owner, opener) are notified."""
    if not (task.owner_id == actor.pk or _may_supervise(actor, task.project)):
        raise PermissionDenied(_("You may not reply on this task."))
    errors: dict[str, list[str]] = {}
    text = _text(text, "text", errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        reply = SupervisionReply.objects.create(task=task, author=actor, text=text)
        audit_create(actor=actor, instance=reply)
        others = {
            u.pk: u for u in (task.owner, task.opened_by) if u is not None and u.pk != actor.pk
        }
        for user in others.values():
            notification_send(
                user=user,
                kind=KIND,
                message=REPLIED,
                params={
                    "company": task.project.lead.company,
                    "author": actor.display_name,
                    "text": text[:2000],
                },
                url=_url(task),
                key=f"supervision-reply:{reply.pk}",
            )
    return reply


def supervision_resolve(*, actor: User, task: SupervisionTask, note: str = "") -> SupervisionTask:
    """Close the task (a manager who sees the project, or its owner), with a last reply."""
    if not (task.owner_id == actor.pk or _may_supervise(actor, task.project)):
        raise PermissionDenied(_("You may not resolve this task."))
    if task.status == SupervisionTask.Status.RESOLVED:
        raise ValidationError({"status": [_("This task is resolved already.")]})
    with transaction.atomic():
        if (note or "").strip():
            supervision_reply(actor=actor, task=task, text=note)
        current = SupervisionTask.objects.select_for_update().get(pk=task.pk)
        before = snapshot(current)
        current.status = SupervisionTask.Status.RESOLVED
        current.resolved_at = timezone.now()
        current.save(update_fields=["status", "resolved_at"])
        audit_update(actor=actor, instance=current, before=before)
    return current


def supervision_escalate(*, today: datetime.date | None = None) -> int:
    """Escalate every open task whose deadline has passed and that was not escalated for
    this deadline yet: to the nearest region above with a manager. Returns how many."""
    today = today or timezone.localdate()
    due = (
        SupervisionTask.objects.filter(status=SupervisionTask.Status.OPEN, deadline__lt=today)
        .exclude(escalated_for=F("deadline"))
        .select_related("project__lead")
    )
    tasks = list(due)
    if not tasks:
        return 0
    parents = region_parents()
    managers = managers_by_region()
    escalated = 0
    items: list[Outgoing] = []
    with transaction.atomic():
        for task in tasks:
            above = ancestors(task.region_id, parents)[1:]
            target = next((code for code in above if managers.get(code)), None)
            before = snapshot(task)
            task.escalated_for = task.deadline
            if target is not None:
                task.region_id = target
                task.escalations += 1
                escalated += 1
                for manager in managers[target]:
                    items.append(
                        Outgoing(
                            user=manager,
                            kind=KIND,
                            message=ESCALATED,
                            params={
                                "company": task.project.lead.company,
                                "deadline": task.deadline.isoformat(),
                                "text": task.text[:2000],
                            },
                            url=_url(task),
                            key=f"supervision-escalated:{task.pk}:{task.escalations}",
                        )
                    )
            task.save(update_fields=["escalated_for", "region", "escalations"])
            audit_update(actor=None, instance=task, before=before)
        notification_send_many(items)
    return escalated


def supervision_deadline_change(
    *, actor: User, task: SupervisionTask, deadline: datetime.date
) -> SupervisionTask:
    """A manager who sees the project gives an open task a new deadline (after an
    escalation, say); passing it escalates the task one region further up."""
    if not _may_supervise(actor, task.project):
        raise PermissionDenied(_("Only a manager may change the deadline."))
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": [_("The deadline may not be in the past.")]})
    with transaction.atomic():
        current = SupervisionTask.objects.select_for_update().get(pk=task.pk)
        before = snapshot(current)
        current.deadline = deadline
        current.save(update_fields=["deadline"])
        audit_update(actor=actor, instance=current, before=before)
    return current
