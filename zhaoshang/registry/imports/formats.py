"""What an uploaded enterprise file is as a whole: its format (CSV or XLSX, told by its first
bytes, not its name), the encoding of a CSV (UTF-8 or GB18030), and ``TableFileError`` with the
messages of ``FILE_PROBLEMS`` for a file that cannot be imported at all. No Django here.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Collection
from typing import Any

from zhaoshang.registry.domain.schema import gettext_noop

FORMATS = ("csv", "xlsx")
HEAD_SIZE = 64 * 1024  # read first, to tell the format and the encoding

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
        "this is a web page (HTML), not the CSV or XLSX spreadsheet expected, whatever its "
        "name says: open it in Excel and save it as .xlsx or CSV"
    ),
    "xml": gettext_noop(
        "this is an XML file, not CSV or XLSX: open it in Excel and save it as .xlsx"
    ),
    "binary": gettext_noop("this is not a spreadsheet: the file holds binary data"),
    "utf16": gettext_noop("the file is UTF-16 text: save it as CSV (UTF-8)"),
    "encoding": gettext_noop(
        "the file is neither UTF-8 nor GB18030 text (see line {line}): save it as CSV (UTF-8)"
    ),
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
    "unpacked_too_large": gettext_noop(
        "the workbook would unpack to more than the limit of {limit}"
    ),
    "member_too_large": gettext_noop(
        "the part {member} of the workbook would unpack to more than the limit of {limit}"
    ),
    "compression_ratio": gettext_noop(
        "the part {member} of the workbook is compressed more than {limit} times, "
        "far more than a real spreadsheet"
    ),
    "cell_too_large": gettext_noop("a cell holds more than the limit of {limit} characters"),
    "too_many_rows": gettext_noop("the sheet has more than the limit of {limit} rows"),
    "too_many_columns": gettext_noop("the sheet has more than the limit of {limit} columns"),
    "line_too_long": gettext_noop("line {line} is longer than the limit of {limit}"),
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
    encoding_of(head, final=False)
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


def zip_problem(names: Collection[str]) -> str:
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


def encoding_of(head: bytes, *, final: bool) -> str:
    """UTF-8 (with or without its BOM) if the start decodes as UTF-8, else GB18030 if it
    does as that; when neither, the one more lines decode as (a line in neither is refused
    alone, while reading). The header line must be text in one of them."""
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final)
        except UnicodeDecodeError:
            continue
        return encoding
    lines = head.split(b"\n")
    if not final:
        lines = lines[:-1] or lines  # the last may be cut short
    scores = dict.fromkeys(("utf-8", "gb18030"), 0)
    for line in lines:
        for encoding in scores:
            try:
                line.decode(encoding)
            except UnicodeDecodeError:
                continue
            scores[encoding] += 1
    if not any(_decodes(lines[0], encoding) for encoding in scores):
        raise TableFileError("encoding", line=1)
    return "utf-8" if scores["utf-8"] >= scores["gb18030"] else "gb18030"


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True
