"""Two holds on one site sent at the same moment: exactly one is written, the other is
refused like any second hold (run on SQLite and on PostgreSQL).

On SQLite the test database lives in memory with a shared cache, where a second writer
fails at once ("table is locked") instead of queueing as it does on a database file; the
test therefore copies the database to a file and points the threads' connections at it,
as a deployment runs."""

from __future__ import annotations

import datetime
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import close_old_connections, connection, connections
from django.utils import timezone

from tests.factories import UserFactory
from tests.leads.factories import SIHUI, LeadFactory, regions_give
from tests.sites.match_factories import parcel_make
from zhaoshang.core.roles import Role
from zhaoshang.sites.holds.services import HoldRefused, site_hold
from zhaoshang.sites.models import SiteHold

pytestmark = pytest.mark.django_db(transaction=True)


def in_thread(work: Callable[[], object]) -> object:
    """Run ``work`` in a thread of its own, with its own database connection."""
    result: list[object] = []

    def run() -> None:
        try:
            result.append(work())
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result[0] if result else None


def test_two_holds_at_the_same_moment_exactly_one_wins(tmp_path: Path, monkeypatch):
    officers = [
        regions_give(UserFactory.create(roles=[Role.PROMOTION_OFFICER]), SIHUI) for _ in range(2)
    ]
    leads = [LeadFactory.create() for _ in range(2)]
    site = parcel_make()
    until = timezone.localdate() + datetime.timedelta(days=10)
    if connection.vendor == "sqlite":
        path = tmp_path / "holds.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(path) as copy:
            connection.connection.backup(copy)
            # WAL now, as a deployment's file already is: switching the journal takes the
            # whole file, and two threads switching it at once fail without waiting.
            copy.execute("PRAGMA journal_mode=WAL")
        monkeypatch.setitem(connections.settings["default"], "NAME", str(path))
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def hold(n: int) -> None:
        try:
            start.wait()
            site_hold(actor=officers[n], site=site, lead=leads[n], until=until)
            outcomes.append("held")
        except HoldRefused:
            outcomes.append("refused")
        except Exception as exc:
            outcomes.append(repr(exc))
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=hold, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["held", "refused"]
    active = in_thread(
        lambda: SiteHold.objects.filter(parcel=site, released_at__isnull=True).count()
    )
    assert active == 1
