"""The background worker: daily tasks are queued once a day, and tasks a killed worker left
running are queued again when the worker starts."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from zhaoshang.core.models import Task
from zhaoshang.core.tasks import task_run_next, tasks_queue_daily, tasks_requeue_interrupted

pytestmark = pytest.mark.django_db


def at(hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(2026, 11, 25, hour, 0))


def test_daily_tasks_are_queued_once_a_day_from_their_time():
    assert tasks_queue_daily(at(6)) == []  # before 08:00
    queued = {t.name for t in tasks_queue_daily(at(9))}
    assert {"leads.send_follow_up_reminders", "policies.send_reminders"} <= queued
    assert tasks_queue_daily(at(10)) == []  # not twice the same day
    assert Task.objects.filter(arguments__day="2026-11-25").count() == len(queued)


def test_a_task_a_killed_worker_left_running_is_queued_again_and_then_runs(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    Task.objects.create(name="policies.snapshot", status=Task.Status.RUNNING)
    assert tasks_requeue_interrupted() == 1  # what the worker does when it starts
    assert task_run_next() is not None
    assert Task.objects.get(name="policies.snapshot").status == Task.Status.DONE
