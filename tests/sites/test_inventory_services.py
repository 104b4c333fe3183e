"""The inventory's services: what they store, what they refuse (naming the field), the
audit trail and the status history."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.sites.factories import (
    DUANZHOU_POINT,
    SIHUI,
    SIHUI_POINT,
    building_make,
    parcel_make,
    park_make,
)
from zhaoshang.core.models import AuditEvent
from zhaoshang.sites import services
from zhaoshang.sites.geo import coords
from zhaoshang.sites.models import Parcel, SitePhoto, StatusChange

pytestmark = pytest.mark.django_db

# A square of about 100 m × 100 m in Sihui, and a bow tie (its edges cross).
SQUARE = {
    "type": "Polygon",
    "coordinates": [
        [[112.73, 23.33], [112.731, 23.33], [112.731, 23.331], [112.73, 23.331], [112.73, 23.33]]
    ],
}
BOW_TIE = {
    "type": "Polygon",
    "coordinates": [
        [[112.73, 23.33], [112.731, 23.331], [112.731, 23.33], [112.73, 23.331], [112.73, 23.33]]
    ],
}


def _refused(call, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call(actor=None, **kwargs)
    return caught.value.message_dict


def test_parcel_created_with_area_in_mu_derives_m2_audits_and_starts_its_history(officer):
    parcel = services.parcel_save(
        actor=officer,
        values={"number": "SH-1", "region": SIHUI, "area_mu": "50", "lat": 23.33, "lng": 112.73},
    )
    assert parcel.area_m2 == Decimal("33333.50")
    assert parcel.area_mu == Decimal("50.00")
    assert AuditEvent.objects.filter(object_id=str(parcel.pk), action="create").exists()
    assert list(
        StatusChange.objects.filter(parcel=parcel).values_list("from_status", "to_status")
    ) == [("", "available")]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"lat": 40.0, "lng": -74.0}, "lat"),  # New York: outside China
        ({"lat": DUANZHOU_POINT[0] - 0.9, "lng": DUANZHOU_POINT[1]}, "lat"),  # far from Sihui
        ({"lat": 23.129, "lng": 113.264}, "lat"),  # Guangzhou's Yuexiu: near, but not Sihui
        ({"area_m2": "0"}, "area_m2"),
        ({"area_m2": "-5"}, "area_m2"),
        ({"price_per_mu": "-1"}, "price_per_mu"),
        ({"land_use": "9999"}, "land_use"),
        ({"outline": BOW_TIE}, "outline"),
        ({"outline": {"type": "Point", "coordinates": [112.73, 23.33]}}, "outline"),
        ({"industries_allowed": ["C13-Z99"]}, "industries_allowed"),
        ({"region": "441200"}, "region"),  # a prefecture, not a county
        ({"plot_ratio_min": "2", "plot_ratio_max": "1"}, "plot_ratio_max"),
        ({"building_density_max": "120"}, "building_density_max"),
        ({"lat": 23.33, "lng": None}, "lng"),
        ({"coords_system": "utm"}, "coords_system"),
    ],
)
def test_bad_parcel_is_refused_naming_the_field_and_nothing_is_written(values, field):
    base = {"number": "SH-9", "region": SIHUI, "area_m2": "1000", "lat": 23.33, "lng": 112.73}
    errors = _refused(services.parcel_save, values={**base, **values})
    assert field in errors
    assert not Parcel.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_point_just_over_the_county_line_is_taken():
    # Between Sihui's centre and Dinghu's, a little on Dinghu's side: near a border both
    # centres are about as far, and only outlines could tell.
    parcel = services.parcel_save(
        actor=None,
        values={"number": "SH-B", "region": SIHUI, "area_m2": "1000", "lat": 23.23, "lng": 112.64},
    )
    assert parcel.pk


def test_number_taken_is_refused():
    parcel_make(number="SH-1")
    errors = _refused(
        services.parcel_save, values={"number": "SH-1", "region": SIHUI, "area_m2": "10"}
    )
    assert "number" in errors


def test_outline_is_stored_and_gives_the_centre_when_none_is_given():
    parcel = parcel_make(lat=None, lng=None, outline=SQUARE)
    assert parcel.outline is not None
    assert parcel.outline["type"] == "Polygon"
    assert parcel.lat == pytest.approx(23.3305, abs=0.001)
    assert parcel.lng == pytest.approx(112.7305, abs=0.001)


def test_gcj02_input_is_stored_in_wgs84():
    gcj = coords.from_wgs84(*SIHUI_POINT, "gcj02")
    parcel = parcel_make(lat=gcj[0], lng=gcj[1], coords_system="gcj02")
    assert parcel.lat == pytest.approx(SIHUI_POINT[0], abs=1e-6)
    assert parcel.lng == pytest.approx(SIHUI_POINT[1], abs=1e-6)


def test_industries_are_kept_in_the_rules_notation():
    parcel = parcel_make(industries_allowed="C13-C43, C38")
    assert parcel.industries_allowed == ["C13..C43", "C38"]


def test_change_of_status_through_save_or_status_change_keeps_the_history(officer):
    parcel = parcel_make()
    services.parcel_save(
        actor=officer, parcel=parcel, values={"status": "reserved", "status_note": "for ACME"}
    )
    services.site_status_change(actor=officer, site=parcel, status="negotiating", note="talks")
    history = list(
        StatusChange.objects.filter(parcel=parcel)
        .order_by("id")
        .values_list("from_status", "to_status", "note")
    )
    assert history == [
        ("", "available", ""),
        ("available", "reserved", "for ACME"),
        ("reserved", "negotiating", "talks"),
    ]
    parcel.refresh_from_db()
    assert parcel.status == "negotiating"


def test_status_change_to_an_unknown_status_is_refused():
    building = building_make()
    with pytest.raises(ValidationError) as caught:
        services.site_status_change(actor=None, site=building, status="sold")
    assert "status" in caught.value.message_dict


def test_change_is_audited_with_the_fields_changed(officer):
    building = building_make()
    services.building_save(actor=officer, building=building, values={"power_kva": "2000"})
    event = AuditEvent.objects.filter(action="update", object_id=str(building.pk)).latest("id")
    assert "power_kva" in event.changes


def test_building_smallest_unit_larger_than_the_building_is_refused():
    errors = _refused(
        services.building_save,
        values={"code": "B", "region": SIHUI, "floor_area_m2": "100", "smallest_unit_m2": "200"},
    )
    assert "smallest_unit_m2" in errors


def test_park_utilities_and_distances_are_checked():
    errors = _refused(
        services.park_save,
        values={
            "slug": "p",
            "name_zh_hans": "园",
            "region": SIHUI,
            "utilities": {"power_kva": -1},
            "distances": [{"place": "Port", "km": "far"}],
        },
    )
    assert set(errors) == {"utilities", "distances"}
    park = park_make(
        utilities={"power_kva": 50000, "gas": True},
        distances=[{"place": "Guangzhou Baiyun airport", "km": 85, "minutes": 70}],
    )
    assert park.utilities == {"power_kva": 50000, "gas": True}


def test_photo_is_reencoded_without_metadata():
    park = park_make()
    picture = Image.new("RGB", (2000, 1000), "green")
    exif = Image.Exif()
    exif[0x010F] = "Secret camera"
    data = io.BytesIO()
    picture.save(data, "JPEG", exif=exif)
    upload = SimpleUploadedFile("p.jpg", data.getvalue(), content_type="image/jpeg")
    photo = services.site_photo_add(actor=None, site=park, upload=upload, caption="Gate")
    with Image.open(photo.image.path) as stored:
        assert stored.width == 1600
        assert not stored.getexif()
    assert SitePhoto.objects.filter(park=park).count() == 1


def test_photo_that_is_not_an_image_is_refused():
    park = park_make()
    upload = SimpleUploadedFile("p.jpg", b"not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as caught:
        services.site_photo_add(actor=None, site=park, upload=upload)
    assert "image" in caught.value.message_dict


def test_document_must_be_a_pdf_and_is_kept_private():
    parcel = parcel_make()
    with pytest.raises(ValidationError) as caught:
        services.site_document_add(
            actor=None, site=parcel, upload=io.BytesIO(b"MZ..."), name="x.exe", title="Plan"
        )
    assert "file" in caught.value.message_dict
    document = services.site_document_add(
        actor=None, site=parcel, upload=io.BytesIO(b"%PDF-1.4 ..."), name="plan.pdf", title="Plan"
    )
    assert document.file.readers_permission == "sites.view_parcel"
