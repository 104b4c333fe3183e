"""In Debian's Chromium: the investor's page (map drawn with the vendored Leaflet, no CSP
violation, no console error) in the three languages at a laptop's and a phone's width, and
the composer."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.browser import chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1366, 390])
def test_the_investor_page_and_its_map_load_under_the_policy(live_server, sent, width):
    _proposal, token = sent
    with chromium_page() as page:
        page.set_viewport_size({"width": width, "height": 900})
        for language in ("en", "zh-hans", "zh-hant"):
            response = page.goto(f"{live_server.url}/{language}/p/{token}/")
            assert response is not None
            assert response.status == 200
            assert "script-src 'self'" in response.headers["content-security-policy"]
            expect(page.locator("#proposal-map")).to_have_attribute("data-markers", "1")
            expect(page.locator(".proposal-site h3").first).to_be_visible()


def test_the_composer_saves_and_previews(live_server, wei, draft):
    client = Client()
    client.force_login(wei)
    cookie = {
        "name": "sessionid",
        "value": client.cookies["sessionid"].value,
        "url": live_server.url,
    }
    with chromium_page() as page:
        page.context.add_cookies([cookie])
        page.goto(f"{live_server.url}/en/officer/proposals/{draft.pk}/edit/")
        page.fill("#id_greeting_en", "Dear Mr Nguyen, here is our offer.")
        page.get_by_role("button", name="Save and preview").click()
        expect(page.locator(".proposal-greeting")).to_contain_text("here is our offer")
        page.locator(".proposal-preview-bar").get_by_role("button", name="Send").click()
        expect(page.locator(".proposal-link")).to_contain_text("/en/p/")


def test_the_composer_attaches_a_pdf(live_server, wei, draft, tmp_path):
    pdf = tmp_path / "parcel plan.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
    client = Client()
    client.force_login(wei)
    cookie = {
        "name": "sessionid",
        "value": client.cookies["sessionid"].value,
        "url": live_server.url,
    }
    with chromium_page() as page:
        page.context.add_cookies([cookie])
        page.goto(f"{live_server.url}/en/officer/proposals/{draft.pk}/edit/")
        page.set_input_files("#id_attachment", str(pdf))
        page.get_by_role("button", name="Save and attach").click()
        expect(page.locator(".composer-attachments")).to_contain_text("parcel plan")
        page.get_by_role("button", name="Remove parcel plan").click()
        expect(page.locator("#attachments .empty")).to_be_visible()
