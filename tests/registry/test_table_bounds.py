"""Hostile files are refused before they are read: a workbook that would unpack to too much
(declared sizes, compression ratio), a sheet with one huge cell or a huge declared or used
range, a CSV line too long or too many rows; a truncated workbook is refused on the form."""

from __future__ import annotations

import io
import random
import string
import struct
import zipfile
from typing import Any

import openpyxl
import pytest

from zhaoshang.registry.imports import bounds as table_bounds
from zhaoshang.registry.imports import read as tabular
from zhaoshang.registry.imports.formats import TableFileError
from zhaoshang.registry.imports.mapping import read_rows

CODE = "91441284MA51C8XY2G"


def workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["uscc", "name"])
    book.active.append([CODE, "四会示例"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_sheet(xml: str | bytes) -> bytes:
    """The workbook with its first sheet replaced by ``xml``."""
    source = zipfile.ZipFile(io.BytesIO(workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = xml.encode() if isinstance(xml, str) else xml
            target.writestr(info.filename, data)
    return out.getvalue()


def sheet(body: str, dimension: str = "A1:B2") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>uscc</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>name</t></is></c></row>'
        f"{body}</sheetData></worksheet>"
    )


def refused(data: bytes, name: str = "upload.xlsx") -> TableFileError:
    with pytest.raises(TableFileError) as caught:
        list(read_rows(io.BytesIO(data), name))
    return caught.value


@pytest.fixture
def no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail if openpyxl is asked to open the file: the refusal must come before."""

    def opened(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("openpyxl opened a hostile file")

    monkeypatch.setattr(openpyxl, "load_workbook", opened)  # read.py imports it when used


def test_a_good_workbook_passes_the_bounds(no_openpyxl: None) -> None:
    # The fixture works: a good file passes the bounds and reaches openpyxl.
    assert isinstance(refused(workbook()).__cause__, AssertionError)


def test_a_member_declaring_a_huge_size_is_refused_from_the_directory(no_openpyxl: None) -> None:
    data = bytearray(workbook())
    entry = data.index(b"PK\x01\x02")
    while True:  # find the central directory entry of the sheet
        name_length = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46 : entry + 46 + name_length] == b"xl/worksheets/sheet1.xml":
            break
        entry = data.index(b"PK\x01\x02", entry + 4)
    struct.pack_into("<I", data, entry + 24, 2_500 * 2**20)  # declares 2.5 GB unpacked
    problem = refused(bytes(data))
    assert problem.problem == "member_too_large"
    assert str(problem) == (
        "the part xl/worksheets/sheet1.xml of the workbook would unpack to more than "
        "the limit of 2,048 MB"
    )


def test_a_member_compressed_like_a_bomb_is_refused(no_openpyxl: None) -> None:
    cell = "x" * (3 * 2**20)  # 3 MB that compress to a few KB
    problem = refused(
        with_sheet(sheet(f'<row r="2"><c r="B2" t="inlineStr"><is><t>{cell}</t></is></c></row>'))
    )
    assert problem.problem == "compression_ratio"
    assert "compressed more than 200 times" in str(problem)


def test_one_huge_inline_string_is_refused_naming_the_limit(no_openpyxl: None) -> None:
    rng = random.Random(7)
    cell = "".join(rng.choices(string.ascii_letters, k=300_000))  # compresses little
    problem = refused(
        with_sheet(sheet(f'<row r="2"><c r="B2" t="inlineStr"><is><t>{cell}</t></is></c></row>'))
    )
    assert str(problem) == "a cell holds more than the limit of 32,767 characters"


def test_a_huge_shared_string_is_refused(no_openpyxl: None) -> None:
    rng = random.Random(8)
    text = "".join(rng.choices(string.ascii_letters, k=300_000))
    source = zipfile.ZipFile(io.BytesIO(workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr("xl/sharedStrings.xml", f"<sst><si><t>{text}</t></si></sst>")
    assert refused(out.getvalue()).problem == "cell_too_large"


def test_a_huge_declared_range_is_refused(no_openpyxl: None) -> None:
    assert str(refused(with_sheet(sheet("", dimension="A1:XFD2")))) == (
        "the sheet has more than the limit of 1,000 columns"
    )
    assert str(refused(with_sheet(sheet("", dimension="A1:B99999999")))) == (
        "the sheet has more than the limit of 1,048,576 rows"
    )


def test_a_row_or_cell_far_beyond_the_bounds_is_refused(no_openpyxl: None) -> None:
    far_row = '<row r="50000000"><c r="A50000000"><v>1</v></c></row>'
    assert refused(with_sheet(sheet(far_row))).problem == "too_many_rows"
    far_column = '<row r="2"><c r="XFD2"><v>1</v></c></row>'
    assert refused(with_sheet(sheet(far_column))).problem == "too_many_columns"


def test_a_csv_line_longer_than_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_LINE_BYTES", 1000)
    data = f"uscc,name\n{CODE},{'长' * 1000}\n".encode()
    problem = refused(data, "upload.csv")
    assert str(problem) == "line 2 is longer than the limit of 1,000 bytes"


def test_a_csv_with_more_rows_than_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_CSV_ROWS", 3)
    data = ("uscc,name\n" + f"{CODE},四会\n" * 4).encode()
    assert str(refused(data, "upload.csv")) == "the sheet has more than the limit of 3 rows"


def test_a_csv_cell_past_the_csv_field_limit_is_refused() -> None:
    data = f'uscc,name\n{CODE},"{"x" * 140_000}"\n'.encode()
    assert refused(data, "upload.csv").problem == "cell_too_large"


def test_bounds_are_what_the_module_says() -> None:
    assert table_bounds.MAX_CELL_CHARS == 32_767  # Excel's own limit
    assert table_bounds.MAX_XLSX_ROWS == 1_048_576


@pytest.mark.django_db
def test_a_truncated_workbook_is_refused_on_the_upload_form(officer) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.support import signed_in
    from zhaoshang.core.models import PrivateFile, Task

    cut = workbook()[:-200]
    response = signed_in(officer).post(
        "/en/officer/enterprises/import/", {"file": SimpleUploadedFile("e.xlsx", cut)}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "the XLSX file is damaged and cannot be read"
    ]
    assert not Task.objects.exists()
    assert not PrivateFile.objects.exists()


@pytest.mark.django_db
def test_a_hostile_workbook_is_refused_on_the_upload_form_in_chinese(officer) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.support import signed_in

    data = with_sheet(sheet("", dimension="A1:XFD2"))
    response = signed_in(officer).post(
        "/zh-hans/officer/enterprises/import/", {"file": SimpleUploadedFile("e.xlsx", data)}
    )
    assert "1,000" in response.context["form"].errors["file"][0]
    assert "列" in response.context["form"].errors["file"][0]
