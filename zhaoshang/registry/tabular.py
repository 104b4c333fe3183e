"""Reading enterprise files (CSV or XLSX) row by row, and writing the error report and the
blank template. No Django here.

Files are read as streams: a CSV is decoded line by line and an XLSX is read by openpyxl in
read-only mode, so a file of a million rows never sits in memory. What is wrong with a file as
a whole (not a spreadsheet, an encoding that is neither UTF-8 nor GB18030, a header without
the required columns, ...) raises ``TableFileError``; what is wrong with a value is for
``validation`` to say.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import itertools
import re
import shutil
import tempfile
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import IO, Any, BinaryIO

import openpyxl
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from zhaoshang.registry.schema import COLUMNS, OWNERSHIP_NAMES_ZH, Ownership, RowError, gettext_noop

FORMATS = ("csv", "xlsx")
HEAD_SIZE = 64 * 1024  # read first, to tell the format and the encoding
EXTRA_KEY = ""  # a row's values under no column name, joined by " | " (validation refuses them)

FILE_PROBLEMS: dict[str, str] = {
    "empty": gettext_noop("the file is empty"),
    "too_large": gettext_noop("the file is larger than the limit of {limit}"),
    "pdf": gettext_noop("this is a PDF document, not a spreadsheet: upload a CSV or XLSX file"),
    "image": gettext_noop(
        "this is an image ({kind}), not a spreadsheet: upload a CSV or XLSX file"
    ),
    "xls": gettext_noop(
        "this is an Excel 97-2003 workbook (.xls) or a password-protected Office file: "
        "save it as .xlsx without a password, or as CSV"
    ),
    "wps": gettext_noop("this is a WPS spreadsheet (.et): save it as .xlsx or as CSV"),
    "xlsb": gettext_noop("this is an Excel binary workbook (.xlsb): save it as .xlsx or as CSV"),
    "word": gettext_noop("this is a Word document, not a spreadsheet: upload a CSV or XLSX file"),
    "powerpoint": gettext_noop(
        "this is a PowerPoint file, not a spreadsheet: upload a CSV or XLSX file"
    ),
    "opendocument": gettext_noop("this is an OpenDocument file (.ods): save it as .xlsx or as CSV"),
    "zip": gettext_noop("this is a ZIP archive, not a spreadsheet: upload a CSV or XLSX file"),
    "archive": gettext_noop("this is a compressed archive ({kind}), not a spreadsheet"),
    "html": gettext_noop(
        "this is a web page (HTML), not a spreadsheet, even if it is named .xls: "
        "open it in Excel and save it as .xlsx"
    ),
    "xml": gettext_noop(
        "this is an XML file, not CSV or XLSX: open it in Excel and save it as .xlsx"
    ),
    "binary": gettext_noop("this is not a spreadsheet: the file holds binary data"),
    "utf16": gettext_noop("the file is UTF-16 text: save it as CSV (UTF-8)"),
    "encoding": gettext_noop(
        "the file is neither UTF-8 nor GB18030 text (see line {line}): save it as CSV (UTF-8)"
    ),
    "encoding_changes": gettext_noop("line {line} is not {encoding} text like the lines before it"),
    "csv_syntax": gettext_noop("line {line} cannot be read as CSV: {detail}"),
    "damaged": gettext_noop("the XLSX file is damaged and cannot be read"),
    "damaged_at": gettext_noop("the XLSX file is damaged at line {line}"),
    "no_sheet": gettext_noop("the workbook has no worksheet"),
    "no_header": gettext_noop(
        "line 1 must be the header row with the column names, but it is blank"
    ),
    "not_header": gettext_noop(
        "line 1 is not a header row: none of its cells is a column name (the template lists them)"
    ),
    "unknown_columns": gettext_noop("unknown column(s): {columns}"),
    "duplicate_column": gettext_noop("the column {key} is given twice: {first} and {second}"),
    "missing_columns": gettext_noop("missing required column(s): {columns}"),
}


class TableFileError(ValueError):
    """A problem with the file as a whole; nothing of it should be imported.

    ``problem`` is a key of FILE_PROBLEMS and ``params`` fill its placeholders, so that a
    caller can show the message in another language.
    """

    def __init__(self, problem: str, **params: Any) -> None:
        self.problem = problem
        self.params = params
        super().__init__(FILE_PROBLEMS[problem].format(**params))

    def message(self, translate: Callable[[str], str] = str) -> str:
        """The message, its template passed through ``translate`` (gettext) first."""
        return translate(FILE_PROBLEMS[self.problem]).format(**self.params)


# --- headers ----------------------------------------------------------------------------

HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "uscc": (
        "credit code",
        "unified social credit code",
        "social credit code",
        "社会信用代码",
        "信用代码",
    ),
    "name": ("company name", "enterprise name", "公司名称", "单位名称"),
    "name_en": ("english name", "英文名"),
    "region_code": ("区划代码", "行政区划"),
    "address": ("住所", "注册地址", "企业地址"),
    "industry_code": ("国民经济行业代码",),
    "founded_on": ("founded", "成立时间"),
    "registered_capital": ("注册资本",),
    "ownership": ("所有制类型",),
    "foreign_country": ("investing country", "投资来源国"),
    "year": ("年份",),
    "revenue": ("主营业务收入",),
    "rd_expenditure": ("研发费用", "研发投入"),
    "employees": ("从业人员", "从业人员数"),
    "taxes_paid": ("纳税额", "纳税总额"),
    "export_value": ("出口额",),
    "output_value": ("工业总产值",),
}
_IGNORED_IN_HEADERS = re.compile(r"[\s_\-()\[\]【】*:]+")


def header_name(text: str) -> str:
    """A header as compared: full-width forms folded, case, spaces and brackets ignored."""
    return _IGNORED_IN_HEADERS.sub("", unicodedata.normalize("NFKC", text).casefold())


HEADERS: dict[str, str] = {
    header_name(name): column.key
    for column in COLUMNS
    for name in (column.key, column.zh, *HEADER_ALIASES.get(column.key, ()))
}


class _Layout:
    """Which column key each position of the header holds (None: no column name)."""

    def __init__(self, cells: Sequence[str]) -> None:
        keys: list[str | None] = []
        where: dict[str, int] = {}
        unknown: list[str] = []
        for index, cell in enumerate(cells):
            key = HEADERS.get(header_name(cell)) if cell else None
            if key is None:
                if cell:
                    unknown.append(_cell_name(cell, index))
            elif key in where:
                first = _cell_name(cells[where[key]], where[key])
                raise TableFileError(
                    "duplicate_column", key=key, first=first, second=_cell_name(cell, index)
                )
            else:
                where[key] = index
            keys.append(key)
        if not any(cells):
            raise TableFileError("no_header")
        if not where:
            raise TableFileError("not_header")
        if unknown:
            raise TableFileError("unknown_columns", columns=", ".join(unknown))
        missing = [f"{c.zh} ({c.key})" for c in COLUMNS if c.required and c.key not in where]
        if missing:
            raise TableFileError("missing_columns", columns=", ".join(missing))
        while keys[-1] is None:
            keys.pop()
        self.keys = tuple(keys)
        self.width = len(keys)
        # When every position up to the last named one has a name, rows take a short path.
        names = tuple(key for key in keys if key is not None)
        self.names = names if len(names) == len(keys) else None

    def record(self, values: list[str]) -> dict[str, str]:
        """{key: value} for one row's stripped values (at least one of them not empty)."""
        width = self.width
        if self.names is not None and len(values) >= width and not any(values[width:]):
            return dict(zip(self.names, values, strict=False))
        record = {key: "" for key in self.keys if key is not None}
        extra: list[str] = []
        for index, value in enumerate(values):
            key = self.keys[index] if index < width else None
            if key is not None:
                record[key] = value
            elif value:
                extra.append(value)
        if extra:
            record[EXTRA_KEY] = " | ".join(extra)
        return record


