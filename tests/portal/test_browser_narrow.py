"""In Debian's Chromium at 320 px: the contacts page and the officers' lists of posts and
enquiries are no wider than the screen (tables scroll inside themselves)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.browser import chromium_page
from tests.factories import PostFactory
from zhaoshang.portal.models import Contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pages_fit_a_320_px_screen(live_server, officer):
    Contact.objects.create(
        slug="bureau",
        name_en="Zhaoqing Investment Promotion Bureau",
        email="zhaoqing-investment-promotion@example.gov.cn",
        phone="+867582899202",
        address_en="6/F, No. 18 Jiangbin West Road, Duanzhou District, Zhaoqing",
    )
    PostFactory.create(versions={"en": ("A rather long title for a post about factories", "x")})
    client = Client()
    client.force_login(officer)
    cookie = {
        "name": "sessionid",
        "value": client.cookies["sessionid"].value,
        "url": live_server.url,
    }
    with chromium_page() as page:
        page.set_viewport_size({"width": 320, "height": 640})
        page.goto(f"{live_server.url}/en/contacts/")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        page.context.add_cookies([cookie])
        for path in ("officer/posts/", "officer/enquiries/"):
            page.goto(f"{live_server.url}/en/{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, (path, width)
