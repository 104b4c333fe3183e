"""The demo: about forty leads of the Sihui center in every stage, with activities and a few
aftercare visits; loaded once, the same every time."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from zhaoshang.leads.models import Activity, AftercareVisit, Lead, OfficerRegion
from zhaoshang.leads.stages import Stage

pytestmark = pytest.mark.django_db


def load() -> str:
    out = io.StringIO()
    call_command("load_demo", demo_password="Sihui-harbour-2026", stdout=out)
    return out.getvalue()


def test_the_demo_fills_every_stage_once_and_only_once():
    load()
    leads = Lead.objects.all()
    assert 35 <= leads.count() <= 45
    assert set(leads.values_list("stage", flat=True)) == set(Stage.values)
    assert set(leads.values_list("region_id", flat=True)) == {"441284"}
    assert {"HK", "TW", "VN", "CN"} <= set(leads.values_list("origin", flat=True))
    assert Activity.objects.filter(
        follow_up_on__isnull=False, follow_up_done_at__isnull=True
    ).exists()
    assert AftercareVisit.objects.count() >= 2
    assert OfficerRegion.objects.filter(user__username="officer", region_id="441284").exists()
    companies = sorted(leads.values_list("company", "stage"))
    assert "leads:" not in load()  # a second run adds nothing
    assert sorted(Lead.objects.values_list("company", "stage")) == companies