def _cell_name(cell: str, index: int) -> str:
    return f"{cell} (column {get_column_letter(index + 1)})"


# --- telling the format -----------------------------------------------------------------

_MAGIC: tuple[tuple[bytes, str, dict[str, str]], ...] = (
    (b"%PDF", "pdf", {}),
    (b"\x89PNG\r\n\x1a\n", "image", {"kind": "PNG"}),
    (b"\xff\xd8\xff", "image", {"kind": "JPEG"}),
    (b"GIF87a", "image", {"kind": "GIF"}),
    (b"GIF89a", "image", {"kind": "GIF"}),
    (b"II*\x00", "image", {"kind": "TIFF"}),
    (b"MM\x00*", "image", {"kind": "TIFF"}),
    (b"\x1f\x8b", "archive", {"kind": "gzip"}),
    (b"Rar!\x1a\x07", "archive", {"kind": "RAR"}),
    (b"7z\xbc\xaf\x27\x1c", "archive", {"kind": "7z"}),
    (b"\xff\xfe", "utf16", {}),
    (b"\xfe\xff", "utf16", {}),
)
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff_format(head: bytes, filename: str) -> str:
    """Tell "csv" or "xlsx" by the first bytes of a file (a few KB are enough), not by its
    name. Raises TableFileError for anything else, saying what the file is."""
    if not head or (len(head) < HEAD_SIZE and not head.strip(b" \t\r\n\xef\xbb\xbf")):
        raise TableFileError("empty")
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        problem = "" if b"xl/" in head else _zip_problem_in_head(head)
        if problem:
            raise TableFileError(problem)
        return "xlsx"
    if head.startswith(_OLE2):
        raise TableFileError("wps" if filename.lower().endswith(".et") else "xls")
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        raise TableFileError("image", kind="WebP")
    for magic, problem, params in _MAGIC:
        if head.startswith(magic):
            raise TableFileError(problem, **params)
    start = head.removeprefix(codecs.BOM_UTF8).lstrip()[:100].lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")):
        raise TableFileError("html")
    if start.startswith(b"<?xml"):
        raise TableFileError("xml")
    if b"\x00" in head:
        raise TableFileError("binary")
    _encoding(head, final=False)
    return "csv"


