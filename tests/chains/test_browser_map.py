"""The chain map in Chromium, signed in as an officer: the graph and the table show, a box
leads to its link's page, no CSP violation (chromium_page fails on any); screenshots at
1,366 px in 简体 and at 390 px."""

from pathlib import Path

import pytest
from django.test import Client

from tests.browser import chromium_page
from tests.chains.conftest import battery_maker
from tests.factories import UserFactory
from zhaoshang.chains.classification import placements_rebuild
from zhaoshang.chains.services import chains_load_if_empty
from zhaoshang.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("var/screenshots")


def test_chain_map_in_the_browser(live_server):
    chains_load_if_empty()
    for region, revenue in (("441284", 90_000), ("441284", 4_000), ("441202", 20_000)):
        battery_maker(region, revenue)
    placements_rebuild()
    officer = UserFactory.create(username="otto", roles=[Role.PROMOTION_OFFICER])
    client = Client()
    client.force_login(officer)
    cookie = {
        "name": "sessionid",
        "value": client.cookies["sessionid"].value,
        "url": live_server.url,
    }
    SHOTS.mkdir(parents=True, exist_ok=True)
    with chromium_page(locale="zh-CN") as page:
        page.context.add_cookies([cookie])
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(f"{live_server.url}/zh-hans/officer/chains/nev_battery/?region=441284")
        assert page.locator("svg.chain-map .node").count() >= 12
        assert page.locator("svg.chain-map .node.missing").count() >= 1
        assert "电池（电芯）" in page.locator(".chain-table").inner_text()
        page.screenshot(path=str(SHOTS / "chain-map-1366-zh-hans.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 844})
        page.screenshot(path=str(SHOTS / "chain-map-390.png"), full_page=True)
        page.locator("svg.chain-map a.node").nth(6).click()
        page.wait_for_selector("h1")
        assert "/officer/chains/nev_battery/" in page.url
