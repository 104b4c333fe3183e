"""In Debian's Chromium, over the demo data: the main pages of every role load under the
Content-Security-Policy with no violation and no console error, and what their scripts do
(copy a link, preview a post, drag a card, build a rule, poll an import) still works.

``chromium_page`` fails the test on any violation or console error (see tests/browser.py);
each visit also checks that the page was sent with the policy, so that a page without it
cannot pass by having nothing to violate.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from tests.browser import chromium_page
from tests.factories import UserFactory
from zhaoshang.core.models import User
from zhaoshang.core.roles import Role
from zhaoshang.core.tasks import task_submit
from zhaoshang.leads.models import AftercareVisit, Lead
from zhaoshang.policies.models import Policy
from zhaoshang.portal.models import Label, Post
from zhaoshang.registry.models import Enterprise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LANGUAGES = ("en", "zh-hans", "zh-hant")


def cookie_of(user: User, url: str) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}


def visit(page: Any, url: str) -> Any:
    """Open ``url``; it must answer 200 with the policy's key directives."""
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, url
    policy = response.headers.get("content-security-policy", "")
    for directive in ("default-src 'self'", "script-src 'self'", "object-src 'none'"):
        assert directive in policy, f"{url}: {directive!r} missing from {policy!r}"
    return response


def as_user(page: Any, cookie: dict[str, str]) -> None:
    page.context.clear_cookies()
    page.context.add_cookies([cookie])


@pytest.fixture
def demo(live_server) -> dict[str, Any]:
    """The demo data, an administrator, a queued import and the objects the pages show."""
    call_command("load_demo", demo_password="Sihui-harbour-2026", stdout=io.StringIO())
    administrator = UserFactory.create(username="ada", roles=[Role.ADMINISTRATOR])
    demo_roles = ("enterprise", "officer", "policy", "manager")
    users = {name: User.objects.get(username=name) for name in demo_roles}
    users["administrator"] = administrator
    policy = Policy.objects.filter(status=Policy.Status.OPEN).order_by("pk").first()
    assert policy is not None
    return {
        "users": users,
        "post": Post.objects.visible().order_by("pk").first(),
        "label": Label.objects.order_by("pk").first(),
        "lead": Lead.objects.order_by("pk").first(),
        "visit": AftercareVisit.objects.order_by("pk").first(),
        "enterprise": Enterprise.objects.order_by("pk").first(),
        "policy": policy,
        # Nothing runs the worker here: the task stays queued and its page keeps polling.
        "task": task_submit(
            "registry.import_enterprises",
            actor=administrator,
            path="/nonexistent.csv",
            filename="enterprises.csv",
            dry_run=True,
            actor_id=administrator.pk,
        ),
    }


def test_public_pages_in_every_language_and_the_api_docs(live_server, demo):
    base = live_server.url
    post, label, policy = demo["post"], demo["label"], demo["policy"]
    with chromium_page() as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        for lang in LANGUAGES:
            for path in (
                "",
                f"posts/{post.slug}/",
                f"labels/{label.slug}/",
                "archive/",
                "search/?q=factory",
                "contacts/",
                "enquiry/",
                "policies/",
                f"policies/{policy.slug}/",
                f"policies/{policy.slug}/check/",
                "account/sign-in/",
                "account/reset/",
            ):
                visit(page, f"{base}/{lang}/{path}")

        # The copy-link button of a post (portal/copy.js) still copies.
        visit(page, f"{base}/en/posts/{post.slug}/")
        button = page.locator("[data-copy]").first
        copied = button.get_attribute("data-copied")
        button.click()
        expect(button).to_have_text(copied)
        # The browser applies the Permissions-Policy: writing to the clipboard is allowed,
        # the camera, the microphone, geolocation, payment and USB are not.
        allowed = page.evaluate(
            "['clipboard-write', 'camera', 'microphone', 'geolocation', 'payment', 'usb']"
            ".filter((feature) => document.featurePolicy.allowsFeature(feature))"
        )
        assert allowed == ["clipboard-write"]

        # The API's interactive docs (django-ninja's Swagger UI from our static files).
        visit(page, f"{base}/api/docs")
        page.locator(".swagger-ui .opblock").first.wait_for()


