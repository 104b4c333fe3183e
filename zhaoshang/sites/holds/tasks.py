"""The daily work on holds: end those past their date, warn officers of those ending soon."""

from __future__ import annotations

import datetime
from typing import Any

from zhaoshang.core.tasks import TaskContext, task
from zhaoshang.sites.holds.services import holds_lapse, holds_warn


@task("sites.lapse_holds", daily_at=datetime.time(7, 30))
def lapse_holds(context: TaskContext, *, day: str | None = None) -> dict[str, Any]:
    on = datetime.date.fromisoformat(day) if day else None
    lapsed = holds_lapse(day=on)
    warned = holds_warn(day=on)
    context.progress(1, 1)
    return {"lapsed": lapsed, "warned": warned}
