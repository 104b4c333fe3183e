"""The map page in Chromium: markers appear, a filter changes the list and the map
together, no CSP violation (chromium_page fails on any), at desktop and phone widths."""

from decimal import Decimal
from pathlib import Path

import pytest

from tests.browser import chromium_page
from zhaoshang.sites.models import Building, Parcel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/screenshots")


def test_map_shows_markers_and_a_filter_changes_list_and_map(live_server):
    Parcel.objects.create(
        number="SH-MAP-1", region_id="441284", area_m2=Decimal("40000"), lat=23.34, lng=112.74
    )
    Building.objects.create(
        code="B-MAP-1", region_id="441284", floor_area_m2=Decimal("8000"), lat=23.32, lng=112.70
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    with chromium_page() as page:
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(f"{live_server.url}/en/sites/")
        page.wait_for_selector("#sites-map[data-markers='2']")
        assert page.locator(".site-marker").count() + page.locator(".marker-cluster").count() >= 1
        assert page.locator(".site-list li[data-site]").count() == 2
        page.screenshot(path=str(SHOTS / "sites-1366.png"), full_page=True)
        page.select_option("#f-type", "land")
        page.click("form.site-filters button[type=submit]")
        page.wait_for_selector("#sites-map[data-markers='1']")
        assert page.locator(".site-list li[data-site]").count() == 1
        assert "SH-MAP-1" in page.locator(".site-results").inner_text()
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(SHOTS / "sites-390.png"), full_page=True)
