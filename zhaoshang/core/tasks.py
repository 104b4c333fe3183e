"""Background work: one small task API with a database-backed queue.

A task is a registered function ``fn(context, **arguments)``. ``task_submit`` queues it in
the ``Task`` table; a worker (``zhaoshang run_tasks``, started beside the web server by
``make run``) claims queued tasks and runs them, recording progress that pages poll. Tests
call ``task_run_next`` directly.

The worker cannot be blocked by one task: each queue (imports; pushes, reminders and the
rest) has its own loop, so a long import never holds up a reminder, and each task runs in a
process of its own that is killed when the task's time limit passes (imports 30 minutes,
pushes 2 hours, others 15). A task whose process dies, or that a killed worker left
running, is run again once; after the second interruption it stays failed with a message.
"""

from __future__ import annotations

import datetime
import logging
import multiprocessing
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core import task_process
from zhaoshang.core.models import Task, User

log = logging.getLogger(__name__)

TaskFunction = Callable[..., dict[str, Any]]
Cleanup = Callable[[dict[str, Any]], None]

DEFAULT_QUEUE = "default"
QUEUES = ("default", "imports")  # each served by its own loop of the worker
DEFAULT_TIME_LIMIT = 15 * 60  # seconds
MAX_ATTEMPTS = 2  # a task interrupted (worker or task process killed) this often stays failed


@dataclass(frozen=True)
class TaskKind:
    fn: TaskFunction
    queue: str
    time_limit: float
    cleanup: Cleanup | None


_registry: dict[str, TaskKind] = {}
_daily: dict[str, datetime.time] = {}


def task(
    name: str,
    *,
    daily_at: datetime.time | None = None,
    queue: str = DEFAULT_QUEUE,
    time_limit: float = DEFAULT_TIME_LIMIT,
    cleanup: Cleanup | None = None,
) -> Callable[[TaskFunction], TaskFunction]:
    """Register ``fn`` as the task ``name``; it returns a JSON-able result. With
    ``daily_at`` the worker also queues it once a day from that local time on, with the
    argument ``day`` (ISO date), so a day is never run twice.

    ``queue`` says which loop of the worker runs it (a slow import never holds up a
    reminder); ``time_limit`` (seconds) is how long it may run before the worker kills it;
    ``cleanup(arguments)`` is called when it ends failed without having finished itself
    (stopped at its time limit, killed twice)."""
    if queue not in QUEUES:
        raise ValueError(f"no queue named {queue!r}")

    def register(fn: TaskFunction) -> TaskFunction:
        _registry[name] = TaskKind(fn=fn, queue=queue, time_limit=time_limit, cleanup=cleanup)
        if daily_at is not None:
            _daily[name] = daily_at
        return fn

    return register


def task_kind(name: str) -> TaskKind | None:
    return _registry.get(name)


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
        queued.append(
            Task.objects.create(name=name, arguments={"day": day}, queue=_registry[name].queue)
        )
    return queued


def tasks_requeue_interrupted(queue: str | None = None) -> int:
    """Queue again the tasks left running by a worker that was stopped or killed (run when
    the worker starts). Tasks are written to be run again: an import changes nothing the
    second time, a push resumes after its last whole chunk. Each interruption counts as an
    attempt: a task already tried MAX_ATTEMPTS times stays failed instead (it may be what
    killed the worker). Returns how many were queued again."""
    running = Task.objects.filter(status=Task.Status.RUNNING)
    if queue is not None:
        running = running.filter(queue=queue)
    for given_up in running.filter(attempts__gte=MAX_ATTEMPTS):
        _give_up(
            given_up,
            _("stopped: the worker was interrupted while it ran, %(count)d times")
            % {"count": given_up.attempts},
        )
    return running.filter(attempts__lt=MAX_ATTEMPTS).update(
        status=Task.Status.QUEUED, started_at=None
    )


def _give_up(task: Task, message: str, result: dict[str, Any] | None = None) -> None:
    Task.objects.filter(pk=task.pk).update(
        status=Task.Status.FAILED,
        finished_at=timezone.now(),
        message=message[:300],
        result=result or {},
    )
    kind = _registry.get(task.name)
    if kind is not None and kind.cleanup is not None:
        try:
            kind.cleanup(task.arguments)
        except Exception:
            log.exception("cleanup of task %s failed", task.pk)


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
    kind = _registry.get(name)
    if kind is None:
        raise KeyError(f"no task named {name!r}")
    return Task.objects.create(name=name, arguments=arguments, created_by=actor, queue=kind.queue)


