"""The targets dashboard in Chromium over the demo data: it renders with no CSP violation
(chromium_page fails on any) in English and Simplified Chinese at 1366 px and on a phone,
and the leaders' summary prints on one A4 page."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from tests.browser import chromium_page
from zhaoshang.core.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/screenshots")


def _cookie(user: User, url: str) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}


def test_dashboard_renders_and_the_summary_prints_on_one_a4_page(live_server):
    call_command("load_demo", demo_password="Sihui-harbour-2026", stdout=io.StringIO())
    manager = User.objects.get(username="manager")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with chromium_page() as page:
        page.context.add_cookies([_cookie(manager, live_server.url)])
        for language in ("en", "zh-hans"):
            page.set_viewport_size({"width": 1366, "height": 900})
            response = page.goto(f"{live_server.url}/{language}/officer/targets/?year=2025")
            assert response is not None
            assert response.status == 200
            assert page.locator("svg.month-chart").count() == 7
            assert page.locator("table.ranking tbody tr").count() == 8  # Zhaoqing's counties
            page.screenshot(path=str(SHOTS / f"targets-{language}-1366.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{live_server.url}/zh-hans/officer/targets/?year=2025")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390 + 2, width
        page.screenshot(path=str(SHOTS / "targets-zh-hans-390.png"), full_page=True)
        page.goto(f"{live_server.url}/zh-hans/officer/targets/summary/?year=2025")
        pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
        (SHOTS / "targets-summary.pdf").write_bytes(pdf)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages == 1, pages
        page.set_viewport_size({"width": 794, "height": 1123})
        page.screenshot(path=str(SHOTS / "targets-summary-a4.png"), full_page=True)
