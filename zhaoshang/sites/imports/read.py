"""The read stage: a file as its records, each a place in the file (a line of a table, a
feature's number in a GeoJSON file) and its raw values. No Django here.

CSV and XLSX go through the registry's reader (``registry.imports.read``: format told by
content, UTF-8 or GB18030, the hostile-file bounds of ``registry.imports.bounds`` checked
before openpyxl opens a workbook, formulas never evaluated); the first row that is not
blank is the header row. A GeoJSON file is parsed whole (it is bounded by ``MAX_BYTES``) and
refused as a whole when it is not a FeatureCollection of features with a geometry. Either is
refused past ``MAX_RECORDS`` records: the import runs while the officer waits.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from zhaoshang.registry.domain.schema import gettext_noop
from zhaoshang.registry.imports.formats import TableFileError
from zhaoshang.registry.imports.read import Undecodable, read_cells

MAX_BYTES = 20 * 2**20
MAX_RECORDS = 5_000
# Features named one by one in a message about many of them.
_NAMED = 10

FILE_PROBLEMS: dict[str, str] = {
    "not_json": gettext_noop("the file is not valid JSON ({detail}), so it is not GeoJSON"),
    "not_utf8": gettext_noop("a GeoJSON file is UTF-8 text; this one is not"),
    "not_collection": gettext_noop(
        'a GeoJSON FeatureCollection is expected, but the file\'s "type" is {found}'
    ),
    "no_type": gettext_noop('the file has no "type": a GeoJSON FeatureCollection is expected'),
    "no_features": gettext_noop('the FeatureCollection has no "features" list'),
    "not_feature": gettext_noop("feature {numbers} is not a GeoJSON Feature"),
    "no_geometry": gettext_noop("feature(s) {numbers} have no geometry"),
    "bad_properties": gettext_noop('the "properties" of feature {numbers} are not an object'),
    "too_many_records": gettext_noop(
        "the file holds more than {limit} sites; split it (the import runs while you wait)"
    ),
    "too_large": gettext_noop("the file is larger than the limit of {limit}"),
    "empty": gettext_noop("the file holds no site"),
    "no_header": gettext_noop("the first row must be the header row with the column names"),
    "no_kind": gettext_noop(
        "say which sites the file holds (parcels, buildings or parks): its columns do not tell"
    ),
    "duplicate_column": gettext_noop("the columns “{first}” and “{second}” both give “{field}”"),
    "missing_key": gettext_noop(
        "no column gives “{field}”: each row is found by it (the template lists the columns)"
    ),
}


class SiteFileError(ValueError):
    """The file as a whole cannot be imported; nothing of it is. ``message(gettext)`` gives
    the reason in the reader's language."""

    def __init__(self, problem: str, table: TableFileError | None = None, **params: Any):
        self.problem = problem
        self.table = table
        self.params = params
        super().__init__(self.message())

    def message(self, translate: Callable[[str], str] = str) -> str:
        if self.table is not None:
            return self.table.message(translate)
        return translate(FILE_PROBLEMS[self.problem]).format(**self.params)


@dataclass
class Record:
    """One site as the file gives it. ``values`` maps a header (or property key) to its raw
    value; ``geometry`` is a feature's GeoJSON geometry (None for a table's row)."""

    place: int
    values: dict[str, Any]
    geometry: dict[str, Any] | None = None
    undecodable: str = ""  # the encoding expected, when a CSV line was not text in it


@dataclass
class SiteFile:
    format: str  # "csv", "xlsx" or "geojson"
    headers: list[str]
    records: list[Record] = field(default_factory=list)

    @property
    def unit(self) -> str:
        return "feature" if self.format == "geojson" else "line"


def _limit_text(count: int) -> str:
    return f"{count / 2**20:.0f} MB"


def looks_like_json(head: bytes, filename: str) -> bool:
    text = head.removeprefix(codecs.BOM_UTF8).lstrip()
    return text[:1] in (b"{", b"[") or filename.lower().endswith((".geojson", ".json"))


def read_sites(stream: BinaryIO, filename: str) -> SiteFile:
    """The records of a CSV, XLSX or GeoJSON file. Raises SiteFileError for a file that
    cannot be imported at all."""
    head = stream.read(4096)
    stream.seek(0)
    if looks_like_json(head, filename):
        data = stream.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise SiteFileError("too_large", limit=_limit_text(MAX_BYTES))
        return _geojson(data)
    return _table(stream, filename, "xlsx" if head.startswith(b"PK") else "csv")


def _table(stream: BinaryIO, filename: str, kind: str) -> SiteFile:
    try:
        rows = read_cells(stream, filename, max_bytes=MAX_BYTES)
        first = next(rows, None)
        if first is None:
            raise SiteFileError("empty")
        _line, headers = first
        if not any(headers) or isinstance(headers, Undecodable):
            raise SiteFileError("no_header")
        found = SiteFile(format=kind, headers=list(headers))
        for line, cells in rows:
            if len(found.records) >= MAX_RECORDS:
                close = getattr(rows, "close", None)
                if close is not None:
                    close()
                raise SiteFileError("too_many_records", limit=f"{MAX_RECORDS:,}")
            values = {
                header: cells[index] if index < len(cells) else ""
                for index, header in enumerate(headers)
                if header
            }
            found.records.append(
                Record(
                    place=line,
                    values=values,
                    undecodable=cells.encoding if isinstance(cells, Undecodable) else "",
                )
            )
    except TableFileError as exc:
        raise SiteFileError(exc.problem, table=exc) from exc
    if not found.records:
        raise SiteFileError("empty")
    return found


def _numbers(places: list[int]) -> str:
    shown = ", ".join(str(n) for n in places[:_NAMED])
    return shown + (", …" if len(places) > _NAMED else "")


def _geojson(data: bytes) -> SiteFile:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SiteFileError("not_utf8") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SiteFileError(
            "not_json", detail=f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise SiteFileError("not_json", detail="nested too deeply") from None
    found_type = document.get("type") if isinstance(document, dict) else None
    if found_type != "FeatureCollection":
        if not isinstance(found_type, str):
            raise SiteFileError("no_type")
        raise SiteFileError("not_collection", found=json.dumps(found_type, ensure_ascii=False))
    features = document.get("features")
    if not isinstance(features, list):
        raise SiteFileError("no_features")
    if not features:
        raise SiteFileError("empty")
    if len(features) > MAX_RECORDS:
        raise SiteFileError("too_many_records", limit=f"{MAX_RECORDS:,}")
    not_features = [
        n
        for n, f in enumerate(features, start=1)
        if not isinstance(f, dict) or f.get("type") != "Feature"
    ]
    if not_features:
        raise SiteFileError("not_feature", numbers=_numbers(not_features))
    without = [
        n for n, f in enumerate(features, start=1) if not isinstance(f.get("geometry"), dict)
    ]
    if without:
        raise SiteFileError("no_geometry", numbers=_numbers(without))
    bad = [
        n
        for n, f in enumerate(features, start=1)
        if f.get("properties") is not None and not isinstance(f.get("properties"), dict)
    ]
    if bad:
        raise SiteFileError("bad_properties", numbers=_numbers(bad))
    headers: list[str] = []
    seen: set[str] = set()
    records = []
    for number, feature in enumerate(features, start=1):
        properties = {str(k): v for k, v in (feature.get("properties") or {}).items()}
        for key in properties:
            if key not in seen:
                seen.add(key)
                headers.append(key)
        records.append(Record(place=number, values=properties, geometry=feature["geometry"]))
    return SiteFile(format="geojson", headers=headers, records=records)
