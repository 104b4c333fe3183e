"""Background tasks of the leads app."""

from __future__ import annotations

import datetime
from typing import Any

from zhaoshang.core.tasks import TaskContext, task
from zhaoshang.leads.reminders import follow_up_reminders_send


@task("leads.send_follow_up_reminders", daily_at=datetime.time(8, 0))
def send_follow_up_reminders(context: TaskContext, *, day: str | None = None) -> dict[str, Any]:
    report = follow_up_reminders_send(day=datetime.date.fromisoformat(day) if day else None)
    context.progress(report.due, report.due)
    return {"due": report.due, "sent": report.sent}
