"""Officers' inventory pages: list with filters, a site's page, create and edit forms
(area in mu or m²), status change with history, photos, documents, and who may do what."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from tests.factories import UserFactory
from tests.sites.factories import SIHUI, building_make, parcel_make, park_make
from tests.support import signed_in
from zhaoshang.core.roles import Role
from zhaoshang.sites.models import Parcel, SiteDocument, SitePhoto, StatusChange

pytestmark = pytest.mark.django_db


def test_list_filters_and_shows_demo_tag(officer):
    parcel_make(number="SH-BIG", area_m2="70000", is_demo=True)
    parcel_make(number="SH-SMALL", area_m2="2000")
    building_make(code="SHB-1")
    page = signed_in(officer).get(reverse("sites-list"), {"area_min": "10000", "kind": "parcel"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "SH-BIG" in text
    assert "SH-SMALL" not in text
    assert "SHB-1" not in text
    assert "demonstration data" in text


def test_create_parcel_with_area_in_mu(officer):
    client = signed_in(officer)
    answer = client.post(
        reverse("sites-new", args=["parcel"]),
        {
            "number": "SH-NEW",
            "region": SIHUI,
            "area_mu": "12",
            "land_use": "0601",
            "status": "available",
            "coords_system": "wgs84",
            "lat": "23.33",
            "lng": "112.73",
        },
    )
    parcel = Parcel.objects.get(number="SH-NEW")
    assert answer.status_code == 302
    assert str(parcel.area_m2) == "8000.04"


def test_form_shows_the_service_refusal_on_the_field(officer):
    answer = signed_in(officer).post(
        reverse("sites-new", args=["parcel"]),
        {
            "number": "SH-X",
            "region": SIHUI,
            "area_m2": "100",
            "status": "available",
            "coords_system": "wgs84",
            "lat": "40.7",
            "lng": "-74",
        },
    )
    assert answer.status_code == 200
    assert "outside China" in answer.content.decode()
    assert not Parcel.objects.exists()


def test_edit_keeps_the_values_and_records_status_history(officer):
    parcel = parcel_make()
    client = signed_in(officer)
    form = client.get(reverse("sites-edit", args=["parcel", parcel.pk]))
    assert parcel.number in form.content.decode()
    answer = client.post(
        reverse("sites-status", args=["parcel", parcel.pk]), {"status": "reserved", "note": "ACME"}
    )
    assert answer.status_code == 302
    page = client.get(reverse("sites-detail", args=["parcel", parcel.pk])).content.decode()
    assert "ACME" in page
    assert StatusChange.objects.filter(parcel=parcel, to_status="reserved").exists()


def test_photo_and_document_upload(officer):
    park = park_make()
    client = signed_in(officer)
    data = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(data, "PNG")
    client.post(
        reverse("sites-photo-add", args=["park", park.pk]),
        {"image": SimpleUploadedFile("a.png", data.getvalue()), "caption": "Gate"},
    )
    client.post(
        reverse("sites-document-add", args=["park", park.pk]),
        {"file": SimpleUploadedFile("plan.pdf", b"%PDF-1.4 x"), "title": "Planning conditions"},
    )
    assert SitePhoto.objects.filter(park=park).count() == 1
    assert SiteDocument.objects.filter(park=park, title="Planning conditions").count() == 1
    page = client.get(reverse("sites-detail", args=["park", park.pk])).content.decode()
    assert "Planning conditions" in page


def test_policy_officer_reads_but_may_not_edit(db):
    reader = UserFactory.create(roles=[Role.POLICY_OFFICER])
    parcel = parcel_make()
    client = signed_in(reader)
    assert client.get(reverse("sites-detail", args=["parcel", parcel.pk])).status_code == 200
    assert client.get(reverse("sites-edit", args=["parcel", parcel.pk])).status_code == 403
    answer = client.post(
        reverse("sites-status", args=["parcel", parcel.pk]), {"status": "withdrawn"}
    )
    assert answer.status_code == 403


def test_enterprise_user_cannot_open_the_list(enterprise_user):
    assert signed_in(enterprise_user).get(reverse("sites-list")).status_code == 403


def test_workspace_navigation_has_sites(officer):
    page = signed_in(officer).get(reverse("officer-start")).content.decode()
    assert reverse("sites-list") in page


def test_a_sites_page_keeps_the_centers_name_in_the_header(officer):
    from zhaoshang.core.services import site_settings_update

    site_settings_update(actor=None, center_name_en="Sihui Investment Promotion Center")
    parcel = parcel_make()
    client = signed_in(officer)
    for url in (
        reverse("sites-detail", args=["parcel", parcel.pk]),
        reverse("sites-edit", args=["parcel", parcel.pk]),
    ):
        assert "Sihui Investment Promotion Center" in client.get(url).content.decode(), url
