"""The import page in Debian's Chromium under the strict CSP: an officer checks a GeoJSON
file in Simplified Chinese and reads the counts and the problems; the page is photographed
at 1,366 px (var/screenshots/sites-import-zh-hans-1366.png) for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from tests.browser import chromium_page
from tests.factories import UserFactory
from tests.sites.import_files import SQUARE, feature, geojson_bytes, point, polygon
from zhaoshang.core.roles import Role
from zhaoshang.registry.services import reference_sync
from zhaoshang.sites.models import Parcel

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/screenshots")


def test_an_officer_checks_a_geojson_file_in_chinese(live_server, tmp_path):
    reference_sync()  # the counties (a transactional test starts empty)
    officer = UserFactory.create(roles=[Role.PROMOTION_OFFICER])
    client = Client()
    client.force_login(officer)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value}
    path = tmp_path / "地块.geojson"
    crossing = [SQUARE[0], SQUARE[2], SQUARE[1], SQUARE[3], SQUARE[0]]
    path.write_bytes(
        geojson_bytes(
            feature({"地块编号": "SH-2026-01", "县（市、区）": "四会市", "面积（亩）": 50},
                    polygon()),
            feature({"地块编号": "SH-2026-02", "县（市、区）": "四会市", "面积（亩）": 12,
                     "每亩价格（元）": -100}, point(112.74, 23.34)),
            feature({"地块编号": "SH-2026-03", "县（市、区）": "四会市", "面积（亩）": 8},
                    polygon(crossing)),
            feature({"地块编号": "SH-2026-04", "县（市、区）": "广州", "面积（亩）": 8},
                    point(113.26, 23.13)),
        )
    )  # fmt: skip
    SHOTS.mkdir(parents=True, exist_ok=True)
    with chromium_page(locale="zh-CN") as page:
        page.set_viewport_size({"width": 1366, "height": 900})
        page.context.add_cookies([{**cookie, "url": live_server.url}])
        page.goto(f"{live_server.url}/zh-hans/officer/sites/import/")
        page.set_input_files("input[name=file]", str(path))
        page.select_option("select[name=kind]", "parcel")
        page.locator("button[value=check]").click()
        page.locator("#site-import-report").wait_for()
        assert page.locator("#created").inner_text() == "1"
        assert page.locator("#refused").inner_text() == "3"
        problems = page.locator("#site-import-problems").inner_text()
        assert "数字不能为负数" in problems or "不能为负" in problems
        page.screenshot(path=str(SHOTS / "sites-import-zh-hans-1366.png"), full_page=True)
    assert not Parcel.objects.exists()  # checked only