def _zip_problem_in_head(head: bytes) -> str:
    """What a ZIP archive is when its first entries say it is no workbook ("" if they may
    belong to one: the list of entries at the end of the file decides)."""
    if b"word/" in head:
        return "word"
    if b"ppt/" in head:
        return "powerpoint"
    if head[30:38] == b"mimetype" and b"opendocument" in head[:100]:
        return "opendocument"
    if any(part in head for part in (b"[Content_Types].xml", b"docProps/", b"_rels/")):
        return ""
    return "zip"


def _zip_problem(names: Collection[str]) -> str:
    """What a ZIP archive is, by its entries ("" for an XLSX workbook)."""
    if "xl/workbook.xml" in names:
        return ""
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "word/document.xml" in names:
        return "word"
    if "ppt/presentation.xml" in names:
        return "powerpoint"
    if "mimetype" in names and "content.xml" in names:
        return "opendocument"
    return "zip"


def _encoding(head: bytes, *, final: bool) -> str:
    """UTF-8 (with or without its BOM) if the start decodes as UTF-8, else GB18030."""
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final)
    except UnicodeDecodeError as not_utf8:
        try:
            codecs.getincrementaldecoder("gb18030")().decode(head, final)
        except UnicodeDecodeError:
            line = head.count(b"\n", 0, not_utf8.start) + 1
            raise TableFileError("encoding", line=line) from None
        return "gb18030"
    return "utf-8"


# --- reading ----------------------------------------------------------------------------


