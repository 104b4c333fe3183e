"""Targets by region: actuals counted from the data, a region's target its own or the sum
of the regions below, bad targets refused whole, and who sees which dashboard."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.leads.factories import GAOYAO, SIHUI, ZHAOQING, regions_give
from tests.projects.conftest import signed_project
from zhaoshang.core.roles import Role
from zhaoshang.projects.figures.services import figures_save
from zhaoshang.projects.models import Target
from zhaoshang.projects.services import milestones_record, project_contract_save
from zhaoshang.projects.targets.dashboard import dashboard_build
from zhaoshang.projects.targets.services import targets_save

GUANGDONG = "440000"


def _figure(board, measure):
    return next(f for f in board.figures if f.measure == measure)


@pytest.fixture
def manager_zq(db):
    return regions_give(UserFactory.create(username="meng", roles=[Role.MANAGER]), ZHAOQING)


def test_actuals_count_signed_started_and_invested_projects(sihui_officer, manager_zq):
    today = timezone.localdate()
    project = signed_project(sihui_officer, contract_days_ago=0)
    before = dashboard_build(manager_zq, ZHAOQING)
    assert _figure(before, "signed_projects").actual == 1
    assert _figure(before, "signed_investment").actual == Decimal("50000000")
    assert _figure(before, "started").actual == 0

    milestones_record(
        actor=sihui_officer, project=project, actual={"land": today, "construction": today}
    )
    quarter = (today.month + 2) // 3
    figures_save(
        actor=sihui_officer,
        project=project,
        rows=[{"year": today.year, "quarter": quarter, "actual_investment": Decimal("1200000")}],
    )
    after = dashboard_build(manager_zq, ZHAOQING)
    assert _figure(after, "started").actual == 1
    assert _figure(after, "investment_made").actual == Decimal("1200000")
    # The month series puts the investment in the quarter's last month.
    assert after.months["investment_made"][0][quarter * 3 - 1] == Decimal("1200000")
    sihui = next(row for row in after.children if row.region.code == SIHUI)
    assert sihui.figures["started"].actual == 1


def test_prefecture_target_is_its_own_or_the_sum_of_its_counties(manager_zq):
    year = timezone.localdate().year
    targets_save(
        actor=manager_zq,
        year=year,
        cells={(SIHUI, "signed_projects"): "12", (GAOYAO, "signed_projects"): "8"},
    )
    board = dashboard_build(manager_zq, ZHAOQING)
    target = _figure(board, "signed_projects").target
    assert (target.value, target.source) == (Decimal(20), "sum")
    targets_save(actor=manager_zq, year=year, cells={(ZHAOQING, "signed_projects"): "30"})
    target = _figure(dashboard_build(manager_zq, ZHAOQING), "signed_projects").target
    assert (target.value, target.source) == (Decimal(30), "own")


def test_target_for_unknown_region_or_negative_is_refused_and_nothing_written(manager_zq):
    with pytest.raises(ValidationError) as refused:
        targets_save(
            actor=manager_zq,
            year=2026,
            cells={(SIHUI, "started"): "5", ("449999", "started"): "3"},
        )
    assert "region" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        targets_save(actor=manager_zq, year=2026, cells={(SIHUI, "signed_investment"): "-1"})
    assert f"{SIHUI}-signed_investment" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        targets_save(actor=manager_zq, year=2026, cells={(SIHUI, "started"): "2.5"})
    assert f"{SIHUI}-started" in refused.value.message_dict
    assert not Target.objects.exists()


def test_a_manager_may_not_set_targets_outside_their_regions(manager_zq):
    with pytest.raises(ValidationError) as refused:
        targets_save(
            actor=manager_zq,
            year=2026,
            cells={("440600", "started"): "5"},
            allowed={ZHAOQING, SIHUI},
        )
    assert "region" in refused.value.message_dict


def test_county_officer_sees_only_their_county_dashboard(client, sihui_officer):
    client.force_login(sihui_officer)
    assert client.get(reverse("projects-targets"), {"region": SIHUI}).status_code == 200
    assert client.get(reverse("projects-targets"), {"region": GAOYAO}).status_code == 404
    assert client.get(reverse("projects-targets"), {"region": ZHAOQING}).status_code == 404
    assert client.get(reverse("projects-targets-xlsx"), {"region": GAOYAO}).status_code == 404
    assert client.get("/api/projects/dashboard", {"region": GAOYAO}).status_code == 404


def test_the_list_behind_a_number_shows_only_what_the_reader_may_see(client, sihui_officer):
    gaoyao_officer = regions_give(
        UserFactory.create(username="gao", roles=[Role.PROMOTION_OFFICER]), GAOYAO
    )
    mine = signed_project(sihui_officer, contract_days_ago=0)
    theirs = signed_project(gaoyao_officer, contract_days_ago=0)
    theirs.lead.region_id = GAOYAO
    theirs.lead.save()
    client.force_login(sihui_officer)
    year = timezone.localdate().year
    page = client.get(
        reverse("projects-list"), {"region": ZHAOQING, "measure": "signed_projects", "year": year}
    )
    listed = {p.pk for p in page.context["page"].object_list}
    assert listed == {mine.pk}


def test_province_manager_sees_the_province_figures(client, sihui_officer):
    province = regions_give(UserFactory.create(username="gd", roles=[Role.MANAGER]), GUANGDONG)
    signed_project(sihui_officer, contract_days_ago=0)
    board = dashboard_build(province, GUANGDONG)
    assert _figure(board, "signed_projects").actual == 1
    zhaoqing = next(row for row in board.children if row.region.code == ZHAOQING)
    assert zhaoqing.figures["signed_projects"].actual == 1
    assert zhaoqing.rank == 1


def test_dashboard_page_export_and_summary_render(client, manager_zq, sihui_officer):
    signed_project(sihui_officer, contract_days_ago=0)
    client.force_login(manager_zq)
    page = client.get(reverse("projects-targets"))
    assert page.status_code == 200
    assert b"<svg" in page.content
    export = client.get(reverse("projects-targets-xlsx"), {"region": ZHAOQING})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    summary = client.get(reverse("projects-targets-summary"), {"region": ZHAOQING})
    assert summary.status_code == 200
    assert b"summary.css" in summary.content


def test_the_grid_saves_a_years_targets_and_refuses_bad_cells_whole(client, manager_zq):
    client.force_login(manager_zq)
    url = reverse("projects-targets-set")
    page = client.post(
        url,
        {"region": ZHAOQING, "year": "2026", f"{SIHUI}-started": "4", f"{GAOYAO}-started": "-2"},
    )
    assert page.status_code == 200
    assert not Target.objects.exists()
    client.post(url, {"region": ZHAOQING, "year": "2026", f"{SIHUI}-started": "4"})
    assert Target.objects.get(region_id=SIHUI, year=2026, measure="started").value == 4


def test_api_sets_targets_and_answers_the_dashboard(client, manager_zq):
    client.force_login(manager_zq)
    refused = client.put(
        "/api/projects/targets/2026",
        {"targets": [{"region": "449999", "measure": "started", "value": "3"}]},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert "region" in refused.json()["errors"]
    done = client.put(
        "/api/projects/targets/2026",
        {"targets": [{"region": SIHUI, "measure": "started", "value": "3"}]},
        content_type="application/json",
    )
    assert done.status_code == 200
    board = client.get("/api/projects/dashboard", {"region": ZHAOQING, "year": 2026}).json()
    started = next(f for f in board["figures"] if f["measure"] == "started")
    assert (Decimal(started["target"]), started["target_source"]) == (3, "sum")


def test_a_lead_moved_to_another_county_is_counted_there(sihui_officer, manager_zq):
    project = signed_project(sihui_officer, contract_days_ago=0)
    dashboard_build(manager_zq, ZHAOQING)  # the rollup is built
    lead = project.lead
    lead.region_id = GAOYAO
    lead.save()
    board = dashboard_build(manager_zq, ZHAOQING)
    counted = {row.region.code: row.figures["signed_projects"].actual for row in board.children}
    assert (counted[SIHUI], counted[GAOYAO]) == (0, 1)


def test_projects_with_overdue_milestones_come_first_for_whoever_sees_them(
    sihui_officer, manager_zq
):
    from zhaoshang.projects.oversight.warnings import warnings_compute

    gaoyao_officer = regions_give(
        UserFactory.create(username="gao", roles=[Role.PROMOTION_OFFICER]), GAOYAO
    )
    due = {"land": timezone.localdate() - datetime.timedelta(days=200)}
    late = signed_project(sihui_officer, contract_days_ago=400)
    elsewhere = signed_project(gaoyao_officer, contract_days_ago=400)
    for project in (late, elsewhere):
        project_contract_save(
            actor=None,
            project=project,
            values={
                "contract_on": project.contract_on,
                "investment_yuan": project.investment_yuan,
            },
            planned=due,
        )
    elsewhere.lead.region_id = GAOYAO
    elsewhere.lead.save()
    warnings_compute(notify=False)
    shown = [row.project.pk for row in dashboard_build(manager_zq, ZHAOQING).attention]
    assert set(shown) == {late.pk, elsewhere.pk}
    mine = [row.project.pk for row in dashboard_build(sihui_officer, SIHUI).attention]
    assert mine == [late.pk]
