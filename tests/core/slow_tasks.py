"""Tasks for the worker's tests: one that outlives its time limit, one whose process dies.
Imported by the tests and, by name, by the task's own process."""

from __future__ import annotations

import os
import signal
import time
from typing import Any

from zhaoshang.core.tasks import TaskContext, task


@task("tests.sleep", time_limit=1)
def sleep(context: TaskContext) -> dict[str, Any]:
    time.sleep(120)
    return {}


@task("tests.die")
def die(context: TaskContext) -> dict[str, Any]:
    os.kill(os.getpid(), signal.SIGKILL)  # as the kernel does to a process out of memory
    return {}
