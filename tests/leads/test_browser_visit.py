"""In Debian's Chromium: an aftercare visit saves with no action at all (the empty row's
pre-chosen topic and owner do not make it an action), and "Add an action" adds a row in
place whose action is saved with the visit."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from tests.browser import chromium_page
from tests.factories import PASSWORD, UserFactory
from tests.leads.factories import SIHUI, enterprise_make, regions_give
from zhaoshang.core.roles import Role
from zhaoshang.leads.models import AftercareVisit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visit_saves_with_no_action_and_then_with_one_added_row(live_server):
    regions_give(
        UserFactory.create(username="wei", first_name="Wei", roles=[Role.PROMOTION_OFFICER]), SIHUI
    )
    quiet = enterprise_make("四会市安静五金有限公司")
    busy = enterprise_make("四会市繁忙电子有限公司")
    due = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    with chromium_page() as page:
        page.goto(f"{live_server.url}/en/account/sign-in/")
        page.fill("input[name=username]", "wei")
        page.fill("input[name=password]", PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url("**/en/officer/")

        page.goto(f"{live_server.url}/en/officer/enterprises/{quiet.pk}/visits/new/")
        assert page.locator("tr.action-row").count() == 1
        page.fill("textarea[name=summary]", "All well, nothing needed")
        page.get_by_role("button", name="Record the visit").click()
        page.wait_for_url("**/en/officer/visits/*/")
        assert "The visit is recorded." in page.content()

        page.goto(f"{live_server.url}/en/officer/enterprises/{busy.pk}/visits/new/")
        page.get_by_role("button", name="Add an action").click()
        assert page.locator("tr.action-row").count() == 2
        # The row was added in place: the page did not reload and the focus is in it.
        assert page.evaluate("document.activeElement.name") == "actions-1-description"
        page.select_option("select[name=actions-1-topic]", "financing")
        page.fill("input[name=actions-1-description]", "Needs a working-capital loan")
        page.fill("input[name=actions-1-due_on]", due)
        page.get_by_role("button", name="Record the visit").click()
        page.wait_for_url("**/en/officer/visits/*/")
        assert "Needs a working-capital loan" in page.content()

    assert AftercareVisit.objects.get(enterprise=quiet).actions.count() == 0
    action = AftercareVisit.objects.get(enterprise=busy).actions.get()
    assert (action.topic, action.owner.username) == ("financing", "wei")
    assert action.due_on.isoformat() == due
