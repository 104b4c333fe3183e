"""Reading enterprise files and writing error reports and templates. Plain pytest, no database.

The files in files/ were written for these tests: enterprises-en.csv (UTF-8, English headers,
a blank line), enterprises-gb18030.csv (GB18030, Chinese headers, CRLF), latin1.csv (bytes
that are neither UTF-8 nor GB18030 on line 2), picture.csv (a PNG), document.csv (a PDF) and
old.xls (the start of an Excel 97-2003 file). XLSX files are made here with openpyxl.
"""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from zhaoshang.registry.domain.schema import COLUMNS, RowError
from zhaoshang.registry.domain.validation import References, validate_row
from zhaoshang.registry.domain.validation_tables import EXTRA_KEY
from zhaoshang.registry.imports.formats import HEAD_SIZE, TableFileError, sniff_format
from zhaoshang.registry.imports.mapping import HEADER_ALIASES, HEADERS, MappingError, read_rows
from zhaoshang.registry.table_writing import write_errors, write_template

FILES = Path(__file__).parent / "files"
CODE = "91441284MA51C8XY2G"
REFS = References(
    region_codes=frozenset({"441284", "441202"}),
    division_codes=frozenset(f"{n:02d}" for n in range(1, 98)),
    today=datetime.date(2026, 1, 31),
)


def read(name: str) -> list[tuple[int, dict[str, str]]]:
    with (FILES / name).open("rb") as stream:
        return list(read_rows(stream, name))


def read_bytes(data: bytes, name: str = "upload.csv", **options: Any) -> list[Any]:
    return list(read_rows(io.BytesIO(data), name, **options))


def refusal(data: bytes, name: str = "upload.csv", **options: Any) -> str:
    """The message of the TableFileError that reading ``data`` raises."""
    with pytest.raises(TableFileError) as caught:
        read_bytes(data, name, **options)
    return str(caught.value)


