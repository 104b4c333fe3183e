"""The read stage of an import: a CSV or XLSX file as its raw rows, (line, [cell text, ...]),
every row that is not blank, title rows and the header row included. No Django here, and
nothing about columns: which row is the header and which column is which field is for the
map stage (``mapping``) to say.

Files are read as streams: a CSV is decoded line by line and an XLSX is read by openpyxl in
read-only mode with the cells' cached values (``data_only``: a formula is never evaluated),
so a file of a million rows never sits in memory. What is wrong with a file as a whole (not a
spreadsheet, an encoding that is neither UTF-8 nor GB18030, a damaged workbook, ...) raises
``TableFileError`` (see ``formats``); a single line that is not text in the file's encoding is
yielded as ``Undecodable`` so that its row alone is refused.
"""

from __future__ import annotations

import csv
import datetime
import io
import itertools
import shutil
import tempfile
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, Any, BinaryIO

from zhaoshang.registry.imports.bounds import xlsx_check_bounds
from zhaoshang.registry.imports.formats import (
    HEAD_SIZE,
    TableFileError,
    encoding_of,
    sniff_format,
    zip_problem,
)

# --- reading ----------------------------------------------------------------------------


class Undecodable(list[str]):
    """The cells of a CSV row with a line that is not text in the file's encoding (decoded
    with replacement characters); ``encoding`` names the encoding expected."""

    encoding: str = ""


RawRow = tuple[int, list[str]]


def read_cells(
    stream: BinaryIO, filename: str, *, max_bytes: int | None = None
) -> Iterator[RawRow]:
    """The rows of a CSV or XLSX file that are not blank: (line, stripped cell texts), line 1
    being the file's first row.

    The format and the encoding are checked at once, and TableFileError raised then, or
    while iterating for a problem further down (a damaged sheet, more than ``max_bytes``).
    An XLSX is read from its first worksheet; a stream that cannot seek is copied to a
    temporary file first.
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
        return _csv_rows(head, io.BufferedReader(source, 1 << 16))
    if start is not None:
        return _xlsx_rows(stream, start)
    spooled = tempfile.SpooledTemporaryFile(max_size=HEAD_SIZE * 256)  # noqa: SIM115 (open while rows are read)
    shutil.copyfileobj(io.BufferedReader(source), spooled)
    return _xlsx_rows(spooled, 0)


def read_column(stream: BinaryIO, filename: str, index: int) -> Iterator[tuple[int, str]]:
    """(line, text) of one column, for the rows where it is not empty: a fast path (for a
    CSV) for a pass that needs one column alone."""
    start = stream.tell()
    head = _read_head(stream)
    if sniff_format(head, filename) == "csv":
        encoding = encoding_of(head, final=len(head) < HEAD_SIZE)
        lines = _Lines(io.BufferedReader(_Prefixed(head, stream, None), 1 << 16), encoding)
        texts = (text.removeprefix("\ufeff") if n == 0 else text for n, text in enumerate(lines))
        reader = csv.reader(texts, delimiter=_delimiter(head, encoding))
        for line, row, expected in _csv_lines(reader, lines):
            if not expected and len(row) > index and (value := row[index].strip()):
                yield line, value
        return
    stream.seek(start)
    for line, cells in read_cells(stream, filename):
        if len(cells) > index and cells[index]:
            yield line, cells[index]


def head_rows(stream: BinaryIO, filename: str, count: int) -> list[RawRow]:
    """The first ``count`` rows that are not blank (for a preview, or to find the header).
    Raises TableFileError if the file cannot be imported at all: what the import itself
    would find before its first row (format, bounds, a damaged or truncated workbook)."""
    rows = read_cells(stream, filename)
    try:
        found = list(itertools.islice(rows, count))
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()
    if stream.seekable():
        stream.seek(0)
    return found


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


def _delimiter(head: bytes, encoding: str) -> str:
    """The delimiter most of the file's first lines hold (a title line may hold none)."""
    lines = head.decode(encoding, errors="replace").splitlines()[:20]
    counts = {d: sum(1 for line in lines if d in line) for d in (",", "\t", ";")}
    best = max(counts, key=lambda d: counts[d])  # ties: the first, the comma
    return best if counts[best] else ","


def _csv_rows(head: bytes, binary: io.BufferedReader) -> Iterator[RawRow]:
    lines = _Lines(binary, encoding_of(head, final=len(head) < HEAD_SIZE))
    texts = iter(lines)
    first = next(texts, "").removeprefix("\ufeff")
    if lines.undecodable:
        raise TableFileError("encoding", line=1)
    delimiter = _delimiter(head, lines.encoding)
    reader = csv.reader(itertools.chain((first,), texts), delimiter=delimiter)
    return _csv_records(reader, lines)


def _csv_problem(problem: csv.Error, line: int) -> TableFileError:
    if "field larger than field limit" in str(problem):
        return TableFileError("cell_too_large", limit=f"{csv.field_size_limit():,}")
    return TableFileError("csv_syntax", line=line, detail=str(problem))


def _csv_lines(
    reader: Iterator[list[str]], lines: _Lines, read_before: int = 0
) -> Iterator[tuple[int, list[str], str]]:
    """(line, cells, encoding expected) for each row; the encoding is "" unless a line of
    the row is not text in the file's encoding. Problems are named by their line."""
    line = 0
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


def _csv_records(reader: Iterator[list[str]], lines: _Lines) -> Iterator[RawRow]:
    for line, row, expected in _csv_lines(reader, lines):
        values = [value.strip() for value in row]
        if any(values):
            if expected:
                marked = Undecodable(values)
                marked.encoding = expected
                values = marked
            yield line, values


def _xlsx_rows(stream: IO[bytes], start: int) -> Iterator[RawRow]:
    stream.seek(start)
    try:
        with zipfile.ZipFile(stream) as archive:
            problem = zip_problem(archive.namelist())
            if problem:
                raise TableFileError(problem)
            # Before openpyxl builds anything: what the workbook would unpack to.
            xlsx_check_bounds(archive)
    # A damaged archive shows as any of these; zipfile raises NotImplementedError for a
    # compression method it does not know, which for an upload is a damaged file too.
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError):
        raise TableFileError("damaged") from None
    stream.seek(start)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns of styles and data it skips
            import openpyxl  # on first use: a process that reads no XLSX never loads it

            book = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:
        raise TableFileError("damaged") from error
    try:
        if not book.worksheets:
            raise TableFileError("no_sheet")
        rows = book.worksheets[0].iter_rows(values_only=True)
    except TableFileError:
        book.close()
        raise
    except Exception as error:
        book.close()
        raise TableFileError("damaged") from error
    return _xlsx_records(book, rows)


def _xlsx_records(book: Any, rows: Iterator[tuple[Any, ...]]) -> Iterator[RawRow]:
    line = 0
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
                yield line, values
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
