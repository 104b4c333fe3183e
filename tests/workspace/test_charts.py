"""Report charts name what they show: a caption, both axes (the value axis with its unit),
and the numbers in a table behind the chart, formatted for the reader's language."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from zhaoshang.leads.reports.charts import bar_chart

pytestmark = pytest.mark.django_db


def test_a_chart_has_a_caption_named_axes_and_a_table_of_its_numbers():
    from zhaoshang.core.formatting import format_wan

    with translation.override("zh-hans"):
        html = bar_chart(
            [("四会市", Decimal("12000")), ("高要区", Decimal("3500"))],
            title="按地区的签约投资",
            category_axis="地区",
            value_axis="签约投资（元）",
            text=format_wan,
        )
    assert "<figcaption>按地区的签约投资</figcaption>" in html
    assert '<text x="202" y="14" text-anchor="end" class="axis">地区</text>' in html
    assert 'class="axis">签约投资（元）</text>' in html
    assert "<details" in html
    assert "<table" in html
    assert (
        '<td data-label="地区">四会市</td><td class="num" data-label="签约投资（元）">1.2亿元</td>'
        in html
    )


def test_the_report_page_shows_every_chart_with_its_table(manager_client):
    from tests.leads.factories import LeadFactory

    LeadFactory.create(company="Wing Fat Textiles")
    page = manager_client.get("/en/officer/leads/reports/").content.decode()
    assert "<figcaption>Leads that reached each stage</figcaption>" in page
    assert 'class="axis">Leads (number)</text>' in page
    assert "The numbers behind the chart" in page