def test_signed_in_pages_of_every_role(live_server, demo):
    base = live_server.url
    # Sessions are made before the browser starts: the ORM is not used inside its block
    # (a connection opened there would outlive the test; see tests/browser.py).
    cookies = {role: cookie_of(user, base) for role, user in demo["users"].items()}
    lead, policy, task = demo["lead"], demo["policy"], demo["task"]
    with chromium_page() as page:
        # Each role's pages in the three languages: the policy and axe see each of them.
        as_user(page, cookies["enterprise"])
        for language in LANGUAGES:
            for path in (
                "my-enterprise/",
                "my-policies/",
                "account/profile/",
                "account/notifications/",
            ):
                visit(page, f"{base}/{language}/{path}")

        as_user(page, cookies["officer"])
        for language in LANGUAGES:
            for path in (
                "officer/",
                "officer/leads/",
                f"officer/leads/{lead.pk}/",
                "officer/leads/new/",
                "officer/leads/follow-ups/",
                "officer/leads/triage/",
                "officer/enterprises/",
                f"officer/enterprises/{demo['enterprise'].pk}/",
                "officer/posts/",
                "officer/enquiries/",
                "officer/sites/",
                "officer/projects/",
                "officer/chains/",
                "account/profile/",
            ):
                visit(page, f"{base}/{language}/{path}")
        if demo["visit"] is not None:
            visit(page, f"{base}/en/officer/visits/{demo['visit'].pk}/")

        # The post editor's preview goes through htmx with the CSRF header (core/htmx-csrf.js).
        visit(page, f"{base}/en/officer/posts/new/")
        page.locator("textarea[name$=body_en]").fill("Hello **Sihui**")
        page.locator("fieldset.version[lang=en] .preview-button").click()
        page.locator("#preview-en strong").filter(has_text="Sihui").wait_for()

        # A card dragged with the mouse to the next column moves there (leads/board.js).
        visit(page, f"{base}/en/officer/leads/board/")
        card = page.locator('.column[data-stage="lead"] .lead-card').first
        card_id = card.get_attribute("id")
        # Dropped on the column's heading, which needs no scrolling on the way.
        card.drag_to(page.locator("#col-contacted"))
        page.locator(f'.column[data-stage="contacted"] #{card_id}').wait_for()

        as_user(page, cookies["policy"])
        visit(page, f"{base}/en/officer/policies/")
        visit(page, f"{base}/en/officer/policies/{policy.pk}/versions/")
        # The rule builder draws the saved rule and htmx counts its impact.
        visit(page, f"{base}/en/officer/policies/{policy.pk}/")
        expect(page.locator(".rb-criterion").first).to_be_visible()
        page.locator("#impact-eligible").wait_for()
        expect(page.locator("ol.funnel .bar").first).to_be_visible()
        visit(page, f"{base}/zh-hant/officer/policies/new/")
        # The edit is sent to the server 400 ms later: wait for it, or it would leave with the
        # next role's cookies (a 403 that the page never sees, as a slow machine showed).
        with page.expect_response(lambda r: "/rule/format/" in r.url) as formatted:
            page.get_by_role("button", name="新增條件").first.click()
        assert formatted.value.status == 200
        expect(page.locator(".rb-criterion")).to_have_count(1)

        as_user(page, cookies["manager"])
        visit(page, f"{base}/en/officer/leads/reports/")
        expect(page.locator("main svg").first).to_be_visible()
        visit(page, f"{base}/en/officer/audit/")

        as_user(page, cookies["administrator"])
        for path in (
            "officer/enterprises/import/",
            "officer/import/blogger/",
            "officer/audit/",
            "officer/settings/",
            f"officer/history/leads/lead/{lead.pk}/",
        ):
            visit(page, f"{base}/en/{path}")
        for path in (
            "",
            "portal/post/",
            f"portal/post/{demo['post'].pk}/change/",
            "core/user/add/",
            "core/auditevent/",
        ):
            visit(page, f"{base}/admin/{path}")
        # The page of a queued import polls its progress every second.
        progress = re.compile(rf".*/officer/imports/{task.pk}/$")
        visit(page, f"{base}/en/officer/imports/{task.pk}/")
        for _poll in range(2):
            with page.expect_response(
                lambda r: bool(progress.match(r.url)) and r.request.headers.get("hx-request")
            ):
                pass


def test_the_shared_browser_fixture_fails_on_an_inline_script(live_server):
    page_with_inline_script = {
        "status": 200,
        "headers": {
            "Content-Type": "text/html; charset=utf-8",
            "Content-Security-Policy": "default-src 'self'",
        },
        "body": "<!doctype html><title>x</title><script>document.title = 'ran';</script>",
    }
    refused = pytest.raises(pytest.fail.Exception, match=r"CSP violation: .*script-src-elem")
    with refused, chromium_page() as page:
        page.route(f"{live_server.url}/inline", lambda r: r.fulfill(**page_with_inline_script))
        page.goto(f"{live_server.url}/inline")
        assert page.title() == "x"  # the script did not run
