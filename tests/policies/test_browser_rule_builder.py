"""In Debian's Chromium: a policy officer builds a rule in the builder with the mouse and
the keyboard, sees the text form follow and the impact count change, types the text form
and sees the builder follow, changes the benefit and sees the total follow, and saves."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.browser import chromium_page
from tests.factories import UserFactory
from tests.policies.factories import EnterpriseFactory
from zhaoshang.core.roles import Role
from zhaoshang.policies.models import Policy
from zhaoshang.rules import parse_rule, parse_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def rule_text(expected: str) -> re.Pattern[str]:
    """The text form showing ``expected``, give or take surrounding white space.

    (A ``wait_for_function`` string would be evaluated in the page, which its
    Content-Security-Policy forbids; Playwright's assertions evaluate nothing.)"""
    return re.compile(rf"^\s*{re.escape(expected)}\s*$")


def session_cookie(user, url: str) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}


def test_a_rule_built_with_mouse_and_keyboard_shows_as_text_and_in_the_count(live_server):
    officer = UserFactory.create(username="fang", roles=[Role.POLICY_OFFICER])
    for revenue in (2500, 2600, 8000, 100):
        EnterpriseFactory.with_figures(revenue=Decimal(revenue), employees=120)
    EnterpriseFactory.with_figures(revenue=Decimal(9000), employees=20)
    cookie = session_cookie(officer, live_server.url)  # the ORM is not used inside the page
    with chromium_page() as page:
        page.context.add_cookies([cookie])
        page.goto(f"{live_server.url}/en/officer/policies/new/")
        text = page.locator("#id_rule_text")
        eligible = page.locator("#impact-eligible")

        # The mouse adds a criterion: main-business revenue at least the above-size threshold.
        page.get_by_role("button", name="Add a criterion").first.click()
        expect(text).to_have_value(rule_text("revenue >= above_size_threshold"))
        eligible.filter(has_text=re.compile(r"^4$")).wait_for()

        # The keyboard adds a second one and sets it to employees at least 100.
        page.get_by_role("button", name="Add a criterion").first.focus()
        page.keyboard.press("Enter")
        second = page.locator(".rb-criterion").nth(1)
        subject = second.get_by_label("Field")
        assert subject.evaluate("node => node === document.activeElement")
        subject.select_option("field:employees")
        second.get_by_label("Value: Compare with").select_option("literal")
        value = page.locator(".rb-criterion").nth(1).get_by_label("Value", exact=True)
        value.focus()
        page.keyboard.press("Control+A")
        page.keyboard.type("100")
        expect(text).to_have_value(
            rule_text("revenue >= above_size_threshold and employees >= 100")
        )
        eligible.filter(has_text=re.compile(r"^3$")).wait_for()

        # Moving the second criterion up with the keyboard keeps the focus on it.
        page.locator(".rb-criterion").nth(1).get_by_role("button", name="Move up").focus()
        page.keyboard.press("Enter")
        expect(text).to_have_value(
            rule_text("employees >= 100 and revenue >= above_size_threshold")
        )
        assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Move down"

        # Typing the text form rebuilds the builder and recounts.
        text.fill("revenue >= 2550")
        page.locator("#rule-text-problem .ok").wait_for()
        eligible.filter(has_text=re.compile(r"^3$")).wait_for()
        expect(page.locator(".rb-criterion")).to_have_count(1)
        value = page.locator(".rb-criterion").get_by_label("Value", exact=True)
        assert value.input_value() == "2550"

        # A typing mistake is located under the text.
        text.fill("revenue >= ")
        page.locator("#rule-text-problem .problem-message").filter(
            has_text="Line 1, column 12"
        ).wait_for()
        text.fill("revenue >= 2550 and industry_code within C13..C43")
        page.locator("#rule-text-problem .ok").wait_for()

        # A change of the benefit recounts the estimated total: 3 enterprises × 1 million.
        page.locator("#id_benefit_kind").select_option("fixed")
        page.locator("#id_benefit_amount").fill("100")
        page.locator("#id_benefit_amount").blur()
        page.locator("#impact-benefit").filter(has_text="3 million yuan").wait_for()

        page.locator("#id_slug").fill("builder-award")
        page.locator("#id_title_en").fill("Builder award")
        page.locator("#id_issuing_body").fill("Sihui Bureau of Industry")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(r".*/en/officer/policies/\d+/$"))
        # The saved policy's page counts its impact; let that request end with the test.
        page.locator("#impact-eligible").filter(has_text=re.compile(r"^3$")).wait_for()
        page.wait_for_load_state("networkidle")
    saved = Policy.objects.get(slug="builder-award")
    assert parse_rule(saved.rule).structure() == (
        parse_text("revenue >= 2550 and industry_code within C13..C43").structure()
    )
