"""Reading enterprise files (CSV or XLSX) row by row: the header (column names in English,
Chinese or a known alias) and the data rows as {column key: text}. No Django here.

Files are read as streams: a CSV is decoded line by line and an XLSX is read by openpyxl in
read-only mode, so a file of a million rows never sits in memory. What is wrong with a file as
a whole (not a spreadsheet, an encoding that is neither UTF-8 nor GB18030, a header without
the required columns, ...) raises ``TableFileError`` (see ``table_formats``); what is wrong
with a value is for ``validation`` to say. The error report and the blank template are
written by ``table_writing``.
"""

from __future__ import annotations

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
import zlib
from collections.abc import Iterator, Sequence
from typing import IO, Any, BinaryIO

import openpyxl
from openpyxl.utils import get_column_letter

from zhaoshang.registry.schema import COLUMNS
from zhaoshang.registry.table_bounds import xlsx_check_bounds
from zhaoshang.registry.table_formats import (
    HEAD_SIZE,
    TableFileError,
    encoding_of,
    sniff_format,
    zip_problem,
)
from zhaoshang.registry.validation_tables import ENCODING_KEY, EXTRA_KEY

# EXTRA_KEY: a row's values under no column name, joined by " | " (validation refuses them).

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


def table_check(stream: BinaryIO, filename: str) -> None:
    """Raise TableFileError if the file cannot be imported at all: what the import itself
    would find before its first row (format, bounds, a damaged or truncated workbook, the
    header), so that an upload is refused on its form rather than later in the worker."""
    rows = read_rows(stream, filename)
    try:
        next(rows, None)
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    stream.seek(0)


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


_ENCODING_NAMES = {"utf-8": "UTF-8", "gb18030": "GB18030"}

MAX_LINE_BYTES = 4 * 2**20  # one line of a CSV file (40 columns of 32,767 characters fit)
MAX_CSV_ROWS = 5_000_000  # the repeated-code check keeps every row's code in memory


class _Lines:
    """A CSV file's lines as text, at most MAX_LINE_BYTES each. A file taken for UTF-8
    because its start is plain ASCII turns out GB18030 at its first line that is not UTF-8.
    A line that is not text in the file's encoding is decoded with replacement characters
    and noted in ``undecodable`` ({line number: the encoding expected}), so that its row alone
    is refused."""

    def __init__(self, binary: io.BufferedReader, encoding: str) -> None:
        self._binary = binary
        self.encoding = encoding
        self.count = 0  # lines read
        self.undecodable: dict[int, str] = {}

    def __iter__(self) -> Iterator[str]:
        ascii_so_far = True
        encoding = self.encoding
        readline = self._binary.readline
        while raw := readline(MAX_LINE_BYTES + 1):
            self.count += 1
            if len(raw) > MAX_LINE_BYTES:
                raise TableFileError("line_too_long", line=self.count, limit=_size(MAX_LINE_BYTES))
            try:
                text = raw.decode(encoding)
            except UnicodeDecodeError:
                if ascii_so_far and encoding == "utf-8" and _decodes(raw, "gb18030"):
                    encoding = self.encoding = "gb18030"
                    text = raw.decode(encoding)
                else:
                    self.undecodable[self.count] = (
                        "UTF-8 or GB18030"
                        if ascii_so_far and encoding == "utf-8"
                        else _ENCODING_NAMES[encoding]
                    )
                    yield raw.decode(encoding, errors="replace")
                    continue
            if ascii_so_far and not text.isascii():
                ascii_so_far = False
            yield text


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _csv_rows(
    head: bytes, binary: io.BufferedReader, only: str | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    lines = _Lines(binary, encoding_of(head, final=len(head) < HEAD_SIZE))
    texts = iter(lines)
    try:
        first = next(texts, "").removeprefix("\ufeff")
        if lines.undecodable:
            raise TableFileError("encoding", line=1)
        delimiter = next((d for d in (",", "\t", ";") if d in first), ",")
        reader = csv.reader(itertools.chain((first,), texts), delimiter=delimiter)
        header = next(reader, [])
    except csv.Error as problem:
        raise _csv_problem(problem, 1) from None
    layout = _Layout([cell.strip() for cell in header])
    if only is not None:
        return _csv_column(reader, lines, layout, only)
    return _csv_records(reader, lines, layout)


def _csv_problem(problem: csv.Error, line: int) -> TableFileError:
    if "field larger than field limit" in str(problem):
        return TableFileError("cell_too_large", limit=f"{csv.field_size_limit():,}")
    return TableFileError("csv_syntax", line=line, detail=str(problem))


def _csv_lines(reader: Iterator[list[str]], lines: _Lines) -> Iterator[tuple[int, list[str], str]]:
    """(line, cells, encoding expected) for each row after the header; the encoding is ""
    unless a line of the row is not text in the file's encoding. Problems are named by
    their line."""
    line = 1
    read_before = 1
    undecodable = lines.undecodable
    try:
        for row in reader:
            line += 1
            if line > MAX_CSV_ROWS + 1:
                raise TableFileError("too_many_rows", limit=f"{MAX_CSV_ROWS:,}")
            expected = ""
            if undecodable:
                for number in range(read_before + 1, lines.count + 1):
                    expected = undecodable.pop(number, "") or expected
            read_before = lines.count
            yield line, row, expected
    except csv.Error as problem:
        raise _csv_problem(problem, line + 1) from None


def _csv_records(
    reader: Iterator[list[str]], lines: _Lines, layout: _Layout
) -> Iterator[tuple[int, dict[str, str]]]:
    for line, row, expected in _csv_lines(reader, lines):
        values = [value.strip() for value in row]
        if any(values):
            record = layout.record(values)
            if expected:
                record[ENCODING_KEY] = expected
            yield line, record


def _csv_column(
    reader: Iterator[list[str]], lines: _Lines, layout: _Layout, key: str
) -> Iterator[tuple[int, dict[str, str]]]:
    if key not in layout.keys:
        return
    index = layout.keys.index(key)
    for line, row, expected in _csv_lines(reader, lines):
        if not expected and len(row) > index and (value := row[index].strip()):
            yield line, {key: value}


def _xlsx_rows(stream: IO[bytes], start: int) -> Iterator[tuple[int, dict[str, str]]]:
    stream.seek(start)
    try:
        with zipfile.ZipFile(stream) as archive:
            problem = zip_problem(archive.namelist())
            if problem:
                raise TableFileError(problem)
            # Before openpyxl builds anything: what the workbook would unpack to.
            xlsx_check_bounds(archive)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError):
        raise TableFileError("damaged") from None
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
