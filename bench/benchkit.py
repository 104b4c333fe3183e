"""What the benchmarks share: their own databases (a SQLite file in a work folder and a
PostgreSQL database dropped and created, or kept and reused with ``--keep``), the
environment of the child process that fills and measures each, and Django set up in that
child to answer test requests (any host, files on disk, no manifest)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def psql(admin: str, command: str) -> str:
    """Run ``command`` in the ``postgres`` database of the server at ``admin`` (a URL without
    a database name); its output, unaligned."""
    done = subprocess.run(
        ["psql", f"{admin}/postgres", "-qtA", "-v", "ON_ERROR_STOP=1", "-c", command],
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


@contextmanager
def bench_databases(
    prefix: str,
    postgres: str,
    *,
    keep: Path | None = None,
    skip_sqlite: bool = False,
    skip_postgres: bool = False,
) -> Iterator[tuple[Path, list[tuple[str, str]]]]:
    """(work folder, [(label, database URL)]): a SQLite file in the folder and the
    PostgreSQL database ``postgres`` (a URL), new, or kept from the last run with ``keep``
    (then the folder is ``keep`` and nothing is removed at the end)."""
    work = keep or Path(tempfile.mkdtemp(prefix=prefix))
    work.mkdir(parents=True, exist_ok=True)
    targets = [] if skip_sqlite else [("SQLite", f"sqlite:///{work / 'bench.sqlite3'}")]
    admin, _slash, database = postgres.rpartition("/")
    if not skip_postgres:
        exists = psql(admin, f"SELECT 1 FROM pg_database WHERE datname = '{database}'")
        if keep is None or not exists:
            psql(admin, f"DROP DATABASE IF EXISTS {database}")
            psql(admin, f"CREATE DATABASE {database}")
        targets.append(("PostgreSQL", postgres))
    try:
        yield work, targets
    finally:
        if not skip_postgres and keep is None:
            psql(admin, f"DROP DATABASE IF EXISTS {database}")
        if keep is None:
            shutil.rmtree(work, ignore_errors=True)


def child_env(work: Path, url: str) -> dict[str, str]:
    """This process's environment for a child working on the database at ``url``, its
    files under ``work``."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PYTEST_VERSION"}}
    return {**env, "ZHAOSHANG_VAR_DIR": str(work / "var"), "DATABASE_URL": url}


def django_child() -> None:
    """Set Django up in a child process to answer test requests."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")
    import django

    django.setup()
    from django.test.utils import override_settings

    override_settings(
        ALLOWED_HOSTS=["testserver"],
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ).enable()
