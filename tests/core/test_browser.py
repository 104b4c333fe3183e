"""In Debian's Chromium: home page, switch to 繁體中文, sign in as an officer."""

from __future__ import annotations

import pytest

from tests.browser import chromium_page
from tests.factories import PASSWORD, UserFactory
from zhaoshang.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_switches_to_traditional_chinese_and_signs_in(live_server):
    UserFactory.create(
        username="wei", first_name="Wei", last_name="Chen", roles=[Role.PROMOTION_OFFICER]
    )
    with chromium_page() as page:
        page.goto(f"{live_server.url}/en/")
        assert page.locator("html").get_attribute("lang") == "en"
        page.get_by_role("link", name="繁體中文").click()
        page.wait_for_url("**/zh-hant/")
        assert page.locator("html").get_attribute("lang") == "zh-hant"
        page.get_by_role("link", name="登入").click()
        page.wait_for_url("**/zh-hant/account/sign-in/**")
        page.get_by_label("使用者名稱").fill("wei")
        page.get_by_label("密碼").fill(PASSWORD)
        page.get_by_role("button", name="登入").click()
        page.wait_for_url("**/zh-hant/officer/")
        assert page.get_by_role("heading", level=1).inner_text() == "今日"
