"""Background work: one small task API with a database-backed queue.

A task is a registered function ``fn(context, **arguments)``. ``task_submit`` queues it in
the ``Task`` table; a worker (``zhaoshang run_tasks``, started beside gunicorn by
``make run``) claims queued tasks one at a time and runs them, recording progress that
pages poll. Tests call ``task_run_next`` directly.
"""

from __future__ import annotations

import datetime
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhaoshang.core.models import Task, User

log = logging.getLogger(__name__)

TaskFunction = Callable[..., dict[str, Any]]
_registry: dict[str, TaskFunction] = {}
_daily: dict[str, datetime.time] = {}


def task(
    name: str, *, daily_at: datetime.time | None = None
) -> Callable[[TaskFunction], TaskFunction]:
    """Register ``fn`` as the task ``name``; it returns a JSON-able result. With
    ``daily_at`` the worker also queues it once a day from that local time on, with the
    argument ``day`` (ISO date), so a day is never run twice."""

    def register(fn: TaskFunction) -> TaskFunction:
        _registry[name] = fn
        if daily_at is not None:
            _daily[name] = daily_at
        return fn

    return register


def tasks_queue_daily(now: datetime.datetime | None = None) -> list[Task]:
    """Queue each daily task whose time has come today and that has no task for today."""
    local = timezone.localtime(now)
    day = local.date().isoformat()
    queued = []
    for name, at in _daily.items():
        if local.time() < at:
            continue
        if Task.objects.filter(name=name, arguments__day=day).exists():
            continue
        queued.append(Task.objects.create(name=name, arguments={"day": day}))
    return queued


def tasks_requeue_interrupted() -> int:
    """Queue again the tasks left running by a worker that was stopped or killed (run when
    the one worker starts). Tasks are written to be run again: an import changes nothing the
    second time, a push resumes after its last whole chunk."""
    return Task.objects.filter(status=Task.Status.RUNNING).update(
        status=Task.Status.QUEUED, started_at=None
    )


@dataclass
class TaskContext:
    """What a running task uses to report how far it got."""

    task_id: int
    last_written: float = 0.0

    def progress(self, done: int, total: int | None = None, message: str = "") -> None:
        now = timezone.now().timestamp()
        if now - self.last_written < 0.5 and (total is None or done < total):
            return  # at most two writes a second
        self.last_written = now
        values: dict[str, Any] = {"progress_done": done}
        if total is not None:
            values["progress_total"] = total
        if message:
            values["message"] = message[:300]
        Task.objects.filter(pk=self.task_id).update(**values)


def task_submit(name: str, *, actor: User | None, **arguments: Any) -> Task:
    if name not in _registry:
        raise KeyError(f"no task named {name!r}")
    return Task.objects.create(name=name, arguments=arguments, created_by=actor)


def _claim() -> Task | None:
    with transaction.atomic():
        queued = Task.objects.select_for_update(skip_locked=True).filter(status=Task.Status.QUEUED)
        found = queued.order_by("created_at", "id").first()
        if found is None:
            return None
        found.status = Task.Status.RUNNING
        found.started_at = timezone.now()
        found.save(update_fields=["status", "started_at"])
        return found


def task_run_next() -> Task | None:
    """Run the oldest queued task, if any; return it as it ended."""
    claimed = _claim()
    if claimed is None:
        return None
    fn = _registry.get(claimed.name)
    try:
        if fn is None:
            raise KeyError(f"no task named {claimed.name!r}")
        result = fn(TaskContext(task_id=claimed.pk), **claimed.arguments)
    except Exception as exc:  # a task's failure is recorded, not raised into the worker
        log.exception("task %s failed", claimed.pk)
        Task.objects.filter(pk=claimed.pk).update(
            status=Task.Status.FAILED,
            finished_at=timezone.now(),
            message=str(exc)[:300] or type(exc).__name__,
            result={"traceback": traceback.format_exc()[-4000:]},
        )
    else:
        Task.objects.filter(pk=claimed.pk).update(
            status=Task.Status.DONE, finished_at=timezone.now(), result=result
        )
    claimed.refresh_from_db()
    return claimed
