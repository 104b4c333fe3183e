"""The worker cannot be blocked: a task past its time limit is stopped, a task interrupted
twice is not run a third time, and imports wait in a queue of their own."""

from __future__ import annotations

import pytest

from tests.core import slow_tasks  # noqa: F401  (registers the tasks below)
from zhaoshang.core.models import Task
from zhaoshang.core.tasks import task_kind, task_run_next, task_submit, tasks_requeue_interrupted

pytestmark = pytest.mark.django_db


def test_a_task_past_its_time_limit_is_stopped_and_failed_with_a_message():
    task = task_submit("tests.sleep", actor=None)
    finished = task_run_next(isolated=True)  # as the worker runs it: in its own process
    assert finished is not None
    assert finished.pk == task.pk
    assert finished.status == Task.Status.FAILED
    assert "longer than its time limit" in finished.message
    assert task_run_next() is None  # not queued again


def test_a_task_whose_process_dies_twice_is_not_run_a_third_time():
    task = task_submit("tests.die", actor=None)
    first = task_run_next(isolated=True)
    assert first is not None
    assert (first.status, first.attempts) == (Task.Status.QUEUED, 1)  # once more
    second = task_run_next(isolated=True)
    assert second is not None
    assert (second.status, second.attempts) == (Task.Status.FAILED, 2)
    assert "ended unexpectedly, 2 times" in second.message
    assert task_run_next() is None
    assert Task.objects.get(pk=task.pk).attempts == 2


def test_a_task_a_killed_worker_left_running_twice_stays_failed():
    once = Task.objects.create(name="policies.snapshot", status=Task.Status.RUNNING, attempts=1)
    twice = Task.objects.create(name="policies.snapshot", status=Task.Status.RUNNING, attempts=2)
    assert tasks_requeue_interrupted() == 1
    once.refresh_from_db()
    twice.refresh_from_db()
    assert once.status == Task.Status.QUEUED
    assert twice.status == Task.Status.FAILED
    assert "interrupted" in twice.message


def test_a_slow_import_does_not_hold_up_a_reminder():
    imports = task_kind("registry.import_enterprises")
    reminders = task_kind("leads.send_follow_up_reminders")
    push = task_kind("policies.push")
    assert imports is not None
    assert reminders is not None
    assert push is not None
    assert (imports.queue, reminders.queue) == ("imports", "default")
    assert imports.time_limit == 30 * 60
    assert push.time_limit > imports.time_limit
    running = Task.objects.create(
        name="registry.import_enterprises", queue="imports", status=Task.Status.RUNNING
    )
    waiting = Task.objects.create(name="registry.import_enterprises", queue="imports")
    reminder = task_submit("leads.send_follow_up_reminders", actor=None, day="2026-11-25")
    finished = task_run_next("default")  # the loop of the default queue
    assert finished is not None
    assert finished.pk == reminder.pk
    assert finished.status == Task.Status.DONE
    running.refresh_from_db()
    waiting.refresh_from_db()
    assert (running.status, waiting.status) == (Task.Status.RUNNING, Task.Status.QUEUED)
