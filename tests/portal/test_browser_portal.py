"""In Debian's Chromium: a reader of 繁體中文 opens a label page, searches, and sends an
enquiry."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser import chromium_page
from tests.factories import LabelFactory, PostFactory
from zhaoshang.portal.models import Enquiry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_browses_a_label_searches_and_sends_an_enquiry(live_server):
    label = LabelFactory.create(name_en="Relocation", name_zh_hant="產業轉移", slug="relocation")
    PostFactory.create(
        versions={
            "en": ("Moving a factory", "x"),
            "zh-hant": ("工廠遷移到四會", "越南工廠的故事。"),
        },
        labels=[label],
    )
    with chromium_page(locale="zh-TW") as page:
        page.goto(f"{live_server.url}/zh-hant/labels/relocation/")
        assert page.get_by_role("heading", level=1).inner_text() == "標籤為「產業轉移」的文章"
        page.get_by_role("link", name="工廠遷移到四會").wait_for()

        page.get_by_role("searchbox").first.fill("工厂")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r".*/zh-hant/search/\?q=.*"))
        assert page.locator("mark").first.inner_text() == "工廠"

        page.goto(f"{live_server.url}/zh-hant/enquiry/")
        page.locator("#id_name").fill("Tran Thi Binh")
        page.locator("#id_email").fill("binh@example.vn")
        page.locator("#id_origin").select_option("VN")
        page.locator("#id_industry_code").select_option("21")
        page.locator("#id_message").fill("我們想了解四會的工業用地。")
        page.locator("#id_consent").check()
        page.locator("form.enquiry-form button[type=submit]").click()
        page.wait_for_url("**/zh-hant/enquiry/sent/**")
        reference = page.locator("#reference").inner_text()
    assert re.fullmatch(r"ZS-\d{4}-\d{6}", reference)
    assert Enquiry.objects.get().reference == reference


def test_after_a_failed_enquiry_focus_is_on_the_summary_whose_links_reach_the_fields(
    live_server,
):
    with chromium_page() as page:
        page.goto(f"{live_server.url}/en/enquiry/")
        page.locator("#id_name").fill("Tran Thi Binh")
        page.locator("#id_email").fill("not-an-address")
        page.locator("form.enquiry-form button[type=submit]").click()
        summary = page.locator("#error-summary")
        expect(summary).to_be_focused()
        assert page.title().startswith("Error: ")
        summary.get_by_role("link", name=re.compile("^email", re.I)).click()
        expect(page.locator("#id_email")).to_be_focused()
    assert not Enquiry.objects.exists()
