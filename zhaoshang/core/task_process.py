"""The process a task runs in (see ``core.tasks``). Spawned, not forked: it starts clean,
sets Django up itself and opens its own database connections. This module imports nothing
of Django at its top, so that the new process can load it before Django is set up."""

from __future__ import annotations

import importlib
import logging
import traceback
from typing import Any

log = logging.getLogger(__name__)


def child_main(
    channel: Any, module: str, qualname: str, task_id: int, arguments: dict[str, Any]
) -> None:
    """Set Django up, run the task's function, send back ("done", result) or ("failed",
    message, traceback)."""
    import django

    django.setup()
    from django.db import connections

    from zhaoshang.core.tasks import TaskContext

    fn: Any = importlib.import_module(module)
    for part in qualname.split("."):
        fn = getattr(fn, part)
    try:
        result = fn(TaskContext(task_id=task_id), **arguments)
    except Exception as exc:
        log.exception("task %s failed", task_id)
        channel.send(("failed", str(exc) or type(exc).__name__, traceback.format_exc()))
    else:
        channel.send(("done", result))
    finally:
        connections.close_all()
        channel.close()
