"""In Debian's Chromium: the main officer pages fit a 1,366 px screen without a horizontal
scroll (the leads board scrolls inside itself), and on a 390 px phone the menu button opens
the workspace's navigation."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from tests.browser import chromium_page
from zhaoshang.core.models import User
from zhaoshang.leads.models import Lead
from zhaoshang.registry.models import Enterprise

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "officer/",
    "officer/search/?q=四会",
    "officer/leads/",
    "officer/leads/board/",
    "officer/leads/follow-ups/",
    "officer/leads/reports/",
    "officer/enterprises/",
    "officer/policies/",
    "officer/audit/",
    "account/notifications/",
]


def _overflow(page: Any) -> int:
    return int(
        page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    )


def test_officer_pages_fit_the_screen_and_the_phone_menu_opens(live_server):
    call_command("load_demo", demo_password="Sihui-harbour-2026", stdout=io.StringIO())
    manager = User.objects.get(username="manager")
    lead = Lead.objects.order_by("pk").first()
    enterprise = Enterprise.objects.order_by("pk").first()
    assert lead is not None
    assert enterprise is not None
    pages = [*PAGES, f"officer/leads/{lead.pk}/", f"officer/enterprises/{enterprise.pk}/"]
    client = Client()
    client.force_login(manager)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value}
    base = live_server.url
    with chromium_page() as page:
        page.context.add_cookies([{**cookie, "url": base}])
        page.set_viewport_size({"width": 1366, "height": 768})
        wide = {}
        for lang in ("en", "zh-hans"):
            for path in pages:
                response = page.goto(f"{base}/{lang}/{path}")
                assert response is not None, path
                assert response.status == 200, path
                if _overflow(page) > 0:
                    wide[f"{lang}/{path}"] = _overflow(page)
        assert wide == {}

        page.set_viewport_size({"width": 390, "height": 844})
        for path in ("officer/", "officer/leads/", "officer/audit/"):
            page.goto(f"{base}/en/{path}")
            assert _overflow(page) <= 0, path
        button = page.locator("[data-menu-toggle]")
        nav = page.locator(".ws-nav")
        assert button.get_attribute("aria-expanded") == "false"
        assert not nav.is_visible()
        button.click()
        assert button.get_attribute("aria-expanded") == "true"
        assert nav.is_visible()
        button.click()
        assert not nav.is_visible()