def xlsx(*rows: list[Any], extra_sheet: bool = False) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        book.create_sheet("other").append(["uscc", "name"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class OneWayStream(io.RawIOBase):
    """A stream that cannot seek and counts the bytes read from it."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        chunk = self._data.read(min(len(buffer), 8192))
        buffer[: len(chunk)] = chunk
        self.bytes_read += len(chunk)
        return len(chunk)


# --- CSV --------------------------------------------------------------------------------


def test_utf8_csv_with_english_headers_is_read() -> None:
    rows = read("enterprises-en.csv")
    assert [line for line, _ in rows] == [2, 4, 5]
    assert rows[0][1] == {
        "uscc": CODE,
        "name": "四会市示例电缆有限公司",
        "name_en": "Sihui Example Cable Co.",
        "region_code": "441284",
        "address": "广东省肇庆市四会市示例大道1号",
        "industry_code": "3831",
        "founded_on": "2016-05-18",
        "registered_capital": "5000",
        "ownership": "domestic_private",
        "foreign_country": "",
        "year": "2025",
        "revenue": "26,800.5",
        "employees": "320",
    }


def test_gb18030_csv_with_chinese_headers_is_read() -> None:
    rows = read("enterprises-gb18030.csv")
    assert [(line, raw["name"], raw["ownership"]) for line, raw in rows] == [
        (2, "四会市示例电缆有限公司", "民营"),
        (3, "四会市样板玉器有限公司", "港澳台投资"),
        (4, "肇庆样板精密机械有限公司", "外商投资"),
    ]


def test_both_example_files_give_the_same_valid_records() -> None:
    english = [validate_row(line, raw, REFS).record for line, raw in read("enterprises-en.csv")]
    chinese = [
        validate_row(line, raw, REFS).record for line, raw in read("enterprises-gb18030.csv")
    ]
    assert None not in english
    assert [(r.uscc, r.ownership, r.revenue) for r in english if r] == [
        (r.uscc, r.ownership, r.revenue) for r in chinese if r
    ]


def test_utf8_with_a_byte_order_mark_is_read() -> None:
    data = "\ufeff统一社会信用代码,企业名称\n" + f"{CODE},示例\n"
    assert read_bytes(data.encode("utf-8")) == [(2, {"uscc": CODE, "name": "示例"})]


def test_headers_match_in_any_case_width_spacing_and_by_alias() -> None:
    data = f" Credit Code ,公司名称,注册资本 （万元）,Registered_Capital\n{CODE},示例,1,2\n"
    # A field named twice: the first column is taken; a person may pick the other.
    assert read_bytes(data.encode()) == [
        (2, {"uscc": CODE, "name": "示例", "registered_capital": "1"})
    ]
    data = f"USCC,Enterprise Name,注册资本(万元),【年度】\n{CODE},示例,1,2024\n"
    assert read_bytes(data.encode()) == [
        (2, {"uscc": CODE, "name": "示例", "registered_capital": "1", "year": "2024"})
    ]


def test_every_header_and_alias_names_a_single_column() -> None:
    names = [n for c in COLUMNS for n in (c.key, c.zh, *HEADER_ALIASES.get(c.key, ()))]
    assert len(HEADERS) == len(names)


def test_blank_rows_are_skipped_but_counted() -> None:
    data = f"uscc,name\n\n,\n{CODE},示例\n \n".encode()
    assert read_bytes(data) == [(4, {"uscc": CODE, "name": "示例"})]


def test_values_are_stripped_and_short_rows_filled_in() -> None:
    data = f"uscc,name,address\n {CODE} ,\u3000示例 \n".encode()
    assert read_bytes(data) == [(2, {"uscc": CODE, "name": "示例", "address": ""})]


def test_values_beyond_the_last_column_name_are_kept_for_validation_to_refuse() -> None:
    # A column without a name inside the header is a column (not used); values beyond the
    # header's last name stand under no column at all.
    data = f"uscc,name,,address\n{CODE},示例,stray,路1号,Co. Ltd.,more\n".encode()
    [(_, raw)] = read_bytes(data)
    assert raw == {"uscc": CODE, "name": "示例", "address": "路1号", EXTRA_KEY: "Co. Ltd. | more"}
    assert [(e.column, e.value) for e in validate_row(2, raw, REFS).errors] == [
        ("", "Co. Ltd. | more")
    ]


def test_a_quoted_value_over_two_lines_counts_as_one_line() -> None:
    data = f'uscc,name,address\n{CODE},示例,"四会市\n示例路1号"\n{CODE},示例二,\n'.encode()
    assert [(line, raw["address"]) for line, raw in read_bytes(data)] == [
        (2, "四会市\n示例路1号"),
        (3, ""),
    ]


def test_tab_separated_text_is_read() -> None:
    data = f"uscc\tname\n{CODE}\t示例\n".encode()
    assert read_bytes(data) == [(2, {"uscc": CODE, "name": "示例"})]


def test_csv_is_read_as_a_stream() -> None:
    lines = [f"{CODE},示例企业{n}\n" for n in range(200_000)]
    stream = OneWayStream(("uscc,name\n" + "".join(lines)).encode())
    rows = read_rows(stream, "big.csv")  # type: ignore[arg-type]
    assert next(rows)[0] == 2
    assert stream.bytes_read <= HEAD_SIZE + 2 * 65536
    assert sum(1 for _ in rows) == 199_999


def test_gb18030_after_a_plain_ascii_start_is_still_read() -> None:
    start = "uscc,name\n" + f"{CODE},Example\n" * (HEAD_SIZE // 20)
    data = start.encode() + f"{CODE},四会示例\n".encode("gb18030")
    *_, (_, last) = read_bytes(data)
    assert last["name"] == "四会示例"


# --- XLSX -------------------------------------------------------------------------------


def test_xlsx_cells_become_text() -> None:
    data = xlsx(
        [
            "统一社会信用代码",
            "企业名称",
            "成立日期",
            "注册资本（万元）",
            "主营业务收入（万元）",
            "年度",
        ],
        [CODE, " 示例 ", datetime.datetime(2016, 5, 18), 5000.0, 1234.5, 2024],
        [CODE, "示例二", datetime.date(2019, 3, 7), 0.1 + 0.2, None, "2025"],
    )
    assert read_bytes(data, "upload.xlsx") == [
        (
            2,
            {
                "uscc": CODE,
                "name": "示例",
                "founded_on": "2016-05-18",
                "registered_capital": "5000",
                "revenue": "1234.5",
                "year": "2024",
            },
        ),
        (
            3,
            {
                "uscc": CODE,
                "name": "示例二",
                "founded_on": "2019-03-07",
                "registered_capital": "0.3",
                "revenue": "",
                "year": "2025",
            },
        ),
    ]


def test_xlsx_blank_rows_are_skipped_but_counted() -> None:
    data = xlsx(["uscc", "name"], [None, None], [CODE, "示例"])
    assert read_bytes(data) == [(3, {"uscc": CODE, "name": "示例"})]


def test_xlsx_is_read_from_its_first_worksheet() -> None:
    data = xlsx(["uscc", "name"], [CODE, "示例"], extra_sheet=True)
    assert read_bytes(data, "upload.xlsx") == [(2, {"uscc": CODE, "name": "示例"})]


def test_xlsx_from_a_stream_that_cannot_seek_is_read() -> None:
    stream = OneWayStream(xlsx(["uscc", "name"], [CODE, "示例"]))
    assert list(read_rows(stream, "upload.xlsx")) == [  # type: ignore[arg-type]
        (2, {"uscc": CODE, "name": "示例"})
    ]


def test_xlsx_headers_are_mapped_like_csv() -> None:
    data = xlsx(["uscc", "企业名称", "name"], [CODE, "示例", "另一"])
    assert read_bytes(data, "upload.xlsx") == [(2, {"uscc": CODE, "name": "示例"})]


def test_damaged_xlsx_is_refused() -> None:
    data = xlsx(["uscc", "name"], [CODE, "示例"])
    assert refusal(data[: len(data) // 2], "upload.xlsx") == (
        "the XLSX file is damaged and cannot be read"
    )


# --- whole-file problems ----------------------------------------------------------------


def test_empty_file_is_refused() -> None:
    assert refusal(b"") == "the file is empty"


def test_png_named_csv_is_refused() -> None:
    assert refusal((FILES / "picture.csv").read_bytes()) == (
        "this is an image (PNG), not a spreadsheet: upload a CSV or XLSX file"
    )


def test_pdf_named_csv_is_refused() -> None:
    assert refusal((FILES / "document.csv").read_bytes()) == (
        "this is a PDF document, not a spreadsheet: upload a CSV or XLSX file"
    )


def test_old_excel_file_is_refused_with_what_to_do() -> None:
    assert refusal((FILES / "old.xls").read_bytes(), "old.xls") == (
        "this is an Excel 97-2003 workbook (.xls) or a password-protected Office file: "
        "save it as .xlsx without a password, or as CSV"
    )


def refused_lines(data: bytes) -> list[tuple[int, str]]:
    """(line, reason) of each row that validation refuses."""
    results = [validate_row(line, raw, REFS) for line, raw in read_bytes(data)]
    return [(e.line, e.reason) for r in results for e in r.errors]


def test_a_row_in_neither_utf8_nor_gb18030_is_refused_alone_naming_its_line() -> None:
    data = (FILES / "latin1.csv").read_bytes()  # lines 2 and 3 are Latin-1
    good = f"{CODE},四会示例,四会市\n".encode()
    rows = read_bytes(data + good)
    assert [line for line, _ in rows] == [2, 3, 4]
    expected = (
        "the line is not UTF-8 or GB18030 text like the rest of the file; "
        "save the file as CSV (UTF-8)"
    )
    assert refused_lines(data + good) == [(2, expected), (3, expected)]
    assert rows[2][1]["name"] == "四会示例"  # the good row is read and passes


def test_a_header_in_neither_utf8_nor_gb18030_refuses_the_file() -> None:
    assert refusal(b"uscc,name,Stra\xdfe \xff\n") == (
        "the file is neither UTF-8 nor GB18030 text (see line 1): save it as CSV (UTF-8)"
    )


def test_a_row_of_another_encoding_further_down_is_refused_alone() -> None:
    start = "uscc,name\n" + f"{CODE},四会示例\n" * (HEAD_SIZE // 20)
    data = start.encode() + f"{CODE},四会示例\n".encode("gb18030") + f"{CODE},四会\n".encode()
    line = start.count("\n") + 1
    assert refused_lines(data) == [
        (line, "the line is not UTF-8 text like the rest of the file; save the file as CSV (UTF-8)")
    ]
    assert read_bytes(data)[-1][1]["name"] == "四会"  # the line after it is read as before


def test_zip_archive_that_is_no_workbook_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    assert refusal(out.getvalue(), "upload.xlsx") == (
        "this is a ZIP archive, not a spreadsheet: upload a CSV or XLSX file"
    )


def test_word_document_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert refusal(out.getvalue(), "upload.docx") == (
        "this is a Word document, not a spreadsheet: upload a CSV or XLSX file"
    )


@pytest.mark.parametrize("name", ["export.xls", "export.csv", "export.xlsx"])
def test_html_is_refused_saying_what_it_is_and_what_was_expected_whatever_its_name(
    name: str,
) -> None:
    page = b"<html><table><tr><td>uscc</td></tr></table></html>"
    message = refusal(page, name)
    assert message == (
        "this is a web page (HTML), not the CSV or XLSX spreadsheet expected, whatever its "
        "name says: open it in Excel and save it as .xlsx or CSV"
    )
    assert ".xls:" not in message  # the old wording named .xls for a file named .csv


def mapping_refusal(data: bytes) -> str:
    with pytest.raises(MappingError) as caught:
        read_bytes(data)
    return str(caught.value)


def test_missing_required_columns_are_named() -> None:
    assert mapping_refusal("行政区划代码,地址\n441284,四会\n".encode()) == (
        "columns: no column is mapped to the required field 统一社会信用代码 (uscc)"
    )


def test_unknown_columns_are_ignored_not_a_reason_to_refuse() -> None:
    assert read_bytes(f"uscc,name,备注,turnover\n{CODE},示例,x,1\n".encode()) == [
        (2, {"uscc": CODE, "name": "示例"})
    ]


def test_a_file_without_a_header_row_is_mapped_by_its_values() -> None:
    rows = read_bytes(f"{CODE},示例电子有限公司\n".encode())
    assert rows == [(1, {"uscc": CODE, "name": "示例电子有限公司"})]


def test_a_blank_first_line_is_no_header_the_next_is() -> None:
    assert read_bytes(f"\nuscc,name\n{CODE},示例\n".encode()) == [
        (3, {"uscc": CODE, "name": "示例"})
    ]


def test_file_over_the_size_limit_is_refused() -> None:
    data = f"uscc,name\n{CODE},示例\n".encode()
    assert refusal(data, max_bytes=20) == "the file is larger than the limit of 20 bytes"


def test_stream_over_the_size_limit_is_refused_while_reading() -> None:
    stream = OneWayStream(("uscc,name\n" + f"{CODE},示例\n" * 50_000).encode())
    with pytest.raises(TableFileError, match="larger than the limit of 1 MB"):
        list(read_rows(stream, "big.csv", max_bytes=2**20))  # type: ignore[arg-type]


def test_a_refusal_carries_its_problem_and_parameters_for_translation() -> None:
    with pytest.raises(TableFileError) as caught:
        read_bytes(b"uscc,name,Stra\xdfe \xff\n")
    assert (caught.value.problem, caught.value.params) == ("encoding", {"line": 1})


# --- telling the format -----------------------------------------------------------------


def test_format_is_told_by_content_not_name() -> None:
    assert sniff_format(xlsx(["uscc"])[:8192], "enterprises.csv") == "xlsx"
    assert sniff_format("uscc,name\n".encode("gb18030"), "enterprises.xlsx") == "csv"


# --- error reports ----------------------------------------------------------------------

ERRORS = [
    RowError(2, "uscc", "91110000600037341M", "check character should be L"),
    RowError(3, "revenue", "=1+1", "must be a number"),
    RowError(4, "", "stray", "the row has values under no column name"),
]


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_error_report_as_csv_in_english() -> None:
    out = io.BytesIO()
    write_errors(ERRORS, "csv", out)
    assert csv_rows(out.getvalue()) == [
        ["line", "column", "value", "reason"],
        ["2", "uscc", "91110000600037341M", "check character should be L"],
        ["3", "revenue", "'=1+1", "must be a number"],
        ["4", "(whole row)", "stray", "the row has values under no column name"],
    ]


def test_error_report_as_csv_names_columns_in_chinese() -> None:
    out = io.BytesIO()
    write_errors(ERRORS, "csv", out, language="zh-hans")
    assert [row[:2] for row in csv_rows(out.getvalue())] == [
        ["行号", "列"],
        ["2", "统一社会信用代码"],
        ["3", "主营业务收入（万元）"],
        ["4", "（整行）"],
    ]


def test_error_report_as_xlsx_keeps_values_as_text() -> None:
    out = io.BytesIO()
    write_errors(ERRORS, "xlsx", out)
    out.seek(0)
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert list(sheet.iter_rows(values_only=True)) == [
        ("line", "column", "value", "reason"),
        (2, "uscc", "91110000600037341M", "check character should be L"),
        (3, "revenue", "=1+1", "must be a number"),
        (4, "(whole row)", "stray", "the row has values under no column name"),
    ]
    assert sheet["C3"].data_type == "s"


def test_error_report_in_an_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        write_errors(ERRORS, "pdf", io.BytesIO())


# --- templates --------------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "language"), [("csv", "zh"), ("csv", "en"), ("xlsx", "zh")])
def test_template_has_every_column_and_an_example_that_imports(fmt: str, language: str) -> None:
    out = io.BytesIO()
    write_template(fmt, out, language=language)
    rows = read_bytes(out.getvalue(), f"template.{fmt}")
    [(line, raw)] = rows
    assert line == 2
    assert list(raw) == [c.key for c in COLUMNS]
    result = validate_row(line, raw, REFS)
    assert result.errors == ()


@pytest.mark.parametrize("language", ["zh", "en"])
def test_xlsx_template_headers_are_in_the_language(language: str) -> None:
    out = io.BytesIO()
    write_template("xlsx", out, language=language)
    out.seek(0)
    sheet = openpyxl.load_workbook(out).worksheets[0]
    header = next(sheet.iter_rows(values_only=True))
    assert list(header) == [c.zh if language == "zh" else c.key for c in COLUMNS]


def test_xlsx_template_keeps_codes_as_text() -> None:
    out = io.BytesIO()
    write_template("xlsx", out)
    out.seek(0)
    sheet = openpyxl.load_workbook(out).worksheets[0]
    assert (sheet["A2"].value, sheet["A2"].number_format) == (CODE, "@")
    assert (sheet["D2"].value, sheet["D2"].number_format) == ("441284", "@")