def read_rows(
    stream: BinaryIO, filename: str, *, max_bytes: int | None = None, only: str | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """The data rows of a CSV or XLSX file: (line, {column key: text}) for every row that is
    not blank; line 1 is the header. Each row has every column of the header (empty text for
    an empty cell) and, under EXTRA_KEY, any value that stands under no column name.

    The format, the encoding and the header are checked at once; TableFileError is raised
    then, or while iterating for a problem further down (bytes of another encoding, a damaged
    sheet, more than ``max_bytes``). An XLSX is read from its first worksheet; a stream that
    cannot seek is copied to a temporary file first.

    With ``only`` (a column key), a CSV file's rows carry that column alone and rows where
    it is empty are left out: a fast path for a pass that needs one column.
    """
    start = stream.tell() if stream.seekable() else None
    if max_bytes is not None and start is not None:
        size = stream.seek(0, io.SEEK_END) - start
        stream.seek(start)
        if size > max_bytes:
            raise TableFileError("too_large", limit=_size(max_bytes))
    head = _read_head(stream)
    fmt = sniff_format(head, filename)
    source = _Prefixed(head, stream, max_bytes)
    if fmt == "csv":
        return _csv_rows(head, io.BufferedReader(source, 1 << 16), only)
    if start is not None:
        return _xlsx_rows(stream, start)
    spooled = tempfile.SpooledTemporaryFile(max_size=HEAD_SIZE * 256)  # noqa: SIM115 (open while rows are read)
    shutil.copyfileobj(io.BufferedReader(source), spooled)
    return _xlsx_rows(spooled, 0)


def _read_head(stream: IO[bytes]) -> bytes:
    parts: list[bytes] = []
    size = 0
    while size < HEAD_SIZE:
        part = stream.read(HEAD_SIZE - size)
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


def _size(count: int) -> str:
    return f"{count / 2**20:.0f} MB" if count >= 2**20 else f"{count:,} bytes"


class _Prefixed(io.RawIOBase):
    """The bytes already read from a stream, then the rest of it; at most ``limit`` bytes."""

    def __init__(self, head: bytes, rest: IO[bytes], limit: int | None) -> None:
        self._head = memoryview(head)
        self._rest = rest
        self._limit = limit
        self._count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            count = min(len(view), len(self._head))
            view[:count] = self._head[:count]
            self._head = self._head[count:]
        else:
            data = self._rest.read(len(view))
            count = len(data)
            view[:count] = data
        self._count += count
        if self._limit is not None and self._count > self._limit:
            raise TableFileError("too_large", limit=_size(self._limit))
        return count


class _Undecodable(Exception):
    """A line that is not text in the encoding taken (the exception's message names it)."""


_ENCODING_NAMES = {"utf-8": "UTF-8", "gb18030": "GB18030"}


def _csv_rows(
    head: bytes, binary: io.BufferedReader, only: str | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    lines = _decoded_lines(binary, _encoding(head, final=len(head) < HEAD_SIZE))
    try:
        first = next(lines, "").removeprefix("\ufeff")
        delimiter = next((d for d in (",", "\t", ";") if d in first), ",")
        reader = csv.reader(itertools.chain((first,), lines), delimiter=delimiter)
        header = next(reader, [])
    except _Undecodable:
        raise TableFileError("encoding", line=1) from None
    except csv.Error as problem:
        raise TableFileError("csv_syntax", line=1, detail=str(problem)) from None
    layout = _Layout([cell.strip() for cell in header])
    if only is not None:
        return _csv_column(reader, layout, only)
    return _csv_records(reader, layout)


def _decoded_lines(binary: io.BufferedReader, encoding: str) -> Iterator[str]:
    """Each line as text. A file taken for UTF-8 because its start is plain ASCII turns out
    GB18030 at its first line that is not UTF-8."""
    ascii_so_far = True
    for raw in binary:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            if not (ascii_so_far and encoding == "utf-8"):
                raise _Undecodable(_ENCODING_NAMES[encoding]) from None
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                raise _Undecodable("UTF-8 or GB18030") from None
            encoding = "gb18030"
        if ascii_so_far and not text.isascii():
            ascii_so_far = False
        yield text


def _csv_lines(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """(line, cells) for each row after the header; problems named by their line."""
    line = 1
    try:
        for row in reader:
            line += 1
            yield line, row
    except _Undecodable as problem:
        raise TableFileError("encoding_changes", line=line + 1, encoding=str(problem)) from None
    except csv.Error as problem:
        raise TableFileError("csv_syntax", line=line + 1, detail=str(problem)) from None


def _csv_records(
    reader: Iterator[list[str]], layout: _Layout
) -> Iterator[tuple[int, dict[str, str]]]:
    for line, row in _csv_lines(reader):
        values = [value.strip() for value in row]
        if any(values):
            yield line, layout.record(values)


def _csv_column(
    reader: Iterator[list[str]], layout: _Layout, key: str
) -> Iterator[tuple[int, dict[str, str]]]:
    if key not in layout.keys:
        return
    index = layout.keys.index(key)
    for line, row in _csv_lines(reader):
        if len(row) > index and (value := row[index].strip()):
            yield line, {key: value}


def _xlsx_rows(stream: IO[bytes], start: int) -> Iterator[tuple[int, dict[str, str]]]:
    stream.seek(start)
    try:
        with zipfile.ZipFile(stream) as archive:
            problem = _zip_problem(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError):
        raise TableFileError("damaged") from None
    if problem:
        raise TableFileError(problem)
    stream.seek(start)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of styles and data it skips
            book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:
        raise TableFileError("damaged") from error
    try:
        if not book.worksheets:
            raise TableFileError("no_sheet")
        rows = book.worksheets[0].iter_rows(values_only=True)
        header = next(rows, ())
        layout = _Layout([cell_text(value) for value in header])
    except TableFileError:
        book.close()
        raise
    except Exception as error:
        book.close()
        raise TableFileError("damaged") from error
    return _xlsx_records(book, rows, layout)


def _xlsx_records(
    book: Any, rows: Iterator[tuple[Any, ...]], layout: _Layout
) -> Iterator[tuple[int, dict[str, str]]]:
    line = 1
    try:
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as error:
                raise TableFileError("damaged_at", line=line + 1) from error
            line += 1
            values = [
                "" if v is None else v.strip() if v.__class__ is str else cell_text(v) for v in row
            ]
            if any(values):
                yield line, layout.record(values)
    finally:
        book.close()


def cell_text(value: object) -> str:
    """A spreadsheet cell's value as the text a CSV would hold: dates in ISO form, numbers as
    Excel shows them (15 significant digits, no trailing .0)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format(value, ".15g")
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value).strip()


# --- writing ----------------------------------------------------------------------------

ERROR_HEADERS = {"en": ("line", "column", "value", "reason"), "zh": ("行号", "列", "值", "原因")}
WHOLE_ROW = {"en": "(whole row)", "zh": "（整行）"}
_TEXT_COLUMNS = frozenset({"uscc", "region_code", "industry_code", "high_tech_cert_no", "year"})
_DATE_COLUMNS = frozenset(
    {
        "founded_on",
        "high_tech_issued_on",
        "high_tech_expires_on",
        "specialised_new_on",
        "little_giant_on",
        "listed_on",
    }
)
TEMPLATE_EXAMPLE: dict[str, str] = {
    "uscc": "91441284MA51C8XY2G",
    "name": "四会市示例电缆有限公司",
    "name_en": "Sihui Example Cable Co., Ltd.",
    "region_code": "441284",
    "address": "广东省肇庆市四会市示例大道1号",
    "industry_code": "3831",
    "founded_on": "2016-05-18",
    "registered_capital": "5000",
    "ownership": Ownership.DOMESTIC_PRIVATE.value,
    "foreign_country": "",
    "high_tech_cert_no": "GR202344001234",
    "high_tech_issued_on": "2023-12-28",
    "high_tech_expires_on": "2026-12-27",
    "specialised_new_on": "2024-06-30",
    "little_giant_on": "",
    "listed_on": "",
    "year": "2025",
    "revenue": "26800",
    "rd_expenditure": "1150",
    "employees": "320",
    "taxes_paid": "960",
    "export_value": "4300",
    "output_value": "27500",
}


def _language(language: str) -> str:
    return "zh" if language.lower().startswith("zh") else "en"


def write_errors(
    errors: Iterable[RowError], fmt: str, out: BinaryIO, *, language: str = "en"
) -> None:
    """The rows refused, one line per problem: line, column (its English key or Chinese
    header, by ``language``), value and reason. CSV is UTF-8 with a BOM, so that Excel opens
    it as such."""
    lang = _language(language)
    labels = {c.key: c.zh if lang == "zh" else c.key for c in COLUMNS}
    rows = (
        (e.line, labels.get(e.column, e.column) or WHOLE_ROW[lang], e.value, e.reason)
        for e in errors
    )
    _write_table(fmt, out, ERROR_HEADERS[lang], rows, title="errors", widths=(8, 24, 36, 60))


def write_template(fmt: str, out: BinaryIO, *, language: str = "zh") -> None:
    """A header row with every column (Chinese or English names) and one example row."""
    lang = _language(language)
    example = dict(TEMPLATE_EXAMPLE)
    if lang == "zh":
        example["ownership"] = OWNERSHIP_NAMES_ZH[Ownership(example["ownership"])]
    header = [c.zh if lang == "zh" else c.key for c in COLUMNS]
    values = [example[c.key] for c in COLUMNS]
    if fmt == "csv":
        _write_table(fmt, out, header, [values], title="", widths=())
        return
    if fmt != "xlsx":
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "企业" if lang == "zh" else "enterprises"
    sheet.append(header)
    for index, column in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = max(12, min(40, len(header[index - 1]) * 2))
        head_cell = sheet.cell(row=1, column=index)
        head_cell.font = Font(bold=True)
        cell = sheet.cell(row=2, column=index)
        text = example[column.key]
        if column.key in _TEXT_COLUMNS:
            sheet.column_dimensions[letter].number_format = "@"  # Excel keeps leading zeros
            cell.number_format = "@"
            cell.value = text
        elif column.key in _DATE_COLUMNS and text:
            cell.value = datetime.date.fromisoformat(text)
            cell.number_format = "yyyy-mm-dd"
        elif text and text.isdigit():
            cell.value = int(text)
        else:
            cell.value = text or None
    sheet.freeze_panes = "A2"
    book.save(out)


_NUMBER = re.compile(r"[-+]?\d+(?:\.\d*)?")


def _write_table(
    fmt: str,
    out: BinaryIO,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    title: str,
    widths: Sequence[int],
) -> None:
    if fmt == "csv":
        text = io.TextIOWrapper(out, encoding="utf-8-sig", errors="replace", newline="")
        try:
            writer = csv.writer(text)
            writer.writerow(header)
            writer.writerows([_csv_value(value) for value in row] for row in rows)
            text.flush()
        finally:
            text.detach()
        return
    if fmt != "xlsx":
        raise ValueError(f"unknown format {fmt!r}: use one of {', '.join(FORMATS)}")
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_xlsx_cell(sheet, name, font=bold) for name in header])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    book.save(out)


def _csv_value(value: object) -> object:
    """A text that Excel would take for a formula gets a leading apostrophe."""
    if (
        isinstance(value, str)
        and value[:1] in ("=", "+", "-", "@", "\t", "\r")
        and not _NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def _xlsx_cell(sheet: Any, value: object, *, font: Font | None = None) -> WriteOnlyCell:
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # never a formula, whatever the text starts with
    else:
        cell = WriteOnlyCell(sheet, value=value)
    if font is not None:
        cell.font = font
    return cell
