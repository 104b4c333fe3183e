"""In Debian's Chromium: the versions page follows a push without being reloaded, from
queued to done, and ends on the real counts instead of the zeros it started with."""

from __future__ import annotations

import pytest

from tests.browser import chromium_page
from tests.factories import PASSWORD, UserFactory
from tests.policies.factories import PolicyFactory
from zhaoshang.core.roles import Role
from zhaoshang.core.tasks import task_run_next
from zhaoshang.policies.services import policy_publish

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_versions_page_shows_the_finished_push_with_its_counts(live_server, registry):
    UserFactory.create(username="fang", roles=[Role.POLICY_OFFICER])
    policy = PolicyFactory.create()
    version = policy_publish(actor=None, policy=policy)
    with chromium_page() as page:
        page.goto(f"{live_server.url}/en/account/sign-in/")
        page.fill("input[name=username]", "fang")
        page.fill("input[name=password]", PASSWORD)
        page.locator("main button[type=submit]").click()
        page.wait_for_url("**/en/officer/")
        page.goto(f"{live_server.url}/en/officer/policies/{policy.pk}/versions/")
        row = page.locator(f"#version-{version.number}")
        assert "Queued: waiting for the background worker" in row.inner_text()
        assert "0 matches" in row.inner_text()
        page.evaluate("window.__loaded = true")  # gone if the page were reloaded

        task_run_next()  # the worker runs the push while the page is open

        page.locator(f"#version-{version.number} .push-done").wait_for()
        text = page.locator(f"#version-{version.number}").inner_text()
        assert page.evaluate("window.__loaded === true")
    assert "3 qualify, 1 may qualify" in text
    assert "4 matches" in text
    assert "waiting" not in text
