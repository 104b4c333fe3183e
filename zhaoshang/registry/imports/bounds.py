"""How large an import file may grow once it is unpacked, checked before it is read.

An XLSX file is a ZIP archive of XML: a few hundred KB can declare gigabytes, or hold one
cell of hundreds of MB that openpyxl would build in memory. ``xlsx_check_bounds`` looks at
the archive's directory (the size of each member, all of them together, how much each is
compressed) and then streams the worksheets and the shared strings through a small buffer
(never more than one cell's worth of text kept), checking the rows and columns declared and
the size of any one cell, before openpyxl opens the file. A CSV file is bounded as it is
read (``MAX_LINE_BYTES``, ``MAX_CELL_CHARS``, ``MAX_CSV_ROWS`` in ``read``). No Django here.
"""

from __future__ import annotations

import re
import zipfile
from typing import IO

from zhaoshang.registry.imports.formats import TableFileError

MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
# A cell's text as stored in the XML: UTF-8 (up to 3 bytes a Chinese character) with
# entities (&amp; is 5 bytes), hence the room.
MAX_CELL_BYTES = MAX_CELL_CHARS * 6
MAX_XLSX_ROWS = 1_048_576  # Excel's own limit for one sheet
MAX_COLUMNS = 1_000  # the template has fewer than 40
MAX_SHEET_BYTES = 2 * 2**30  # one worksheet unpacked (a million rows of 30 columns fit)
MAX_SHARED_STRINGS_BYTES = 512 * 2**20  # openpyxl keeps every shared string in memory
MAX_OTHER_MEMBER_BYTES = 32 * 2**20  # styles, workbook, relations: read whole by openpyxl
MAX_TOTAL_BYTES = 3 * 2**30
MAX_RATIO = 200  # real sheets compress 5 to 50 times; a bomb a thousand times
RATIO_FROM_BYTES = 2**20  # tiny members may be compressed any amount

_SCAN_CHUNK = 1 << 20
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*?\bref="([A-Z]*)(\d*)(?::([A-Z]+)(\d+))?"')
_ROW_NUMBER = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="(\d{7,})"')
_LONG_COLUMN = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{3,})\d')


def _megabytes(count: int) -> str:
    return f"{count / 2**20:,.0f} MB"


def column_number(letters: bytes | str) -> int:
    number = 0
    for letter in letters if isinstance(letters, str) else letters.decode("ascii"):
        number = number * 26 + ord(letter) - 64
    return number


def xlsx_check_bounds(archive: zipfile.ZipFile) -> None:
    """Raise TableFileError if the workbook would unpack to more than the bounds allow."""
    members = archive.infolist()
    total = sum(info.file_size for info in members)
    if total > MAX_TOTAL_BYTES:
        raise TableFileError("unpacked_too_large", limit=_megabytes(MAX_TOTAL_BYTES))
    scanned: list[zipfile.ZipInfo] = []
    for info in members:
        name = info.filename
        if name.startswith("xl/worksheets/") and name.endswith(".xml"):
            limit = MAX_SHEET_BYTES
            scanned.append(info)
        elif name == "xl/sharedStrings.xml":
            limit = MAX_SHARED_STRINGS_BYTES
            scanned.append(info)
        else:
            limit = MAX_OTHER_MEMBER_BYTES
        if info.file_size > limit:
            raise TableFileError("member_too_large", member=name, limit=_megabytes(limit))
        if info.file_size >= RATIO_FROM_BYTES and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise TableFileError("compression_ratio", member=name, limit=MAX_RATIO)
    for info in scanned:
        with archive.open(info) as stream:
            _scan_xml(stream, sheet=info.filename.startswith("xl/worksheets/"))


def _scan_xml(stream: IO[bytes], *, sheet: bool) -> None:
    """Stream one XML member: no run of text (or tag) longer than a cell may be, and, in a
    sheet, no row or column beyond the bounds, declared or used."""
    carry = b""
    first = True
    rows = 0
    while True:
        chunk = stream.read(_SCAN_CHUNK)
        if not chunk:
            break
        buffer = carry + chunk
        cut = buffer.rfind(b"<")
        if cut <= 0:  # no tag starts in it: all of it is one run of text
            if len(buffer) > MAX_CELL_BYTES:
                raise TableFileError("cell_too_large", limit=f"{MAX_CELL_CHARS:,}")
            carry = buffer
            continue
        part, carry = buffer[:cut], buffer[cut:]
        if len(carry) > MAX_CELL_BYTES or max(map(len, part.split(b"<"))) > MAX_CELL_BYTES:
            raise TableFileError("cell_too_large", limit=f"{MAX_CELL_CHARS:,}")
        if sheet:
            if first:
                _check_dimension(part)
                first = False
            rows += part.count(b"<row")
            for number in _ROW_NUMBER.findall(part):
                if int(number) > MAX_XLSX_ROWS:
                    raise TableFileError("too_many_rows", limit=f"{MAX_XLSX_ROWS:,}")
            for letters in _LONG_COLUMN.findall(part):
                if column_number(letters) > MAX_COLUMNS:
                    raise TableFileError("too_many_columns", limit=f"{MAX_COLUMNS:,}")
            if rows > MAX_XLSX_ROWS:
                raise TableFileError("too_many_rows", limit=f"{MAX_XLSX_ROWS:,}")
    if len(carry) > MAX_CELL_BYTES:
        raise TableFileError("cell_too_large", limit=f"{MAX_CELL_CHARS:,}")


def _check_dimension(head: bytes) -> None:
    found = _DIMENSION.search(head)
    if found is None:
        return
    first_col, first_row, last_col, last_row = found.groups()
    column = last_col or first_col or b"A"
    row = last_row or first_row or b"1"
    if column_number(column) > MAX_COLUMNS:
        raise TableFileError("too_many_columns", limit=f"{MAX_COLUMNS:,}")
    if int(row) > MAX_XLSX_ROWS:
        raise TableFileError("too_many_rows", limit=f"{MAX_XLSX_ROWS:,}")
