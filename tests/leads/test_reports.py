"""Managers' report: funnel with conversion and median days, signed investment and jobs by
month, region, industry and origin, officer workload, SVG charts drawn on the server, and
an Excel export that reads back with the same numbers."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from tests.leads.factories import DUANZHOU, LeadFactory, activity_make
from tests.support import dangers_in, signed_in
from zhaoshang.leads.models import Lead, StageChange
from zhaoshang.leads.reports.figures import report_build
from zhaoshang.leads.services import lead_move

pytestmark = pytest.mark.django_db


def walk(lead: Lead, actor, *stages: str, amount: int | None = None) -> Lead:
    for stage in stages:
        lead = lead_move(
            actor=actor,
            lead=lead,
            version=lead.version,
            stage=stage,
            reason="Went elsewhere" if stage == "lost" else "",
            investment_amount=Decimal(amount) if amount and stage == "signed" else None,
        )
    return lead


@pytest.fixture
def pipeline(zhaoqing_manager, sihui_officer, usd):
    """Four leads: one signed in Sihui (HK), one operating in Duanzhou (VN, USD), one lost,
    one still a lead."""
    a = LeadFactory.create(company="A", industry="33", jobs=100, officers=[sihui_officer])
    walk(a, zhaoqing_manager, "contacted", "site_visit", "negotiating", "signed", amount=30_000_000)
    b = LeadFactory.create(
        company="B",
        origin="VN",
        region=DUANZHOU,
        industry="21",
        jobs=400,
        investment_amount=Decimal(2_000_000),
        investment_currency="USD",
    )
    walk(b, zhaoqing_manager, "contacted", "signed", "construction", "operating")
    c = LeadFactory.create(company="C", officers=[sihui_officer])
    walk(c, zhaoqing_manager, "contacted", "lost")
    LeadFactory.create(company="D", officers=[sihui_officer])
    # Spread the time: every stage change of A lasted 10 days.
    for change in StageChange.objects.filter(lead=a).exclude(from_stage=""):
        StageChange.objects.filter(pk=change.pk).update(days_in_from_stage=10)
    return a, b, c


def test_the_funnel_counts_how_far_leads_got_and_how_many_went_on(zhaoqing_manager, pipeline):
    funnel = {row.stage: row for row in report_build(zhaoqing_manager).funnel}
    # B skipped the site visit and negotiation: reaching signed, it got at least that far.
    stages = ("lead", "contacted", "site_visit", "negotiating", "signed")
    assert [funnel[s].reached for s in stages] == [4, 3, 2, 2, 2]
    assert funnel["lead"].conversion == pytest.approx(3 / 4)
    assert funnel["contacted"].conversion == pytest.approx(2 / 3)
    assert funnel["negotiating"].conversion == pytest.approx(1)
    assert funnel["operating"].reached == 1
    assert funnel["operating"].now == 1
    assert funnel["lead"].now == 1
    assert funnel["site_visit"].median_days == 10


def test_signed_investment_and_jobs_by_month_region_industry_and_origin(zhaoqing_manager, pipeline):
    report = report_build(zhaoqing_manager)
    month = f"{timezone.localdate():%Y-%m}"
    assert [(r.key, r.projects, r.investment, r.jobs) for r in report.by_month] == [
        (month, 2, Decimal("4420.00"), 500)
    ]
    assert {r.key: r.investment for r in report.by_region} == {
        "441284": Decimal("3000.00"),
        DUANZHOU: Decimal("1420.00"),
    }
    assert {r.key: r.projects for r in report.by_industry} == {"C": 2}
    assert {r.label: r.jobs for r in report.by_origin} == {"Hong Kong": 100, "Vietnam": 400}


def test_the_period_limits_what_counts_as_signed(zhaoqing_manager, pipeline):
    Lead.objects.filter(company="A").update(
        signed_on=timezone.localdate() - datetime.timedelta(days=400)
    )
    report = report_build(zhaoqing_manager)
    assert report.signed_total.projects == 1


def test_workload_per_officer(zhaoqing_manager, sihui_officer, pipeline):
    activity_make(pipeline[0], sihui_officer, days_ago=3, follow_up_in=-1)
    rows = {w.officer.username: w for w in report_build(zhaoqing_manager).workload}
    wei = rows["wei"]
    assert (wei.open_leads, wei.activities_30_days, wei.overdue_follow_ups) == (2, 1, 1)


def test_the_page_draws_charts_without_script(zhaoqing_manager, pipeline):
    page = signed_in(zhaoqing_manager).get("/en/officer/leads/reports/").content.decode()
    assert page.count('<svg class="chart"') >= 5
    charts = page[page.index('<svg class="chart"') : page.rindex("</svg>")]
    assert "<script" not in charts
    assert [d for d in dangers_in(charts) if d != "<svg>"] == []


def test_the_excel_export_reads_back_with_the_numbers_of_the_page(zhaoqing_manager, pipeline):
    report = report_build(zhaoqing_manager)
    response = signed_in(zhaoqing_manager).get("/en/officer/leads/reports/export.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    funnel = list(book["Funnel"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[2]) for r in funnel] == [(row.now, row.reached) for row in report.funnel]
    assert [r[4] for r in funnel] == [row.median_days for row in report.funnel]
    for sheet, rows in (
        ("By month", report.by_month),
        ("By region", report.by_region),
        ("By industry", report.by_industry),
        ("By origin", report.by_origin),
    ):
        read = list(book[sheet].iter_rows(min_row=2, values_only=True))
        assert read == [(r.label, r.projects, float(r.investment), r.jobs) for r in rows]
    workload = list(book["Workload"].iter_rows(min_row=2, values_only=True))
    assert [w[1] for w in workload] == [w.open_leads for w in report.workload]


def test_officers_do_not_see_reports(sihui_officer):
    assert signed_in(sihui_officer).get("/en/officer/leads/reports/").status_code == 403
