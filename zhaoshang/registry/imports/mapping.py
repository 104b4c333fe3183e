"""The map stage of an import: which row is the header, and which column is which field of
the record. No Django here.

``suggest`` looks at the first rows of a file (``read.head_rows``) and proposes a
``ColumnMapping``: the header row (the row whose cells are most like column names; none when
the first rows are data), then for each column a field, from the known headers and their
aliases, else by the similarity of its header to them (rapidfuzz), else by its values (a
column of 18-character codes with valid check characters is the credit code, ...). Columns
that carry personal data of people (telephone, ID numbers, a legal representative's name,
e-mail) are marked so, and are never read into a record. Each suggestion says how it was
found, so that a person can check the unsure ones.

``map_rows`` then turns the read stage's raw rows into {field: text}, the rows that
``validate`` checks: the header row and the rows above it are left out, a column mapped to
no field is dropped, and values standing beyond the header's last column are kept under
EXTRA_KEY for validation to refuse.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from rapidfuzz import fuzz, process

from zhaoshang.registry.domain.schema import COLUMN_KEYS, COLUMNS, gettext_noop
from zhaoshang.registry.domain.validation_tables import ENCODING_KEY, EXTRA_KEY
from zhaoshang.registry.imports.headers import (
    HEADER_ALIASES,
    HEADERS,
    PERSONAL_HEADER_PARTS,
    UNUSED_HEADERS,
    header_name,
)
from zhaoshang.registry.imports.read import RawRow, Undecodable, head_rows, read_cells
from zhaoshang.registry.imports.values import by_values, column_values, fits, looks_like_code

_HEADER_CHOICES = list(HEADERS)
__all__ = ["HEADERS", "HEADER_ALIASES", "header_name"]
SIMILAR_FROM = 85  # rapidfuzz WRatio (0-100) from which a header is taken as similar

# How a column's field was found, from surest to least sure.
HOW = {
    "header": gettext_noop("known header"),
    "similar": gettext_noop("similar header, please check"),
    "values": gettext_noop("by its values, please check"),
    "personal": gettext_noop("personal data: not stored"),
    "duplicate": gettext_noop("the same header as an earlier column"),
    "unused": gettext_noop("not used"),
    "chosen": gettext_noop("chosen"),
}

MAPPING_PROBLEMS: dict[str, str] = {
    "header_row": gettext_noop(
        "must be the line of the header row, from 1 to {last}, or 0 when there is none"
    ),
    "no_column": gettext_noop("there is no such column in the file"),
    "ambiguous_column": gettext_noop(
        "the header is given twice (columns {columns}): name the column by its letter"
    ),
    "unknown_field": gettext_noop("{field} is not a field of the registry"),
    "field_twice": gettext_noop("the field {field} is given to columns {columns}: choose one"),
    "required_field": gettext_noop("no column is mapped to the required field {field}"),
    "not_a_mapping": gettext_noop(
        'must be an object such as {{"header_row": 1, "columns": {{"A": "uscc"}}}}'
    ),
    "no_rows": gettext_noop("the file has no rows"),
}


MAX_COLUMN = 18_278  # ZZZ, the last column openpyxl names (Excel stops at XFD)


def get_column_letter(index: int) -> str:
    """A column's letters as spreadsheets write them (1 gives A, 27 AA), as openpyxl's
    function of the same name gives them: written here because importing openpyxl for it
    cost every import half a second before its first row."""
    if not 1 <= index <= MAX_COLUMN:
        raise ValueError(f"no column {index}")
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def column_index_from_string(letters: str) -> int:
    """openpyxl's column number (A gives 1), openpyxl imported on first use."""
    from openpyxl.utils import column_index_from_string as index

    return index(letters)


class MappingError(ValueError):
    """A mapping that cannot be used; ``where`` names the part ("header_row", "columns.C")."""

    def __init__(self, where: str, problem: str, **params: Any) -> None:
        self.where = where
        self.problem = problem
        self.params = params
        super().__init__(f"{where}: {MAPPING_PROBLEMS[problem].format(**params)}")

    def message(self, translate: Any = str) -> str:
        return f"{self.where}: {translate(MAPPING_PROBLEMS[self.problem]).format(**self.params)}"


