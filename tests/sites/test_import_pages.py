"""The import page, its templates and the ``import_sites`` command: check only, then import;
counts and problems shown; who may; the template's headers in the officer's language are
read back; the command prints the counts and fails when a row was refused."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from tests.factories import UserFactory
from tests.sites.import_files import csv_bytes, feature, geojson_bytes, point, run
from tests.support import signed_in
from zhaoshang.core.roles import Role
from zhaoshang.sites.models import Parcel

pytestmark = pytest.mark.django_db

GOOD_AND_BAD = csv_bytes(
    ["地块编号", "县（市、区）", "面积（平方米）", "每亩价格（元）"],
    ["SH-P1", "四会市", "5000", "120000"],
    ["SH-P2", "四会市", "5000", "-1"],
)


def upload(data: bytes = GOOD_AND_BAD, name: str = "parcels.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_check_only_then_import_shows_counts_and_problems(officer):
    client = signed_in(officer)
    url = reverse("sites-import")
    form = {"kind": "parcel", "coords": "wgs84"}
    checked = client.post(url, {**form, "file": upload(), "action": "check"})
    text = checked.content.decode()
    assert checked.status_code == 200
    assert 'id="created">1<' in text
    assert 'id="refused">1<' in text
    assert "nothing was written" in text
    assert not Parcel.objects.exists()
    imported = client.post(url, {**form, "file": upload(), "action": "import"})
    text = imported.content.decode()
    assert 'id="created">1<' in text
    assert "每亩价格（元）" in text
    assert "The number cannot be negative." in text
    assert list(Parcel.objects.values_list("number", flat=True)) == ["SH-P1"]


def test_the_page_speaks_the_officers_language(officer):
    with translation.override("zh-hans"):
        url = reverse("sites-import")
    answer = signed_in(officer).post(
        url, {"kind": "parcel", "coords": "wgs84", "file": upload(), "action": "import"}
    )
    text = answer.content.decode()
    assert "导入" in text
    assert "数字不能为负数" in text or "不能为负" in text


def test_a_file_that_is_not_geojson_is_refused_on_the_form(officer):
    answer = signed_in(officer).post(
        reverse("sites-import"),
        {"kind": "park", "coords": "wgs84", "file": upload(b"{nope", "parks.geojson"),
         "action": "import"},
    )  # fmt: skip
    text = answer.content.decode()
    assert "The file was not imported: the file is not valid JSON" in text
    assert 'id="site-import-report"' not in text


def test_the_inventory_list_links_to_the_import(officer):
    assert reverse("sites-import") in signed_in(officer).get(reverse("sites-list")).content.decode()


def test_who_may_not_import_gets_403_and_strangers_sign_in(enterprise_user, client):
    url = reverse("sites-import")
    reader = UserFactory.create(roles=[Role.POLICY_OFFICER])  # reads sites, edits none
    assert signed_in(reader).get(url).status_code == 403
    posted = signed_in(reader).post(
        url, {"kind": "parcel", "coords": "wgs84", "file": upload(), "action": "import"}
    )
    assert posted.status_code == 403
    assert signed_in(enterprise_user).get(url).status_code == 403
    template = reverse("sites-import-template", args=["parcel", "xlsx"])
    assert signed_in(reader).get(template).status_code == 403
    assert client.get(url).status_code == 302
    assert not Parcel.objects.exists()


def test_the_xlsx_template_has_chinese_headers_and_reads_back(officer):
    with translation.override("zh-hans"):
        url = reverse("sites-import-template", args=["parcel", "xlsx"])
    answer = signed_in(officer).get(url)
    book = openpyxl.load_workbook(io.BytesIO(answer.content))
    headers = [cell.value for cell in next(book.active.iter_rows(max_row=1))]
    assert headers[:3] == ["地块编号", "县（市、区）", "园区"]
    values = {"地块编号": "SH-T", "县（市、区）": "441284", "面积（亩）": 10, "用地性质": "0601"}
    book.active.append([values.get(h) for h in headers])
    out = io.BytesIO()
    book.save(out)
    report = run(out.getvalue(), name="filled.xlsx")
    assert (report.created, report.refused, report.ignored) == (1, 0, [])


def test_the_csv_template_has_english_headers_for_english_readers(officer):
    answer = signed_in(officer).get(reverse("sites-import-template", args=["building", "csv"]))
    first = answer.content.decode("utf-8-sig").splitlines()[0]
    assert first.startswith("Building code,County,Park,")


def test_the_command_imports_and_prints_counts(tmp_path: Path):
    path = tmp_path / "parcels.geojson"
    path.write_bytes(
        geojson_bytes(
            feature({"number": "C-1", "region": "441284", "area_m2": 9}, point(112.73, 23.33))
        )
    )
    out = io.StringIO()
    call_command("import_sites", str(path), "--dry-run", stdout=out)
    assert "created: 1, changed: 0, unchanged: 0, refused: 0" in out.getvalue()
    assert not Parcel.objects.exists()  # a dry run
    call_command("import_sites", str(path), "--coords", "wgs84", stdout=io.StringIO())
    assert Parcel.objects.filter(number="C-1").exists()


def test_the_command_fails_when_a_row_is_refused(tmp_path: Path):
    path = tmp_path / "parcels.csv"
    path.write_bytes(GOOD_AND_BAD)
    out = io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command("import_sites", str(path), "--kind", "parcel", stdout=out)
    assert failed.value.returncode == 1
    assert "line 3, 每亩价格（元）: The number cannot be negative. ('-1')" in out.getvalue()
    assert Parcel.objects.filter(number="SH-P1").exists()


def test_the_command_refuses_a_file_that_cannot_be_read(tmp_path: Path):
    path = tmp_path / "parcels.geojson"
    path.write_text('{"type": "Topology"}')
    with pytest.raises(CommandError, match="Topology"):
        call_command("import_sites", str(path), "--kind", "parcel")
