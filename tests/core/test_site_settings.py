"""Administrators edit the center's settings; every page's footer shows them."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.support import signed_in
from zhaoshang.core.models import SiteSettings
from zhaoshang.core.services import site_settings_update

pytestmark = pytest.mark.django_db

FORM = {
    "center_name_en": "Sihui City Investment Promotion Center",
    "center_name_zh_hans": "四会市投资促进中心",
    "center_name_zh_hant": "四會市投資促進中心",
    "city_en": "Sihui",
    "city_zh_hans": "四会市",
    "city_zh_hant": "四會市",
    "address_en": "",
    "address_zh_hans": "",
    "address_zh_hant": "",
    "phone": "0758-3611228",
    "fax": "+86 758 3611228",
    "email": "invest@sihui.example",
    "import_files_keep_days": "1",
    "import_region_missing": "import",
}


def test_an_administrator_saves_the_settings_and_every_page_shows_them(administrator):
    client = signed_in(administrator)
    response = client.post("/en/officer/settings/", FORM)
    assert response.status_code == 302
    row = SiteSettings.objects.get()
    assert row.phone == "+867583611228"  # stored in E.164
    footer = Client().get("/en/").content.decode()
    assert "+86 758 361 1228" in footer  # shown in international format
    assert "invest@sihui.example" in footer
    assert "四會市投資促進中心" in Client().get("/zh-hant/").content.decode()
    assert "四会市投资促进中心" in Client().get("/zh-hans/").content.decode()


def test_pages_show_a_change_at_once_although_the_settings_are_cached(administrator):
    site_settings_update(actor=administrator, **{**FORM, "city_en": "Sihui"})
    assert "Sihui" in Client().get("/en/").content.decode()
    site_settings_update(actor=administrator, city_en="Sihui, Zhaoqing, Guangdong")
    assert "Sihui, Zhaoqing, Guangdong" in Client().get("/en/").content.decode()


def test_a_bad_fax_number_names_the_field_and_saves_nothing(administrator):
    site_settings_update(actor=administrator, **FORM)
    response = signed_in(administrator).post(
        "/en/officer/settings/", {**FORM, "city_en": "Elsewhere", "fax": "call us"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["fax"] == ["“call us” is not a telephone number."]
    assert SiteSettings.objects.get().city_en == "Sihui"


def test_a_missing_center_name_is_refused(administrator):
    response = signed_in(administrator).post(
        "/en/officer/settings/", {**FORM, "center_name_en": ""}
    )
    assert "center_name_en" in response.context["form"].errors


def test_only_administrators_edit_the_settings(manager, officer):
    assert signed_in(manager).get("/en/officer/settings/").status_code == 403
    assert signed_in(officer).post("/en/officer/settings/", FORM).status_code == 403
    assert not SiteSettings.objects.exists()


def test_settings_fall_back_to_english_where_a_language_is_empty(administrator):
    site_settings_update(actor=administrator, center_name_en="Sihui Center", center_name_zh_hant="")
    assert "Sihui Center" in Client().get("/zh-hant/").content.decode()


def test_pages_say_when_they_show_demonstration_data(admin_client_):
    from zhaoshang.core.demo import SIHUI_CENTER

    banner = "Demonstration data: the enterprises, leads, policies and people"
    assert banner not in Client().get("/en/").content.decode()
    site_settings_update(actor=None, **SIHUI_CENTER)
    assert banner in Client().get("/en/").content.decode()
    assert banner in admin_client_.get("/en/officer/").content.decode()
    site_settings_update(actor=None, shows_demo_data=False)
    assert banner not in Client().get("/en/").content.decode()