# --- the mapping ------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnMapping:
    """Which field each column holds: ``fields[i]`` for column i ("" when not imported),
    the line of the header row (0: the file has none), the columns of personal data (not
    imported), and the header texts as the file gives them."""

    header_row: int
    fields: tuple[str, ...]
    headers: tuple[str, ...] = ()
    personal: frozenset[int] = frozenset()

    @property
    def width(self) -> int:
        return len(self.fields)

    def column_of(self, key: str) -> int | None:
        return self.fields.index(key) if key in self.fields else None

    def column_name(self, index: int) -> str:
        header = self.headers[index] if index < len(self.headers) else ""
        letter = get_column_letter(index + 1)
        return f"{header} ({letter})" if header else letter

    def ignored(self) -> list[str]:
        """The columns not imported, personal ones aside, by header and letter."""
        return [
            self.column_name(i)
            for i, key in enumerate(self.fields)
            if not key and i not in self.personal
        ]

    def personal_columns(self) -> list[str]:
        return [self.column_name(i) for i in sorted(self.personal) if not self.fields[i]]

    def as_json(self) -> dict[str, Any]:
        """The mapping as a person writes it (``--mapping file.json``, the API)."""
        return {
            "header_row": self.header_row,
            "columns": {get_column_letter(i + 1): key for i, key in enumerate(self.fields) if key},
        }

    def check(self) -> None:
        """Raise MappingError for a field given twice or a required one not given."""
        where: dict[str, list[int]] = {}
        for index, key in enumerate(self.fields):
            if key:
                if key not in COLUMN_KEYS:
                    raise MappingError(
                        f"columns.{get_column_letter(index + 1)}", "unknown_field", field=key
                    )
                where.setdefault(key, []).append(index)
        for key, indexes in where.items():
            if len(indexes) > 1:
                letters = ", ".join(get_column_letter(i + 1) for i in indexes)
                raise MappingError("columns", "field_twice", field=key, columns=letters)
        for column in COLUMNS:
            if column.required and column.key not in where:
                raise MappingError("columns", "required_field", field=f"{column.zh} ({column.key})")


def signature(headers: Sequence[str], width: int) -> str:
    """What identifies files with the same columns: their header names as compared, or,
    for files without a header row, their number of columns."""
    names = [header_name(text) for text in headers]
    while names and not names[-1]:
        names.pop()
    text = "\x1f".join(names) if any(names) else f"no header row, {width} columns"
    return hashlib.sha256(text.encode()).hexdigest()[:40]


# --- suggestions ------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnSuggestion:
    index: int
    header: str
    key: str  # the field suggested ("" when none)
    how: str  # a key of HOW
    samples: tuple[str, ...]

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass(frozen=True)
class Suggestion:
    header_row: int
    columns: tuple[ColumnSuggestion, ...]
    rows: tuple[RawRow, ...]  # the rows looked at, header and title rows included
    detected_header_row: int = 0
    signature: str = ""
    width: int = 0

    def mapping(self) -> ColumnMapping:
        return ColumnMapping(
            header_row=self.header_row,
            fields=tuple(c.key for c in self.columns),
            headers=tuple(c.header for c in self.columns),
            personal=frozenset(c.index for c in self.columns if c.how == "personal"),
        )

    def data_rows(self, count: int = 10) -> list[RawRow]:
        return [row for row in self.rows if row[0] > self.header_row][:count]


PREVIEW_ROWS = 40  # rows read to find the header and judge the values
HEADER_WITHIN = 10  # the header row is looked for among the first rows


def suggest_for_file(
    stream: BinaryIO, filename: str, *, header_row: int | None = None
) -> Suggestion:
    """``suggest`` on the file's first rows. Raises TableFileError for a file that cannot be
    read at all."""
    return suggest(head_rows(stream, filename, PREVIEW_ROWS), header_row=header_row)


def suggest(rows: Sequence[RawRow], *, header_row: int | None = None) -> Suggestion:
    """The mapping proposed for a file whose first rows are ``rows``. ``header_row``: the
    line of the header row chosen by a person (0: none), or None to find it."""
    detected = find_header_row(rows)
    chosen = detected if header_row is None else header_row
    lines = {line for line, _ in rows}
    if chosen and chosen not in lines:
        last = max(lines, default=0)
        raise MappingError("header_row", "header_row", last=min(last, PREVIEW_ROWS))
    header = next((cells for line, cells in rows if line == chosen), []) if chosen else []
    data = [cells for line, cells in rows if line > chosen]
    width = len(header) if chosen else _data_width(data)
    while chosen and width and not header[width - 1]:
        width -= 1
    columns = _suggest_columns(header[:width], data, width)
    return Suggestion(
        header_row=chosen,
        columns=columns,
        rows=tuple(rows),
        detected_header_row=detected,
        signature=signature(header[:width], width),
        width=width,
    )


