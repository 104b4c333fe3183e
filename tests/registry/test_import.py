"""Importing enterprise files: upsert by credit code, validation, dry runs, re-runs."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from zhaoshang.core.models import AuditEvent
from zhaoshang.registry.imports.formats import TableFileError
from zhaoshang.registry.imports.pipeline import enterprise_import
from zhaoshang.registry.models import Enterprise, YearlyFigures

pytestmark = pytest.mark.django_db

HEADER = ["uscc", "name", "region_code", "industry_code", "year", "revenue", "employees"]


def write_csv(
    path: Path, rows: list[list[str]], header: list[str] = HEADER, encoding: str = "utf-8"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_valid_rows_are_created_with_their_figures(tmp_path, codes):
    a, b = codes(2)
    path = write_csv(
        tmp_path / "e.csv",
        [
            [a, "四会市华盛电子有限公司", "441284", "3971", "2025", "2500", "180"],
            [b, "四会市立达贸易有限公司", "441284", "5191", "2025", "3000", "12"],
        ],
    )
    report = enterprise_import(actor=None, path=path)
    assert (report.created, report.updated, report.invalid_rows) == (2, 0, 0)
    first = Enterprise.objects.get(uscc=a)
    assert first.region_id == "441284"
    assert first.division_id == "39"
    assert first.above_designated_size  # manufacturing, 2,500 ≥ 2,000
    assert not Enterprise.objects.get(uscc=b).above_designated_size  # trade is not industry
    assert YearlyFigures.objects.get(enterprise=first, year=2025).employees == 180


def test_rerunning_the_same_file_changes_nothing(tmp_path, codes):
    (a,) = codes(1)
    path = write_csv(
        tmp_path / "e.csv", [[a, "四会市华盛电子有限公司", "441284", "3971", "2025", "2500", "180"]]
    )
    enterprise_import(actor=None, path=path)
    events = AuditEvent.objects.count()
    again = enterprise_import(actor=None, path=path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert AuditEvent.objects.count() == events
    assert Enterprise.objects.count() == 1
    assert YearlyFigures.objects.count() == 1


def test_a_changed_row_updates_and_is_audited_field_by_field(tmp_path, codes):
    (a,) = codes(1)
    enterprise_import(
        actor=None,
        path=write_csv(tmp_path / "1.csv", [[a, "旧名称有限公司", "441284", "3971", "", "", ""]]),
    )
    report = enterprise_import(
        actor=None,
        path=write_csv(tmp_path / "2.csv", [[a, "新名称有限公司", "441284", "3971", "", "", ""]]),
    )
    assert report.updated == 1
    enterprise = Enterprise.objects.get()
    assert enterprise.name == "新名称有限公司"
    event = AuditEvent.objects.filter(
        content_type__model="enterprise", object_id=str(enterprise.pk)
    ).latest("id")
    assert event.changes["name"] == {"old": "旧名称有限公司", "new": "新名称有限公司"}


def test_a_dry_run_reports_and_writes_nothing(tmp_path, codes):
    path = write_csv(
        tmp_path / "e.csv", [[c, "某某有限公司", "441284", "3971", "", "", ""] for c in codes(3)]
    )
    report = enterprise_import(actor=None, path=path, dry_run=True)
    assert report.created == 3
    assert report.dry_run
    assert not Enterprise.objects.exists()


# child=True: large files are read and validated in a child process; the outcome is the same.
@pytest.mark.parametrize("child", [False, True], ids=["in-process", "child-process"])
def test_bad_rows_are_reported_and_skipped_while_good_rows_go_in(tmp_path, codes, child):
    good, dup = codes(2)
    bad_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    rows = [
        [good, "好企业有限公司", "441284", "3971", "2025", "100", "5"],
        [bad_check, "校验位错", "441284", "3971", "", "", ""],
        [dup, "重复一", "441284", "3971", "", "", ""],
        [dup, "重复二", "441284", "3971", "", "", ""],
        [codes(3)[2], "负收入", "441284", "3971", "2025", "-5", ""],
        [codes(4)[3], "未知地区", "999999", "3971", "", "", ""],
        [codes(5)[4], "未知行业", "441284", "9899", "", "", ""],
        [codes(6)[5], "未来年份", "441284", "3971", "2999", "1", ""],
    ]
    report = enterprise_import(actor=None, path=write_csv(tmp_path / "e.csv", rows), child=child)
    assert list(Enterprise.objects.values_list("uscc", flat=True)) == [good]
    assert YearlyFigures.objects.get().revenue == 100
    by_line = {(e.line, e.column) for e in report.errors}
    assert (3, "uscc") in by_line  # wrong check character
    assert (4, "uscc") in by_line
    assert (5, "uscc") in by_line
    assert (6, "revenue") in by_line
    assert (7, "region_code") in by_line
    assert (8, "industry_code") in by_line
    assert (9, "year") in by_line
    assert report.invalid_rows == 7


def test_a_repeated_code_is_found_once_normalised_and_keeps_its_other_problems(tmp_path, codes):
    (code,) = codes(1)
    rows = [
        [code, "第一家", "441284", "3971", "", "", ""],
        [code.lower(), "第二家", "441284", "3971", "2025", "-5", ""],
        ["12345", "短代码一", "441284", "3971", "", "", ""],
        ["12345", "短代码二", "441284", "3971", "", "", ""],
    ]
    report = enterprise_import(actor=None, path=write_csv(tmp_path / "e.csv", rows))
    assert not Enterprise.objects.exists()
    assert [(e.line, e.column, e.reason) for e in report.errors] == [
        (2, "uscc", "the same credit code is also on line 3"),
        (3, "revenue", "must not be negative"),
        (3, "uscc", "the same credit code is also on line 2"),
        # a code that is wrong in itself is not taken for a repeat
        (4, "uscc", "must be 18 characters, got 5"),
        (5, "uscc", "must be 18 characters, got 5"),
    ]


def test_a_file_that_is_not_a_table_is_refused_by_the_reading_process(tmp_path):
    import functools

    from zhaoshang.registry.imports.mapping import ColumnMapping
    from zhaoshang.registry.imports.pipeline import _mapped_rows, read_settings
    from zhaoshang.registry.imports.validate import chunks_of

    path = tmp_path / "e.csv"
    path.write_bytes(b"%PDF-1.7 not a table")
    source = functools.partial(_mapped_rows, path, "e.csv", ColumnMapping(1, ("uscc", "name")))
    with (
        pytest.raises(TableFileError) as refused,
        chunks_of(source, read_settings(), 100, child=True) as chunks,
    ):
        list(chunks)  # the child's refusal reaches the importer as the same error
    assert refused.value.problem == "pdf"
    with pytest.raises(TableFileError):
        enterprise_import(actor=None, path=path, child=True)
    assert not Enterprise.objects.exists()


def test_gb18030_files_with_chinese_headers_are_read(tmp_path, codes):
    (a,) = codes(1)
    header = ["统一社会信用代码", "企业名称", "行政区划代码", "行业代码"]
    path = write_csv(
        tmp_path / "gb.csv", [[a, "肇庆市端州区某某厂", "441202", "2110"]], header, "gb18030"
    )
    report = enterprise_import(actor=None, path=path)
    assert report.created == 1
    assert Enterprise.objects.get().name == "肇庆市端州区某某厂"


def test_the_region_is_taken_from_the_address_when_missing(tmp_path, codes):
    (a,) = codes(1)
    path = write_csv(
        tmp_path / "e.csv",
        [[a, "某厂", "广东省肇庆市四会市东城街道1号"]],
        ["uscc", "name", "address"],
    )
    enterprise_import(actor=None, path=path)
    assert Enterprise.objects.get().region_id == "441284"


def test_the_command_refuses_a_file_that_is_not_a_table(tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_enterprises", str(path), stdout=io.StringIO())
    assert not Enterprise.objects.exists()


def test_the_command_prints_what_it_did_and_writes_the_problems(tmp_path, codes):
    (a,) = codes(1)
    path = write_csv(
        tmp_path / "e.csv",
        [[a, "某厂", "441284", "3971", "", "", ""], ["BAD", "坏", "441284", "", "", "", ""]],
    )
    out = io.StringIO()
    call_command("import_enterprises", str(path), "--errors", str(tmp_path / "err.csv"), stdout=out)
    assert "1 created" in out.getvalue()
    assert "line 3" in out.getvalue()
    assert "uscc" in (tmp_path / "err.csv").read_text(encoding="utf-8-sig")


def test_officers_upload_a_file_and_follow_the_background_import(officer, tmp_path, codes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.support import import_mapped, signed_in
    from zhaoshang.core.tasks import task_run_next

    (a,) = codes(1)
    body = f"uscc,name,region_code\n{a},某厂,441284\nBAD,坏,441284\n".encode()
    client = signed_in(officer)
    response = client.post(
        "/en/officer/enterprises/import/", {"file": SimpleUploadedFile("e.csv", body)}
    )
    assert response.status_code == 302
    response = import_mapped(client, response["Location"])
    assert response.status_code == 302
    task_page = response["Location"]
    assert "Waiting for the background worker" in client.get(task_page).content.decode()
    finished = task_run_next()
    assert finished is not None
    assert finished.status == "done"
    html = client.get(task_page).content.decode()
    assert '<dd id="created">1</dd>' in html
    assert '<dd id="refused">1</dd>' in html
    assert "BAD" in html  # the refused row is listed with its value
    errors = client.get(task_page + "errors.csv")
    assert "uscc" in errors.content.decode("utf-8-sig")
    assert Enterprise.objects.count() == 1


def test_the_upload_page_refuses_a_file_that_is_not_a_table(officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.support import signed_in
    from zhaoshang.core.models import Task

    upload = SimpleUploadedFile("report.csv", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"x" * 100)
    response = signed_in(officer).post("/en/officer/enterprises/import/", {"file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Task.objects.exists()


def test_an_upload_over_the_size_limit_is_refused_and_nothing_is_stored(officer, monkeypatch):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.support import signed_in
    from zhaoshang.core.models import Task
    from zhaoshang.registry import import_views

    monkeypatch.setattr(import_views, "UPLOAD_MAX_BYTES", 1000)  # 200 MB in production
    upload = SimpleUploadedFile("e.csv", b"uscc,name\n" + b"x" * 2000)
    response = signed_in(officer).post("/en/officer/enterprises/import/", {"file": upload})
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "The file is larger than the limit of 1000\xa0bytes."
    ]
    assert not Task.objects.exists()


def test_problems_are_reported_in_the_officers_language(officer, codes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.support import import_mapped, signed_in
    from zhaoshang.core.tasks import task_run_next

    (good,) = codes(1)
    body = f"uscc,name,region_code\n{good},某某有限公司,999999\n".encode()
    client = signed_in(officer)
    response = client.post(
        "/zh-hans/officer/enterprises/import/", {"file": SimpleUploadedFile("e.csv", body)}
    )
    response = import_mapped(client, response["Location"])
    task_run_next()
    html = client.get(response["Location"]).content.decode()
    assert "未知的行政区划代码" in html
    pdf = SimpleUploadedFile("e.csv", b"%PDF-1.7 not a table")
    refused = client.post("/zh-hans/officer/enterprises/import/", {"file": pdf})
    assert "PDF" in refused.context["form"].errors["file"][0]
    assert "电子表格" in refused.context["form"].errors["file"][0]


def test_the_template_has_every_column(officer):
    from tests.support import signed_in
    from zhaoshang.registry.domain.schema import COLUMNS

    body = signed_in(officer).get("/zh-hans/enterprises/template.csv").content.decode("utf-8-sig")
    header = body.splitlines()[0]
    assert all(column.zh in header for column in COLUMNS)
