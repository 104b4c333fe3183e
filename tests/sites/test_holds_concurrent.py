"""Two holds on one site sent at the same moment: exactly one is written, the other is
refused like any second hold (run on SQLite and on PostgreSQL)."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from tests.factories import UserFactory
from tests.leads.factories import SIHUI, LeadFactory, regions_give
from tests.sites.match_factories import parcel_make
from zhaoshang.core.roles import Role
from zhaoshang.sites.holds import HoldRefused, site_hold
from zhaoshang.sites.models import SiteHold

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_holds_at_the_same_moment_exactly_one_wins():
    officers = [
        regions_give(UserFactory.create(roles=[Role.PROMOTION_OFFICER]), SIHUI) for _ in range(2)
    ]
    leads = [LeadFactory.create() for _ in range(2)]
    site = parcel_make()
    until = timezone.localdate() + datetime.timedelta(days=10)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def hold(n: int) -> None:
        try:
            start.wait()
            site_hold(actor=officers[n], site=site, lead=leads[n], until=until)
            outcomes.append("held")
        except HoldRefused:
            outcomes.append("refused")
        except Exception as exc:  # noqa: BLE001  (any other end is the failure shown)
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
    assert SiteHold.objects.filter(parcel=site, released_at__isnull=True).count() == 1
