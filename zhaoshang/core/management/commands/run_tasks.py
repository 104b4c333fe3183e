"""The background worker: runs queued tasks until stopped, queues the daily ones when
their time comes, and first queues again what a stopped worker left running. Run one worker
per site (``make run`` starts it beside gunicorn)."""

from __future__ import annotations

import signal
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from zhaoshang.core.tasks import task_run_next, tasks_queue_daily, tasks_requeue_interrupted


class Command(BaseCommand):
    help = "Run queued background tasks (imports, pushes) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is queued, then stop")
        parser.add_argument("--poll", type=float, default=1.0, help="seconds between looks")

    def handle(self, *args: Any, **options: Any) -> None:
        stopping = False

        def stop(signum: int, frame: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        requeued = tasks_requeue_interrupted()
        if requeued:
            self.stdout.write(f"{requeued} interrupted task(s) queued again")
        while not stopping:
            close_old_connections()
            tasks_queue_daily()
            finished = task_run_next()
            if finished is not None:
                self.stdout.write(f"{finished}")
                continue
            if options["once"]:
                break
            time.sleep(options["poll"])