def _data_width(data: Sequence[list[str]]) -> int:
    width = 0
    for cells in data:
        last = len(cells)
        while last and not cells[last - 1]:
            last -= 1
        width = max(width, last)
    return width


def find_header_row(rows: Sequence[RawRow]) -> int:
    """The line of the row most like a header among the first rows, or 0 when they look
    like data: known headers count 2, similar or known unused ones 1, and a row holding a
    valid credit code is data."""
    best, best_score = 0, 1
    for line, cells in list(rows)[:HEADER_WITHIN]:
        score = 0
        for cell in cells:
            if not cell:
                continue
            name = header_name(cell)
            if looks_like_code(cell):
                score = -1
                break
            if name in HEADERS:
                score += 2
            elif name in UNUSED_HEADERS or _personal_header(cell) or _similar(name):
                score += 1
        if score > best_score:
            best, best_score = line, score
    return best


def _personal_header(text: str) -> bool:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return any(part in folded for part in PERSONAL_HEADER_PARTS)


def _similar(name: str) -> tuple[str, float] | None:
    if not name or len(name) > 40:
        return None
    found = process.extractOne(name, _HEADER_CHOICES, scorer=fuzz.WRatio, score_cutoff=SIMILAR_FROM)
    if found is None:
        return None
    return HEADERS[found[0]], found[1]


def _suggest_columns(
    header: Sequence[str], data: Sequence[list[str]], width: int
) -> tuple[ColumnSuggestion, ...]:
    found: list[tuple[str, str]] = []
    for index in range(width):
        text = header[index] if index < len(header) else ""
        values = column_values(data, index)
        name = header_name(text)
        if name in HEADERS and fits(HEADERS[name], values):
            found.append((HEADERS[name], "header"))
        elif text and _personal_header(text):
            found.append(("", "personal"))
        elif name in UNUSED_HEADERS:
            found.append(("", "unused"))
        elif (similar := _similar(name)) and fits(similar[0], values):
            found.append((similar[0], "similar"))
        else:
            found.append(by_values(values, strong_only=bool(text)))
    # Each field to one column: the surest first, then from left to right.
    taken: dict[str, int] = {}
    for how in ("header", "similar", "values"):
        for index, (key, found_how) in enumerate(found):
            if key and found_how == how and key not in taken:
                taken[key] = index
    columns = []
    for index, (key, how) in enumerate(found):
        text = header[index] if index < len(header) else ""
        if key and taken.get(key) != index:
            first = taken[key]
            same = first < len(header) and header_name(header[first]) == header_name(text)
            key, how = "", "duplicate" if same and text else "unused"
        samples = tuple(cells[index] if index < len(cells) else "" for cells in data[:10])
        columns.append(ColumnSuggestion(index, text, key, how, samples))
    return tuple(columns)


# --- a mapping given by a person ----------------------------------------------------------


def mapping_from_choices(
    suggestion: Suggestion, fields: Mapping[int, str], *, header_row: int | None = None
) -> ColumnMapping:
    """The mapping of a person's choices (column index -> field, "" to skip), for the file
    the suggestion was made for; checked."""
    base = suggestion.mapping()
    chosen = tuple(fields.get(i, key) for i, key in enumerate(base.fields))
    mapping = ColumnMapping(
        header_row=suggestion.header_row if header_row is None else header_row,
        fields=chosen,
        headers=base.headers,
        personal=base.personal,
    )
    mapping.check()
    return mapping


