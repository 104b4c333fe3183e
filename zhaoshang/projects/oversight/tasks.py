"""The daily work on signed projects: compute the warnings of the whole province, escalate
supervision tasks whose deadline passed."""

from __future__ import annotations

import datetime
from typing import Any

from zhaoshang.core.tasks import TaskContext, task
from zhaoshang.projects.oversight.supervision import supervision_escalate
from zhaoshang.projects.oversight.warnings import warnings_compute


@task("projects.daily_watch", daily_at=datetime.time(7, 45))
def daily_watch(context: TaskContext, *, day: str | None = None) -> dict[str, Any]:
    on = datetime.date.fromisoformat(day) if day else None
    report = warnings_compute(today=on)
    context.progress(1, 2)
    escalated = supervision_escalate(today=on)
    context.progress(2, 2)
    return {
        "raised": report.raised,
        "cleared": report.cleared,
        "open": report.open,
        "notified": report.notified,
        "escalated": escalated,
    }


@task("projects.actuals_rebuild", daily_at=datetime.time(7, 40))
def actuals_rebuild_daily(context: TaskContext) -> dict[str, Any]:
    """Rebuild the targets' rollup whole once a day, so that anything written around the
    services (a bulk load, a database fix) is counted by the next morning at the latest."""
    from zhaoshang.projects.targets.actuals import actuals_rebuild

    cells = actuals_rebuild()
    context.progress(1, 1)
    return {"cells": cells}
