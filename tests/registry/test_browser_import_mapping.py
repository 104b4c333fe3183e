"""In Debian's Chromium, under the strict CSP: an officer uploads a supplier list whose
header is on line 3 and whose name is given twice, sees the preview with the header row
found and each column's field, moves the name to the second column, imports, and reads the
result. With ZHAOSHANG_SCREENSHOTS set to a folder, the preview is photographed at 1,366 px
in English and Chinese."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.db import connections
from django.test import Client

from tests.browser import chromium_page
from tests.factories import UserFactory
from tests.registry.real_lists import supplier_list
from zhaoshang.core.roles import Role
from zhaoshang.core.tasks import task_run_next
from zhaoshang.registry.models import Enterprise
from zhaoshang.registry.services import reference_sync

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def session_cookie(user, url: str) -> dict[str, str]:
    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}


def test_upload_preview_change_a_mapping_import_and_read_the_result(live_server, tmp_path):
    reference_sync()  # regions, for the addresses (a transactional test starts empty)
    officer = UserFactory.create(username="otto", roles=[Role.PROMOTION_OFFICER])
    path, codes, full = supplier_list(tmp_path)
    cookie = session_cookie(officer, live_server.url)
    shots = os.environ.get("ZHAOSHANG_SCREENSHOTS")
    with chromium_page() as page:
        page.set_viewport_size({"width": 1366, "height": 900})
        page.context.add_cookies([cookie])
        page.goto(f"{live_server.url}/en/officer/enterprises/import/")
        page.set_input_files("input[name=file]", str(path))
        page.locator("main button[type=submit]").click()
        page.wait_for_url("**/officer/imports/file/*/")
        map_url = page.url

        assert page.locator("#header_row").input_value() == "3"
        assert page.locator("#import-preview tr.row-header").inner_text().count("供应商名称") == 2
        assert page.locator("#column-1").input_value() == "name"
        assert page.locator("#column-7").input_value() == ""
        columns = page.locator("#import-columns").inner_text()
        assert "the same header as an earlier column" in columns
        assert "personal data: not stored" in columns
        if shots:
            page.screenshot(path=str(Path(shots) / "import-map-en.png"), full_page=True)
            page.goto(map_url.replace("/en/", "/zh-hans/"))
            page.locator("#import-columns").wait_for()
            page.screenshot(path=str(Path(shots) / "import-map-zh-hans.png"), full_page=True)
            page.goto(map_url)

        page.select_option("#column-1", "")
        page.select_option("#column-7", "name")
        page.fill("#save_as", "Group suppliers")
        page.locator("#import-button").click()
        page.wait_for_url("**/officer/imports/*/")
        assert "Waiting for the background worker" in page.locator("#import-progress").inner_text()

        task_run_next()  # the worker imports while the page is open
        # The ORM inside the browser block has a connection of its own: close it, or the
        # test database (PostgreSQL) cannot be dropped at the end.
        connections.close_all()

        page.locator("#import-report").wait_for()
        assert page.locator("#created").inner_text() == str(len(codes))
        assert page.locator("#refused").inner_text() == "0"
        assert "Group suppliers" in page.locator("#mapping-name").inner_text()
        assert "联系电话 (F)" in page.locator("#personal").inner_text()
        assert "供应商名称 (B)" in page.locator("#ignored").inner_text()
    assert sorted(Enterprise.objects.values_list("name", flat=True)) == sorted(full)
