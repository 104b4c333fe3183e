"""The background worker: runs queued tasks until stopped, queues the daily ones when
their time comes, and first queues again what a stopped worker left running (at most once:
see ``core.tasks``). Run one worker per site (``make run`` starts it beside the web server).

Each queue (``core.tasks.QUEUES``: imports; pushes, reminders and the rest) is served by
its own loop, a thread of this process, and each task runs in a process of its own that is
killed when its time limit passes: a slow or stuck import cannot hold up a reminder, and no
task holds its queue longer than its limit.
"""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connections

from zhaoshang.core.tasks import (
    QUEUES,
    task_run_next,
    tasks_queue_daily,
    tasks_requeue_interrupted,
)


class Command(BaseCommand):
    help = "Run queued background tasks (imports, pushes) until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is queued, then stop")
        parser.add_argument("--poll", type=float, default=1.0, help="seconds between looks")
        parser.add_argument(
            "--inline",
            action="store_true",
            help="run tasks in this process, one at a time, without time limits (debugging)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        stopping = threading.Event()

        def stop(signum: int, frame: Any) -> None:
            stopping.set()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        requeued = tasks_requeue_interrupted()
        if requeued:
            self.stdout.write(f"{requeued} interrupted task(s) queued again")
        tasks_queue_daily()
        if options["inline"]:
            self._serve(None, stopping, options, isolated=False)
            return
        loops = [
            threading.Thread(
                target=self._serve, args=(queue, stopping, options), name=f"queue-{queue}"
            )
            for queue in QUEUES
        ]
        for loop in loops:
            loop.start()
        while not stopping.is_set() and any(loop.is_alive() for loop in loops):
            close_old_connections()
            tasks_queue_daily()
            stopping.wait(options["poll"])
        stopping.set()
        for loop in loops:
            loop.join()

    def _serve(
        self, queue: str | None, stopping: threading.Event, options: Any, isolated: bool = True
    ) -> None:
        """One queue's loop: run its tasks one after another until stopped."""
        try:
            while not stopping.is_set():
                close_old_connections()
                finished = task_run_next(queue, isolated=isolated)
                if finished is not None:
                    self.stdout.write(f"{finished}")
                    continue
                if options["once"]:
                    break
                stopping.wait(options["poll"])
        finally:
            connections.close_all()
