"""What the officers export reads back through the import unchanged: an inventory moved out
to a GIS tool or a spreadsheet and back loses nothing and writes nothing."""

from __future__ import annotations

import io

import pytest

from tests.factories import UserFactory
from zhaoshang.core.roles import Role
from zhaoshang.sites import demo, exporting
from zhaoshang.sites.imports.pipeline import sites_import
from zhaoshang.sites.models import Building, Parcel

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer():
    demo.load(demo_password="x", out=io.StringIO())
    return UserFactory(roles=[Role.PROMOTION_OFFICER])


@pytest.mark.parametrize(("model", "kind"), [(Parcel, "parcel"), (Building, "building")])
def test_geojson_export_imports_back_unchanged(officer, model, kind):
    body = b"".join(exporting.geojson_chunks(model.objects.all()))
    report = sites_import(
        actor=officer, stream=io.BytesIO(body), filename="sites.geojson", kind=kind
    )
    assert report.problems == []
    assert report.unchanged == model.objects.count() > 0
    assert report.created == report.changed == report.refused == 0


@pytest.mark.parametrize(("model", "kind"), [(Parcel, "parcel"), (Building, "building")])
def test_xlsx_export_imports_back_unchanged(officer, model, kind):
    out = io.BytesIO()
    exporting.write_xlsx([model.objects.all()], out)
    out.seek(0)
    report = sites_import(actor=officer, stream=out, filename="sites.xlsx", kind=kind)
    assert report.problems == []
    assert report.unchanged == model.objects.count() > 0
    assert report.created == report.changed == report.refused == 0
