"""A zh-Hant page is in Traditional throughout: regions, industries and issuing bodies (kept
in Simplified) are converted when shown, on the public policy pages, the enterprise user's
page and the officers' enterprise list with its filters of every region and industry."""

from __future__ import annotations

import html
import re
from functools import cache

import opencc
import pytest
from django.utils import translation

from tests.policies.factories import EnterpriseFactory, PolicyFactory
from tests.support import signed_in
from zhaoshang.core.scripts import in_reader_script
from zhaoshang.policies.models import Policy
from zhaoshang.registry.models import Industry, Region

pytestmark = pytest.mark.django_db

CHINESE_RUN = re.compile(r"[\u3400-\u9fff]+")


@cache
def _converters() -> tuple[opencc.OpenCC, opencc.OpenCC]:
    return opencc.OpenCC("s2tw"), opencc.OpenCC("s2hk")


def simplified_left(page: str) -> list[str]:
    """The runs of Chinese in the page (text and attributes, but not the language switcher's
    own name of Simplified Chinese) that OpenCC still changes when converting to Traditional
    by Taiwan's standard and by Hong Kong's: each leaves alone forms the other changes (平台,
    兌), so a run both change is Simplified by any standard."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<a [^>]*lang="zh-hans"[^>]*>[^<]*</a>', " ", page)
    taiwan, hong_kong = _converters()
    return sorted(
        {
            run
            for run in CHINESE_RUN.findall(html.unescape(page))
            if taiwan.convert(run) != run and hong_kong.convert(run) != run
        }
    )


@pytest.fixture
def open_policy() -> Policy:
    return PolicyFactory.create(
        slug="zhaoqing-award",
        title_zh_hant="肇慶技改獎勵",
        issuing_body="肇庆市工业和信息化局",
        region_scope=Region.objects.get(code="441200"),
        status=Policy.Status.OPEN,
    )


def test_the_conversion_keeps_official_names_and_only_serves_traditional_readers():
    assert in_reader_script("通用设备制造业", "zh-hant") == "通用設備製造業"  # not 裝置
    assert in_reader_script("肇庆市工业和信息化局", "zh-hant") == "肇慶市工業和信息化局"
    assert in_reader_script("肇庆市", "zh-hans") == "肇庆市"
    assert in_reader_script("肇庆市", "en") == "肇庆市"


def test_reference_names_follow_the_readers_script():
    region, industry = Region.objects.get(code="441284"), Industry.objects.get(code="39")
    with translation.override("zh-hant"):
        assert (region.name, industry.name) == ("四會市", "計算機、通信和其他電子設備製造業")
    with translation.override("zh-hans"):
        assert (region.name, industry.name) == ("四会市", "计算机、通信和其他电子设备制造业")


def test_public_policy_pages_show_no_simplified_to_a_traditional_reader(client, open_policy):
    listing = client.get("/zh-hant/policies/").content.decode()
    detail = client.get("/zh-hant/policies/zhaoqing-award/").content.decode()
    assert "肇慶市工業和信息化局" in listing
    assert "肇慶市" in detail
    assert simplified_left(listing) == []
    assert simplified_left(detail) == []


def test_an_enterprises_page_shows_no_simplified(officer):
    enterprise = EnterpriseFactory.create(name="Sihui Test Ltd", industry_code="3971")
    page = signed_in(officer).get(f"/zh-hant/officer/enterprises/{enterprise.pk}/").content.decode()
    assert "四會市" in page
    assert "計算機、通信和其他電子設備製造業" in page
    assert simplified_left(page) == []


def test_the_officers_enterprise_list_and_its_filters_show_no_simplified(officer):
    EnterpriseFactory.create(name="Sihui Test Ltd")
    page = signed_in(officer).get("/zh-hant/officer/enterprises/").content.decode()
    assert "廣東省" in page or "四會市" in page
    assert simplified_left(page) == []
