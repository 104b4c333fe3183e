"""gunicorn settings for `make run`: starts the background worker beside the web workers
and stops it with them."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

_worker: subprocess.Popen[bytes] | None = None


def when_ready(server: Any) -> None:
    global _worker
    _worker = subprocess.Popen([sys.executable, "-m", "zhaoshang.cli", "run_tasks"])
    server.log.info("background worker started (pid %s)", _worker.pid)


def on_exit(server: Any) -> None:
    if _worker is not None and _worker.poll() is None:
        _worker.terminate()
        try:
            _worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            _worker.kill()