def _claim(queue: str | None) -> Task | None:
    with transaction.atomic():
        queued = Task.objects.select_for_update(skip_locked=True).filter(status=Task.Status.QUEUED)
        if queue is not None:
            queued = queued.filter(queue=queue)
        found = queued.order_by("created_at", "id").first()
        if found is None:
            return None
        found.status = Task.Status.RUNNING
        found.started_at = timezone.now()
        found.attempts += 1
        found.save(update_fields=["status", "started_at", "attempts"])
        return found


def task_run_next(queue: str | None = None, *, isolated: bool = False) -> Task | None:
    """Run the oldest queued task (of ``queue``, or of any), if any; return it as it ended.

    With ``isolated`` (the worker) the task runs in a process of its own, killed when its
    time limit passes; without (tests, ``--inline``), in this process, without a limit."""
    claimed = _claim(queue)
    if claimed is None:
        return None
    kind = _registry.get(claimed.name)
    if kind is None:
        _give_up(claimed, f"no task named {claimed.name!r}")
    elif isolated:
        _run_isolated(claimed, kind)
    else:
        try:
            result = kind.fn(TaskContext(task_id=claimed.pk), **claimed.arguments)
        except Exception as exc:  # a task's failure is recorded, not raised into the worker
            log.exception("task %s failed", claimed.pk)
            _failed(claimed, exc, traceback.format_exc())
        else:
            _done(claimed, result)
    claimed.refresh_from_db()
    return claimed


def _done(task: Task, result: dict[str, Any]) -> None:
    Task.objects.filter(pk=task.pk).update(
        status=Task.Status.DONE, finished_at=timezone.now(), result=result
    )


def _failed(task: Task, exc: BaseException | str, trace: str) -> None:
    """The task raised: it failed the same way it would again, so it is not run again."""
    message = str(exc)[:300] or type(exc).__name__
    Task.objects.filter(pk=task.pk).update(
        status=Task.Status.FAILED,
        finished_at=timezone.now(),
        message=message,
        result={"traceback": trace[-4000:]},
    )


def _run_isolated(task: Task, kind: TaskKind) -> None:
    """Run the task in a fresh process (spawned: it sets Django up on its own and opens its
    own database connections) and wait for its outcome at most its time limit. A task past
    its limit is killed and failed (running it again would take as long again); a process
    that dies without an outcome (killed, out of memory) is queued again once, then failed."""
    context = multiprocessing.get_context("spawn")
    receiving, sending = context.Pipe(duplex=False)
    process = context.Process(
        target=task_process.child_main,
        args=(sending, kind.fn.__module__, kind.fn.__qualname__, task.pk, task.arguments),
        name=f"task-{task.pk}",
    )
    process.start()
    sending.close()
    deadline = time.monotonic() + kind.time_limit
    outcome: tuple[Any, ...] | None = None
    try:
        while outcome is None:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            if receiving.poll(min(left, 1.0)):
                try:
                    outcome = receiving.recv()
                except EOFError:  # the process ended without a word
                    break
            elif not process.is_alive() and not receiving.poll(0):
                break
    finally:
        if process.is_alive() and outcome is None:
            process.kill()
        process.join()
        receiving.close()
    if outcome is None and time.monotonic() >= deadline:
        minutes = kind.time_limit / 60
        _give_up(
            task,
            _("stopped: the task ran longer than its time limit of %(minutes)s minutes")
            % {"minutes": f"{minutes:g}"},
        )
    elif outcome is None:
        if task.attempts >= MAX_ATTEMPTS:
            _give_up(
                task,
                _("stopped: the task's process ended unexpectedly, %(count)d times")
                % {"count": task.attempts},
            )
        else:
            Task.objects.filter(pk=task.pk).update(status=Task.Status.QUEUED, started_at=None)
    elif outcome[0] == "done":
        _done(task, outcome[1])
    else:
        _failed(task, outcome[1], outcome[2])


@task("core.purge_private_files", daily_at=datetime.time(7, 0))
def purge_private_files(context: TaskContext, *, day: str | None = None) -> dict[str, Any]:
    """Delete the private files whose time has passed (see ``core.private_files``)."""
    from zhaoshang.core.private_files import private_files_purge_expired

    return {"deleted": private_files_purge_expired()}