def mapping_from_json(data: Any, suggestion: Suggestion) -> ColumnMapping:
    """A mapping written as {"header_row": N, "columns": {"C": "uscc", "企业名称": "name"}}
    (columns by letter or by header; a column left out is not imported), for the file the
    suggestion was made for (with that header row). Raises MappingError naming the part."""
    if not isinstance(data, dict) or not isinstance(data.get("columns", {}), dict):
        raise MappingError("mapping", "not_a_mapping")
    columns: dict[str, Any] = data.get("columns") or {}
    by_header: dict[str, list[int]] = {}
    for column in suggestion.columns:
        if column.header:
            by_header.setdefault(header_name(column.header), []).append(column.index)
    fields: dict[int, str] = dict.fromkeys(range(suggestion.width), "")
    for ref, key in columns.items():
        where = f"columns.{ref}"
        index = _column_index(str(ref), by_header, suggestion.width, where)
        if key in (None, "", "skip"):
            continue
        if not isinstance(key, str) or key not in COLUMN_KEYS:
            raise MappingError(where, "unknown_field", field=str(key))
        fields[index] = key
    return mapping_from_choices(suggestion, fields)


def _column_index(ref: str, by_header: Mapping[str, list[int]], width: int, where: str) -> int:
    indexes = by_header.get(header_name(ref))
    if indexes:
        if len(indexes) > 1:
            letters = ", ".join(get_column_letter(i + 1) for i in indexes)
            raise MappingError(where, "ambiguous_column", columns=letters)
        return indexes[0]
    if re.fullmatch(r"[A-Za-z]{1,3}", ref):
        index = column_index_from_string(ref.upper()) - 1
        if index < width:
            return index
    raise MappingError(where, "no_column")


def header_row_of(data: Any) -> int | None:
    """The header row a JSON mapping names (None: find it); MappingError if not a line."""
    if not isinstance(data, dict):
        raise MappingError("mapping", "not_a_mapping")
    value = data.get("header_row")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= PREVIEW_ROWS:
        raise MappingError("header_row", "header_row", last=PREVIEW_ROWS)
    return value


def mapping_plain(mapping: ColumnMapping) -> dict[str, Any]:
    """The mapping as JSON values (a task's arguments)."""
    return {
        "header_row": mapping.header_row,
        "fields": list(mapping.fields),
        "headers": list(mapping.headers),
        "personal": sorted(mapping.personal),
    }


def mapping_from_plain(data: Mapping[str, Any]) -> ColumnMapping:
    return ColumnMapping(
        header_row=int(data["header_row"]),
        fields=tuple(data["fields"]),
        headers=tuple(data.get("headers", ())),
        personal=frozenset(data.get("personal", ())),
    )


def mapping_from_saved(
    suggestion: Suggestion, fields: Sequence[str], header_row: int
) -> ColumnMapping:
    """A saved mapping's fields for the file the suggestion was made for (with the saved
    header row): columns beyond the saved ones are not imported."""
    chosen = {i: (fields[i] if i < len(fields) else "") for i in range(suggestion.width)}
    return mapping_from_choices(suggestion, chosen, header_row=header_row)


# --- applying it --------------------------------------------------------------------------


def map_rows(
    rows: Iterable[RawRow], mapping: ColumnMapping
) -> Iterator[tuple[int, dict[str, str]]]:
    """The data rows as {field: text}: every mapped field (empty text for an empty cell),
    and, under EXTRA_KEY, values beyond the header's last column. The header row and the
    rows above it are left out; so are the columns mapped to no field."""
    first = mapping.header_row
    width = mapping.width
    keys = mapping.fields
    pairs = tuple((index, key) for index, key in enumerate(keys) if key)
    # When every column is mapped, rows take a short path.
    every = keys if all(keys) else None
    for line, values in rows:
        if line <= first:
            continue
        if values.__class__ is Undecodable:
            assert isinstance(values, Undecodable)
            yield line, {ENCODING_KEY: values.encoding}
            continue
        count = len(values)
        if every is not None and count == width:
            yield line, dict(zip(every, values, strict=True))
            continue
        record = {key: values[index] if index < count else "" for index, key in pairs}
        if count > width and any(values[width:]):
            record[EXTRA_KEY] = " | ".join(v for v in values[width:] if v)
        yield line, record


def read_rows(
    stream: BinaryIO, filename: str, *, max_bytes: int | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """The file's rows as {field: text} under the mapping suggested for its first rows
    (read, then map; the file is read once, so a stream that cannot seek will do)."""
    cells = read_cells(stream, filename, max_bytes=max_bytes)
    head = list(itertools.islice(cells, PREVIEW_ROWS))
    mapping = suggest(head).mapping()
    mapping.check()
    return map_rows(itertools.chain(head, cells), mapping)
