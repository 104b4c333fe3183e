"""Background work of the policies app: the push of a version, re-evaluation after the
registry changed, and reminders before a window closes."""

from __future__ import annotations

import datetime
from typing import Any

from zhaoshang.core.tasks import TaskContext, task, task_submit
from zhaoshang.policies.models import Policy, PolicyVersion
from zhaoshang.policies.push import matches_refresh, version_push
from zhaoshang.policies.reminders import policy_reminders_send
from zhaoshang.policies.snapshot import snapshot_path

# Changes to at most this many enterprises are re-evaluated at once; more go to the worker.
REFRESH_INLINE_LIMIT = 50


@task("policies.push", time_limit=2 * 60 * 60)
def push(context: TaskContext, *, version_id: int) -> dict[str, Any]:
    version = PolicyVersion.objects.get(pk=version_id)
    report = version_push(version, progress=lambda done, total: context.progress(done, total))
    return {
        "eligible": report.eligible,
        "possibly_eligible": report.possibly_eligible,
        "notified": report.notified,
    }


@task("policies.refresh", time_limit=2 * 60 * 60)
def refresh(context: TaskContext, *, enterprise_ids: list[int] | None = None) -> dict[str, Any]:
    report = matches_refresh(enterprise_ids)
    return {"eligible": report.eligible, "possibly_eligible": report.possibly_eligible}


@task("policies.send_reminders", daily_at=datetime.time(8, 0))
def send_reminders(context: TaskContext, *, day: str | None = None) -> dict[str, Any]:
    today = datetime.date.fromisoformat(day) if day else None
    return {"sent": policy_reminders_send(today=today)}


@task("policies.snapshot", time_limit=60 * 60)
def snapshot(context: TaskContext) -> dict[str, Any]:
    """Build the preview snapshot ahead of the next preview (after an import)."""
    return {"path": str(snapshot_path())}


def follow_enterprise_changes(
    sender: object, *, enterprise_ids: list[int] | None = None, **kwargs: Any
) -> None:
    """Re-evaluate open policies for changed enterprises: a few at once, many (an import)
    in the background."""
    if enterprise_ids is None:
        task_submit("policies.snapshot", actor=None)
    if not Policy.objects.filter(status=Policy.Status.OPEN, versions__isnull=False).exists():
        return
    if enterprise_ids is not None and len(enterprise_ids) <= REFRESH_INLINE_LIMIT:
        matches_refresh(enterprise_ids)
    else:
        task_submit("policies.refresh", actor=None, enterprise_ids=enterprise_ids)
