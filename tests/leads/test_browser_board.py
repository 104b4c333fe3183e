"""In Debian's Chromium: an officer moves cards on the board with the keyboard; a move to
on hold asks for the reason first."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.browser import chromium_page
from tests.factories import PASSWORD, UserFactory
from tests.leads.factories import SIHUI, LeadFactory, regions_give
from zhaoshang.core.roles import Role
from zhaoshang.leads.models import Lead
from zhaoshang.leads.services import lead_move

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_moves_cards_with_the_keyboard(live_server):
    officer = regions_give(
        UserFactory.create(username="wei", first_name="Wei", roles=[Role.PROMOTION_OFFICER]), SIHUI
    )
    new = LeadFactory.create(company="Kam Lung Electronics", officers=[officer])
    running = LeadFactory.create(
        company="Wing Fat Metal", officers=[officer], investment_amount=Decimal(1_000_000)
    )
    running = lead_move(actor=officer, lead=running, version=running.version, stage="operating")
    with chromium_page() as page:
        page.goto(f"{live_server.url}/en/account/sign-in/")
        page.fill("input[name=username]", "wei")
        page.fill("input[name=password]", PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url("**/en/officer/")
        page.goto(f"{live_server.url}/en/officer/leads/board/")

        page.locator(f"#card-{new.pk}").focus()
        page.keyboard.press("ArrowRight")
        page.locator(f'.column[data-stage="contacted"] #card-{new.pk}').wait_for()
        assert page.evaluate("document.activeElement.id") == f"card-{new.pk}"  # focus follows

        page.locator(f"#card-{running.pk}").focus()
        page.keyboard.press("ArrowRight")  # operating → on hold needs a reason
        dialog = page.get_by_role("dialog")
        dialog.wait_for()
        # Nothing moved yet (the ORM is not used inside the browser block: see browser.py).
        assert page.locator(f'.column[data-stage="operating"] #card-{running.pk}').count() == 1
        dialog.get_by_label("Reason").fill("The owner sells the business")
        dialog.get_by_role("button", name="Move").click()
        page.locator(f'.column[data-stage="on_hold"] #card-{running.pk}').wait_for()

    assert Lead.objects.get(pk=new.pk).stage == "contacted"
    held = Lead.objects.get(pk=running.pk)
    assert held.stage == "on_hold"
    assert held.stage_changes.latest("at").reason == "The owner sells the business"
