"""In Debian's Chromium: an officer moves cards on the board with the keyboard; a move to
on hold asks for the reason first."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

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


def test_a_keyboard_move_is_announced_and_undone_keeping_the_days_in_stage(live_server):
    officer = regions_give(
        UserFactory.create(username="mei", first_name="Mei", roles=[Role.PROMOTION_OFFICER]), SIHUI
    )
    lead = LeadFactory.create(company="Kam Lung Electronics", officers=[officer])
    Lead.objects.filter(pk=lead.pk).update(stage_changed_at=timezone.now() - timedelta(days=12))
    cold = LeadFactory.create(company="Ocean Textiles", officers=[officer])
    with chromium_page() as page:
        page.set_viewport_size({"width": 900, "height": 700})
        page.goto(f"{live_server.url}/en/account/sign-in/")
        page.fill("input[name=username]", "mei")
        page.fill("input[name=password]", PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url("**/en/officer/")
        page.goto(f"{live_server.url}/en/officer/leads/board/")

        page.locator(f"#card-{lead.pk}").focus()
        page.keyboard.press("ArrowRight")
        page.locator(f'.column[data-stage="contacted"] #card-{lead.pk}').wait_for()
        expect(page.locator("#board-announce")).to_have_text(
            "Kam Lung Electronics moved to Contacted."
        )
        page.get_by_role("button", name="Undo").click()
        page.locator(f'.column[data-stage="lead"] #card-{lead.pk}').wait_for()
        expect(page.locator("#board-announce")).to_contain_text("Move undone")
        expect(page.locator(f"#card-{lead.pk}")).to_be_focused()

        # Any stage from the card's menu, by the keyboard alone: lead → lost.
        page.locator(f"#card-{cold.pk}").focus()
        page.keyboard.press("m")
        menu = page.locator("#stage-dialog")
        expect(menu).to_be_visible()
        menu.get_by_label("Lost").check()
        menu.get_by_role("button", name="Move").click()
        reason = page.locator("#move-dialog")
        reason.get_by_label("Reason").fill("Chose another city")
        reason.get_by_role("button", name="Move").click()
        lost = page.locator(f'.column[data-stage="lost"] #card-{cold.pk}')
        lost.wait_for()

        # The lost column lies outside the board's visible part at this width: focusing
        # the card scrolls the board to it.
        page.locator(f"#card-{lead.pk}").focus()
        lost.focus()
        box = lost.bounding_box()
        board = page.locator("#board").bounding_box()
        assert box is not None
        assert board is not None
        assert box["x"] >= board["x"]
        assert box["x"] + box["width"] <= board["x"] + board["width"] + 1

    kept = Lead.objects.get(pk=lead.pk)
    assert kept.stage == "lead"
    assert kept.days_in_stage == 12
    assert not kept.stage_changes.filter(to_stage="contacted").exists()
    assert Lead.objects.get(pk=cold.pk).stage == "lost"
