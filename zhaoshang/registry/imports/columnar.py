"""The read and validate stages in columns, for a CSV file in UTF-8: the common case of a
large import. No Django here.

The file is parsed by Arrow's CSV reader (C++, both cores) in blocks of rows, each column
a string array. Each field is checked as a whole column for the plain form that the row
validator (``registry.domain.validation``) takes on its short path: a credit code of 18 capitals
and digits whose GB 32100-2015 check character is computed for the whole column at once, a
region or industry code from the reference tables, an ISO date, a plain number, a known
ownership word, a text within its length and without control characters. A row whose every
value is in such a form is certified: its prepared values (``validate.prepare``'s, the
same strings and numbers) are made column by column too, and no Python object is built for
it. So is a row without a region code: its region is the one its address names (looked up
as the row validator looks it up, for the block's addresses at once), or none, with the
validator's note (unless the site refuses such rows). Every other row (a date written
2019年3月5日, capital in 万美元, a wrong check character, ...) is handed to the row
validator as the row path would have: it is taken in whatever form the validator accepts,
or refused with the validator's own reasons. The fast path only decides which rows need
no message.

What makes the columns an unsafe reading of the file sends the whole file back to the row
path (``NotColumnar``), before anything is written: another encoding, a line that is not
UTF-8, a value with a line break or a quote inside it, a blank line, rows of another width
than the header, a line or a cell beyond the reader's limits.
"""

from __future__ import annotations

import contextlib
import csv
import os
import shutil
import tempfile
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.ipc

from zhaoshang.registry.domain import reference
from zhaoshang.registry.domain.schema import (
    ABOVE_DESIGNATED_SIZE_REVENUE,
    FIGURE_KEYS,
    INDUSTRIAL_SECTIONS,
    Ownership,
)
from zhaoshang.registry.domain.validation_tables import (
    COUNTRY_CODES,
    EARLIEST_YEAR,
    MAX_LENGTHS,
    MULTI_LINE_KEYS,
    OWNERSHIP_WORDS,
    PLACEHOLDERS,
)
from zhaoshang.registry.imports.arrays import bytes_of, lengths
from zhaoshang.registry.imports.formats import HEAD_SIZE, TableFileError, encoding_of, sniff_format
from zhaoshang.registry.imports.mapping import ColumnMapping
from zhaoshang.registry.imports.read import MAX_LINE_BYTES, _delimiter, _read_head
from zhaoshang.registry.imports.validate import (
    ENTERPRISE_COLUMNS,
    FIGURE_COLUMNS,
    Chunk,
    ReadSettings,
    _validated,
    credit_code,
    in_child,
)
from zhaoshang.registry.names import pinyin_column

# Rows of a file read in columns at most (the row path's limit is read.MAX_CSV_ROWS: it keeps
# every code in memory; here the codes go to DuckDB, which spills to disk).
MAX_COLUMNAR_ROWS = 50_000_000
BLOCK_BYTES = (
    4 * 2**20
)  # Arrow reads blocks of the file ahead on its threads: about 9,000 rows each

CODES_PER_INSERT = 250_000
NOTES_PER_INSERT = 20_000

# The characters str.strip() removes (str.isspace()), which the row path strips from cells.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
    "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
# core.text's refused characters (surrogates cannot be in UTF-8 text), as RE2 classes.
_NEVER = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x{fffe}\x{ffff}"
_SINGLE_LINE_REFUSED = f"[{_NEVER}\\t\\n\\r]"
_MULTI_LINE_REFUSED = f"[{_NEVER}]"
_USCC_FORM = r"^[0-9]{8}[0-9A-HJ-NP-RTUWXY]{10}$"
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = np.array((1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28))
_VALUE_OF = np.zeros(256, dtype=np.int64)
_VALUE_OF[np.frombuffer(_ALPHABET.encode(), dtype=np.uint8)] = np.arange(31)
_ALPHABET_BYTES = np.frombuffer(_ALPHABET.encode(), dtype=np.uint8)
# Money as _money's short path takes it, in the form str(Decimal(text)) gives back unchanged.
_MONEY_FORM = r"^(0|[1-9][0-9]{0,13})(\.[0-9]{1,2})?$"
_DATE_FORM = r"^[1-9][0-9]{3}-[0-9]{2}-[0-9]{2}$"
_PAST_DATE_KEYS = (
    "founded_on",
    "high_tech_issued_on",
    "specialised_new_on",
    "little_giant_on",
    "listed_on",
)
_TEXT_KEYS = tuple(MAX_LENGTHS)
_MONEY_KEYS = ("registered_capital", *(k for k in FIGURE_KEYS if k != "employees"))


class NotColumnar(Exception):
    """The file cannot be read safely in columns: the row path reads it."""


@dataclass(frozen=True)
class CsvPlan:
    path: Path
    delimiter: str
    # Physical lines of the file; None: counted by the importing process while the child reads
    # (a large file, whose count would otherwise delay the first block: 3 s for 18,000,000
    # rows), and checked once every block has come (``batches_of``).
    lines: int | None


@dataclass
class Batch:
    """One block of rows: the certified rows' prepared columns (``table``: "line", then
    ENTERPRISE_COLUMNS, "above", FIGURE_COLUMNS) and the rest as the row validator took or
    refused them (in the reading process, which a large file has to itself)."""

    rows: int  # rows read (blank rows aside)
    table: pa.Table
    # The other rows, validated one by one as the row path does (None: there are none), and
    # their credit codes of 18 characters as validation normalises them, with their lines.
    others: Chunk | None = None
    other_codes: list[tuple[int, str]] = field(default_factory=list)
    # The notes of certified rows taken without a region: (line, credit code, column,
    # value, reason), as ``CodeBook.add_notes`` keeps them.
    notes: list[tuple[int, str, str, str, str]] = field(default_factory=list)
    last_line: int = 0  # of the block's last row read, even one of empty cells


def plan_for(
    path: Path, filename: str, mapping: ColumnMapping, *, count: bool = True
) -> CsvPlan | None:
    """The plan to read the file in columns, or None when only the row path can read it
    (not a CSV in UTF-8, a line too long, too many rows). Raises nothing: what is wrong
    with the file is for the row path to say. Without ``count`` the lines are counted
    while a child reads the file (``batches_of``), and a line too long or too many rows
    found then."""
    try:
        with path.open("rb") as stream:
            head = _read_head(stream)
            if sniff_format(head, filename) != "csv":
                return None
            if encoding_of(head, final=len(head) < HEAD_SIZE) != "utf-8":
                return None
            delimiter = _delimiter(head, "utf-8")
            stream.seek(0)
            lines = _count_lines(stream) if count else None
    except (TableFileError, OSError):
        return None
    if count and not _countable(lines, mapping):
        return None
    if not mapping.width or not any(mapping.fields):
        return None
    return CsvPlan(path=path, delimiter=delimiter, lines=lines)


def _countable(lines: int | None, mapping: ColumnMapping) -> bool:
    """Whether a file of this many lines (None: one too long) may be read in columns."""
    return lines is not None and lines - mapping.header_row <= MAX_COLUMNAR_ROWS


class _LineCount:
    """The lines of a file counted in a thread of its own (NumPy and the reads leave the
    interpreter's lock), while the importing process waits for the child's blocks:
    ``check`` compares them with the rows read."""

    def __init__(self, path: Path) -> None:
        self.lines: int | None = None
        self.thread = threading.Thread(
            target=self._count, args=(path,), name="line-count", daemon=True
        )
        self.thread.start()

    def _count(self, path: Path) -> None:
        try:
            with path.open("rb") as stream:
                self.lines = _count_lines(stream)
        except OSError:  # the row path says what is wrong with the file
            self.lines = None

    def check(self, last_line: int, mapping: ColumnMapping) -> None:
        """Raise NotColumnar unless the rows read, up to ``last_line``, were the file's
        lines one for one."""
        self.thread.join()
        _check_lines(self.lines, last_line, mapping)


def _check_lines(counted: int | None, last_line: int, mapping: ColumnMapping) -> None:
    if not _countable(counted, mapping):
        raise NotColumnar("a line too long, or more rows than a file read in columns may hold")
    if last_line != counted:  # a blank line, or a value over several lines
        raise NotColumnar("the rows are not one a line")


def _count_lines(stream: Any) -> int | None:
    """The file's lines as the row path counts them (split at line feeds), or None when one
    is longer than the row path allows."""
    lines = 0
    since = 0  # bytes since the last line feed
    last = b""
    while chunk := stream.read(BLOCK_BYTES):
        data = np.frombuffer(chunk, dtype=np.uint8)
        feeds = np.flatnonzero(data == 10)
        if len(feeds) == 0:
            since += len(chunk)
        else:
            longest = max(since + int(feeds[0]) + 1, int(np.diff(feeds).max(initial=0)))
            if longest > MAX_LINE_BYTES:
                return None
            since = len(chunk) - int(feeds[-1]) - 1
            lines += len(feeds)
        if since > MAX_LINE_BYTES:
            return None
        last = chunk[-1:]
    return lines + (1 if last and last != b"\n" else 0)


def _blocks(
    plan: CsvPlan, mapping: ColumnMapping, *, again: bool = False
) -> Iterator[tuple[pa.RecordBatch, np.ndarray]]:
    """The file's rows as Arrow reads them, every column as text, a block at a time with
    the line of each row. Raises NotColumnar (at any block) when the file turns out not to
    be safely readable in columns. ``again``: the file was read whole before (its lines
    are not checked twice). The file is opened at once: Arrow's threads parse the first
    blocks while the caller prepares the rest of its work."""
    names = [f"f{i}" for i in range(mapping.width)]
    try:
        reader = pa_csv.open_csv(
            plan.path,
            read_options=pa_csv.ReadOptions(
                block_size=BLOCK_BYTES,
                skip_rows=mapping.header_row,
                column_names=names,
                use_threads=True,
            ),
            parse_options=_parse_options(plan),
            convert_options=pa_csv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=True,
            ),
        )
    except (pa.ArrowInvalid, OSError) as problem:
        raise NotColumnar(str(problem)) from None
    return _blocks_read(reader, plan, mapping, again=again)


def _blocks_read(
    reader: pa_csv.CSVStreamingReader, plan: CsvPlan, mapping: ColumnMapping, *, again: bool
) -> Iterator[tuple[pa.RecordBatch, np.ndarray]]:
    """``_blocks``' blocks, from the reader it opened."""
    names = reader.schema.names
    line = mapping.header_row  # the line of the last row read
    while True:
        try:
            block = reader.read_next_batch()
        except StopIteration:
            break
        except pa.ArrowInvalid as problem:
            raise NotColumnar(str(problem)) from None
        if block.num_columns != len(names):
            raise NotColumnar("rows of another width than the header")
        lines = np.arange(line + 1, line + 1 + block.num_rows, dtype=np.int64)
        line += block.num_rows
        if line - mapping.header_row > MAX_COLUMNAR_ROWS:
            raise NotColumnar("more rows than a file read in columns may hold")
        yield block, lines
    if plan.lines is not None and not again:  # else counted apart (``batches_of``)
        _check_lines(plan.lines, line, mapping)


def batches(plan: CsvPlan, mapping: ColumnMapping, settings: ReadSettings) -> Iterator[Batch]:
    """The file's data rows, block by block, checked. Raises NotColumnar (at any block)
    when the file turns out not to be safely readable in columns. The file is opened at
    once (``_blocks``)."""
    return _checked(_blocks(plan, mapping), mapping, _Checks(settings))


def _checked(
    blocks: Iterator[tuple[pa.RecordBatch, np.ndarray]], mapping: ColumnMapping, checks: _Checks
) -> Iterator[Batch]:
    for block, lines in blocks:
        batch = checks.batch(block, lines, mapping)
        batch.last_line = int(lines[-1]) if len(lines) else 0
        yield batch


def _parse_options(plan: CsvPlan) -> pa_csv.ParseOptions:
    return pa_csv.ParseOptions(
        delimiter=plan.delimiter,
        quote_char='"',
        double_quote=True,
        escape_char=False,
        newlines_in_values=False,
        ignore_empty_lines=True,
    )


@dataclass(frozen=True)
class Repeated:
    """The codes given on more than one line, with their lines in order: given by
    ``batches_of(..., code_book=...)`` once every block is read, before the rows of those
    lines again."""

    lines: dict[str, list[int]]


def batches_then_repeats(
    plan: CsvPlan, mapping: ColumnMapping, settings: ReadSettings, directory: Path
) -> Iterator[Batch | Repeated]:
    """The file's blocks, as ``batches`` gives them, with every row's credit code kept in a
    code book (DuckDB in ``directory``) as it passes; then the codes given on more than one
    line, and, when there are any, their lines' rows once more: the file read a second
    time, and only those rows checked again. Rows whose code is not 18 characters once
    normalised are left out of the book (they are refused for that, not as repeats)."""
    read = batches(plan, mapping, settings)  # opened first: parsed meanwhile
    book = CodeBook(directory)
    try:
        for batch in read:
            yield batch
            book.add_batch(batch)
        repeated = book.repeated()
    finally:
        book.close()
    yield Repeated(repeated)
    if not repeated:
        return
    wanted = np.array(sorted(line for lines in repeated.values() for line in lines))
    checks = _Checks(settings)
    for block, numbers in _blocks(plan, mapping, again=True):
        mine = np.isin(numbers, wanted)
        if mine.any():
            yield checks.batch(block.filter(pa.array(mine)), numbers[mine], mapping)


@contextmanager
def batches_of(
    plan: CsvPlan,
    mapping: ColumnMapping,
    settings: ReadSettings,
    *,
    child: bool,
    code_book: Path | None = None,
) -> Iterator[Iterator[Any]]:
    """``batches``, read in a child process when ``child`` says so (a large file), as the
    row path does (``validate.chunks_of``): the child reads and checks the next blocks while
    this process writes the last one, each on a core. Each block's table passes between
    them as a file in Arrow's own format in shared memory (``_BlockFiles``), which this
    process maps rather than reads: pickled through the channel, a million rows cost both
    processes about 5 s of their cores. With ``code_book`` (a directory for DuckDB's
    files), the codes given twice follow the blocks, with their rows again
    (``batches_then_repeats``), found by the reading process too. Leaving the block stops
    the child."""
    if not child:
        if code_book is None:
            yield batches(plan, mapping, settings)
        else:
            yield batches_then_repeats(plan, mapping, settings, code_book)
        return
    with (
        _BlockFiles() as files,
        in_child(
            _batches_in_child,
            (plan, mapping, settings, code_book, files),
            maxsize=4,
            problem=lambda item: NotColumnar(item[1]),
        ) as received,
    ):
        counting = _LineCount(plan.path) if plan.lines is None else None
        yield _counted(
            (files.take(item) if isinstance(item, _Sent) else item for item in received),
            counting,
            mapping,
        )


def _counted(
    items: Iterator[Any], counting: _LineCount | None, mapping: ColumnMapping
) -> Iterator[Any]:
    """The child's items, the file's lines checked against the rows read once every block
    has come (before the codes given twice, or at the end)."""
    last_line = mapping.header_row
    for item in items:
        if counting is not None and isinstance(item, Repeated):
            counting.check(last_line, mapping)
            counting = None
        elif isinstance(item, Batch):
            last_line = max(last_line, item.last_line)
        yield item
    if counting is not None:
        counting.check(last_line, mapping)


@dataclass(frozen=True)
class _Sent:
    """A batch on its way from the reading process: its table is in ``path``."""

    path: str
    batch: Batch


SHARED_MEMORY = Path("/dev/shm")  # Linux's shared memory as a directory
# Free shared memory the blocks need: a few blocks of about 6 MB each are on their way at a
# time. A container's /dev/shm may be small (Docker gives 64 MB): below this the blocks go
# through the temporary directory instead, as they do where there is no /dev/shm.
SHARED_MEMORY_NEEDED = 256 * 2**20


def _block_directory() -> Path | None:
    """Where the blocks go: SHARED_MEMORY when it can take them, else None (the temporary
    directory)."""
    try:
        writable = os.access(SHARED_MEMORY, os.W_OK)
        if writable and shutil.disk_usage(SHARED_MEMORY).free >= SHARED_MEMORY_NEEDED:
            return SHARED_MEMORY
    except OSError:
        pass
    return None


class _BlockFiles:
    """Where the reading process leaves each block's table for the importing process: a
    directory of its own in SHARED_MEMORY (else in the temporary directory, see
    ``_block_directory``), removed with whatever is left in it when the import ends,
    whichever way it ends."""

    PREFIX = "zhaoshang-blocks-"

    def __enter__(self) -> _BlockFiles:
        where = _block_directory()
        _remove_left_behind(where, self.PREFIX)
        self.directory = Path(tempfile.mkdtemp(prefix=f"{self.PREFIX}{os.getpid()}-", dir=where))
        self.count = 0
        return self

    def __exit__(self, *exc: object) -> None:
        shutil.rmtree(self.directory, ignore_errors=True)

    def send(self, batch: Batch) -> _Sent:
        """In the reading process: the batch's table written to a file of its own."""
        self.count += 1
        path = str(self.directory / f"{self.count}.arrow")
        with pa.OSFile(path, "wb") as sink, pa.ipc.new_stream(sink, batch.table.schema) as out:
            out.write_table(batch.table)
        return _Sent(path, replace(batch, table=pa.table({})))

    @staticmethod
    def take(sent: _Sent) -> Batch:
        """In the importing process: the batch, its table mapped from the file (no copy),
        and the file's name removed (its memory goes once the table is no longer used)."""
        try:
            with pa.memory_map(sent.path) as source:
                table = pa.ipc.open_stream(source).read_all()
        finally:
            os.unlink(sent.path)
        return replace(sent.batch, table=table)


def _remove_left_behind(parent: Path | None, prefix: str) -> None:
    """The block directories of imports whose process has gone (killed before it could
    remove its own: a file in shared memory takes memory until it is removed)."""
    for directory in Path(parent or tempfile.gettempdir()).glob(f"{prefix}*"):
        owner = directory.name[len(prefix) :].split("-", 1)[0]
        if not owner.isdigit() or _running(int(owner)):
            continue
        shutil.rmtree(directory, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _batches_in_child(
    channel: Any,
    plan: CsvPlan,
    mapping: ColumnMapping,
    settings: ReadSettings,
    code_book: Path | None,
    files: _BlockFiles,
) -> None:
    try:
        items: Iterator[Any] = (
            batches(plan, mapping, settings)
            if code_book is None
            else batches_then_repeats(plan, mapping, settings, code_book)
        )
        for item in items:
            channel.put(files.send(item) if isinstance(item, Batch) else item)
    except NotColumnar as problem:
        channel.put(("not_columnar", str(problem)))
    channel.put(None)


def _present(values: pa.Array) -> pa.Array:
    return pc.not_equal(values, "")


def _may_hold_refused(data: np.ndarray) -> bool:
    """Whether some value could hold a character core.text refuses: a control character
    (tab and line breaks included: the single-line fields refuse them) or U+FFFE/U+FFFF.
    False proves every value clean, so the column's slower check is skipped."""
    if bool(np.any(data < 0x20)) or bool(np.any(data == 0x7F)):
        return True
    leads = np.flatnonzero(data[:-2] == 0xEF)
    if not len(leads):
        return False
    return bool(np.any((data[leads + 1] == 0xBF) & (data[leads + 2] >= 0xBE)))


def _regions_from_addresses(region: pa.Array, missing: pa.Array, address: pa.Array) -> pa.Array:
    """The region column with each empty code (``missing``) replaced by the code the row
    path takes for it: the one found in the row's address (``reference``, on the block's
    distinct addresses at once), null where none is found (the row path then notes or
    refuses the row, so it is left to it)."""
    wanted = pc.filter(address, missing).to_pylist()
    distinct = sorted(set(wanted) - {""})
    found = dict(zip(distinct, reference.region_from_addresses(distinct), strict=True))
    codes = pa.array([found.get(text) for text in wanted], pa.string())
    return pc.replace_with_mask(region, missing, codes)


def _longest_bytes(column: pa.Array) -> int:
    return int(lengths(column).max()) if len(column) else 0


class _Checks:
    """The column checks, with what they compare against taken once."""

    def __init__(self, settings: ReadSettings) -> None:
        self.settings = settings
        self.field_limit = csv.field_size_limit()
        self.regions = pa.array(sorted(settings.region_codes), pa.string())
        self.divisions = pa.array(sorted(settings.division_sections), pa.string())
        self.industrial = pa.array(
            sorted(d for d, s in settings.division_sections.items() if s in INDUSTRIAL_SECTIONS),
            pa.string(),
        )
        self.placeholders = pa.array(sorted(PLACEHOLDERS), pa.string())
        self.countries = pa.array(sorted(COUNTRY_CODES), pa.string())
        self.ownership_words = pa.array(list(OWNERSHIP_WORDS), pa.string())
        self.ownership_values = pa.array([o.value for o in OWNERSHIP_WORDS.values()], pa.string())
        self.today = settings.today.isoformat()

    def batch(self, block: pa.RecordBatch, lines: np.ndarray, mapping: ColumnMapping) -> Batch:
        raw = block.columns
        for column in raw:
            # A cell of more bytes than the limit may still be within it in characters.
            if _longest_bytes(column) > self.field_limit and (
                pc.max(pc.utf8_length(column)).as_py() > self.field_limit
            ):
                raise NotColumnar("a cell beyond the CSV reader's limit")
            if np.any(bytes_of(column) == ord('"')):
                raise NotColumnar("a quote inside a value")
        trimmed = [pc.utf8_trim(column, characters=WHITESPACE) for column in raw]
        # Rows whose cells are all empty are skipped, as the row path skips them: the
        # lengths added up from the columns' offsets, without a kernel call per column.
        filled = np.zeros(len(lines), dtype=np.int64)
        for column in trimmed:
            filled += lengths(column)
        if not (found := filled > 0).all():
            kept = pa.array(found)
            raw = [pc.filter(column, kept) for column in raw]
            trimmed = [pc.filter(column, kept) for column in trimmed]
            lines = lines[found]
        count = len(lines)
        values = {key: trimmed[i] for i, key in enumerate(mapping.fields) if key}
        certified, columns, unplaced = self._certify(values, count)
        good = np.asarray(certified.to_numpy(zero_copy_only=False), dtype=bool)
        notes = self._region_notes(lines, values, good, unplaced)
        if good.all():
            table = pa.table({"line": pa.array(lines), **dict(columns)})
        else:
            table = pa.table(
                {"line": pa.array(lines[good]), **{k: pc.filter(v, certified) for k, v in columns}}
            )
        others: list[tuple[int, dict[str, str]]] = []
        if not good.all():
            rest = np.flatnonzero(~good)
            indices = pa.array(rest)
            pairs = [
                (key, raw[i].take(indices).to_pylist()) for i, key in enumerate(mapping.fields)
            ]
            pairs = [(key, cells) for key, cells in pairs if key]
            for n, position in enumerate(rest.tolist()):
                others.append(
                    (int(lines[position]), {key: cells[n].strip() for key, cells in pairs})
                )
        if not others:
            return Batch(rows=count, table=table, notes=notes)
        codes = [(line, credit_code(raw)) for line, raw in others if raw.get("uscc")]
        return Batch(
            rows=count,
            table=table,
            others=_validated(others, self.settings, 0),
            other_codes=[(line, code) for line, code in codes if len(code) == 18],
            notes=notes,
        )

    def _region_notes(
        self,
        lines: np.ndarray,
        values: Mapping[str, pa.Array],
        good: np.ndarray,
        unplaced: pa.Array,
    ) -> list[tuple[int, str, str, str, str]]:
        """The row validator's note for each certified row taken without a region (a
        certified row has its credit code, already in the validator's form)."""
        noted = good & np.asarray(unplaced.to_numpy(zero_copy_only=False), dtype=bool)
        if not noted.any():
            return []
        reason = self.settings.reasons["region_missing_taken"].format()
        where = np.flatnonzero(noted)
        codes = values["uscc"].take(pa.array(where)).to_pylist()
        return [
            (int(line), code, "region_code", "", reason)
            for line, code in zip(lines[where].tolist(), codes, strict=True)
        ]

    def _certify(
        self, values: Mapping[str, pa.Array], count: int
    ) -> tuple[pa.Array, list[tuple[str, pa.Array]], pa.Array]:
        """Which rows take the short path throughout, their prepared columns (valid only
        where certified), and which rows are taken without a region (to be noted)."""
        empty = pa.array([""] * count, pa.string())
        nothing = pa.nulls(count, pa.string())
        ok = pa.array(np.ones(count, dtype=bool))

        def given(key: str) -> pa.Array:
            return values.get(key, empty)

        presence: dict[str, pa.Array] = {}

        def present(key: str) -> pa.Array:
            if key not in presence:
                presence[key] = _present(given(key))
            return presence[key]

        def require(test: pa.Array) -> None:
            nonlocal ok
            ok = pc.and_kleene(ok, pc.fill_null(test, False))

        def optional(key: str, test: pa.Array) -> None:
            require(pc.or_kleene(pc.invert(present(key)), test))

        # The apostrophe an export puts before a formula-like text: the row path's to strip.
        for column in values.values():
            if np.any(bytes_of(column) == ord("'")):
                require(pc.invert(pc.starts_with(column, "'")))

        uscc = given("uscc")
        require(present("uscc"))
        require(self._uscc_valid(uscc))
        name = given("name")
        require(present("name"))
        for key in _TEXT_KEYS:
            column = given(key)
            pattern = _MULTI_LINE_REFUSED if key in MULTI_LINE_KEYS else _SINGLE_LINE_REFUSED
            wrong = pc.is_in(column, value_set=self.placeholders)
            # Characters are never more than bytes: counted only when the bytes are over.
            if _longest_bytes(column) > MAX_LENGTHS[key]:
                wrong = pc.or_kleene(wrong, pc.greater(pc.utf8_length(column), MAX_LENGTHS[key]))
            if _may_hold_refused(bytes_of(column)):
                wrong = pc.or_kleene(wrong, pc.match_substring_regex(column, pattern))
            optional(key, pc.invert(wrong))
        region = given("region_code")
        missing = pc.invert(present("region_code"))
        unplaced = pa.array(np.zeros(count, dtype=bool))  # taken without a region, noted
        if pc.any(missing).as_py():
            region = _regions_from_addresses(region, missing, given("address"))
            if not self.settings.values.region_missing_refused:
                unplaced = pc.and_(missing, pc.is_null(region))
        require(pc.or_(pc.fill_null(pc.is_in(region, value_set=self.regions), False), unplaced))
        industry = given("industry_code")
        division = pc.utf8_slice_codeunits(industry, 0, 2)
        optional(
            "industry_code",
            pc.and_kleene(
                pc.match_substring_regex(industry, "^[0-9]{4}$"),
                pc.is_in(division, value_set=self.divisions),
            ),
        )
        dates: dict[str, pa.Array] = {}
        for key in (*_PAST_DATE_KEYS, "high_tech_expires_on"):
            column = given(key)
            formed = pc.if_else(pc.match_substring_regex(column, _DATE_FORM), column, nothing)
            # Arrow reads 2019-02-30 as 2019-03-02: a date is real when its day stays.
            parsed = pc.strptime(formed, format="%Y-%m-%d", unit="s", error_is_null=True)
            written_day = pc.cast(pc.utf8_slice_codeunits(formed, 8, 10), pa.int64())
            valid = pc.equal(pc.day(parsed), written_day)
            if key != "high_tech_expires_on":
                valid = pc.and_kleene(valid, pc.less_equal(column, self.today))
            optional(key, valid)
            dates[key] = pc.if_else(present(key), column, nothing)
        issued, expires = dates["high_tech_issued_on"], dates["high_tech_expires_on"]
        require(pc.invert(pc.fill_null(pc.less_equal(expires, issued), False)))
        money: dict[str, pa.Array] = {}
        for key in _MONEY_KEYS:
            column = given(key)
            optional(key, pc.match_substring_regex(column, _MONEY_FORM))
            money[key] = pc.if_else(present(key), column, nothing)
        employees_text = given("employees")
        employees_form = pc.match_substring_regex(employees_text, "^[0-9]{1,9}$")
        optional("employees", employees_form)
        employees = pc.cast(pc.if_else(employees_form, employees_text, nothing), pa.int64())
        year_text = given("year")
        year_form = pc.match_substring_regex(year_text, "^[0-9]{4}$")
        year = pc.cast(pc.if_else(year_form, year_text, nothing), pa.int64())
        optional(
            "year",
            pc.and_kleene(
                pc.greater_equal(year, EARLIEST_YEAR),
                pc.less_equal(year, self.settings.today.year),
            ),
        )
        figures_given = pc.or_kleene(present("employees"), present("revenue"))
        for key in FIGURE_KEYS:
            figures_given = pc.or_kleene(figures_given, present(key))
        require(pc.or_kleene(pc.invert(figures_given), present("year")))
        ownership_text = given("ownership")
        where = pc.index_in(ownership_text, value_set=self.ownership_words)
        optional("ownership", pc.is_valid(where))
        ownership = pc.fill_null(pc.take(self.ownership_values, where), "")
        country = given("foreign_country")
        optional("foreign_country", pc.is_in(country, value_set=self.countries))
        foreign = pc.equal(ownership, Ownership.FOREIGN_INVESTED.value)
        require(pc.or_kleene(pc.invert(foreign), present("foreign_country")))

        division = pc.if_else(present("industry_code"), division, nothing)
        revenue = money["revenue"]
        above = pc.fill_null(
            pc.and_kleene(
                pc.is_in(division, value_set=self.industrial),
                pc.greater_equal(
                    pc.cast(revenue, pa.float64()), float(ABOVE_DESIGNATED_SIZE_REVENUE)
                ),
            ),
            False,
        )
        texts = {key: given(key) for key in _TEXT_KEYS}
        pinyin = pinyin_column(name).cast(pa.string())
        prepared = {
            "uscc": uscc,
            "name": name,
            "name_en": texts["name_en"],
            "address": texts["address"],
            "industry_code": industry,
            "founded_on": dates["founded_on"],
            "registered_capital": money["registered_capital"],
            "ownership": ownership,
            "foreign_country": country,
            "high_tech_cert_no": texts["high_tech_cert_no"],
            "high_tech_issued_on": dates["high_tech_issued_on"],
            "high_tech_expires_on": dates["high_tech_expires_on"],
            "specialised_new_on": dates["specialised_new_on"],
            "little_giant_on": dates["little_giant_on"],
            "listed_on": dates["listed_on"],
            "registered_capital_text": texts["registered_capital_text"],
            "business_scope": texts["business_scope"],
            "main_products": texts["main_products"],
            "region_id": region,
            "division_id": division,
            "name_pinyin": pinyin,
            "above": above,
            "year": year,
            "revenue": revenue,
            "rd_expenditure": money["rd_expenditure"],
            "employees": employees,
            "taxes_paid": money["taxes_paid"],
            "export_value": money["export_value"],
            "output_value": money["output_value"],
        }
        order = (*ENTERPRISE_COLUMNS, "above", *FIGURE_COLUMNS)
        return ok, [(key, prepared[key]) for key in order], unplaced

    def _uscc_valid(self, uscc: pa.Array) -> pa.Array:
        """Codes of 18 digits and capitals of the alphabet whose check character is right,
        computed for the column at once."""
        form = pc.fill_null(pc.match_substring_regex(uscc, _USCC_FORM), False)
        codes = (
            pc.if_else(form, uscc, "0" * 18).combine_chunks()
            if isinstance(uscc, pa.ChunkedArray)
            else pc.if_else(form, uscc, "0" * 18)
        )
        count = len(codes)
        if not count:
            return form
        offsets = np.frombuffer(codes.buffers()[1], dtype=np.int32)[
            codes.offset : codes.offset + count + 1
        ]
        chars = np.frombuffer(codes.buffers()[2], dtype=np.uint8)[
            offsets[0] : offsets[0] + 18 * count
        ].reshape(count, 18)
        total = _VALUE_OF[chars[:, :17]] @ _WEIGHTS
        right = chars[:, 17] == _ALPHABET_BYTES[-total % 31]
        return pc.and_kleene(form, pa.array(right))


class CodeBook:
    """Every row's credit code and line, and the notes of rows taken, kept in DuckDB (which
    spills to disk) rather than in Python objects: which codes are given on more than one
    line is known once the whole file is read."""

    def __init__(self, directory: Path) -> None:
        import duckdb

        # In a database file, not in memory: DuckDB keeps an in-memory database's tables
        # whole in memory (977 MB at 5,000,000 codes), a file's within the memory limit.
        self.db = duckdb.connect(
            str(directory / "codes.duckdb"),
            config={
                "memory_limit": "128MB",
                "temp_directory": str(directory),
                "threads": 2,
                "preserve_insertion_order": False,
            },
        )
        # The book is scratch, read once: its pages are written as they are rather than
        # compressed at each checkpoint (FSST for the codes), which took half of its time
        # (0.6 against 0.3 s of a core for 1,000,000 codes). A DuckDB without the setting
        # compresses them.
        with contextlib.suppress(duckdb.Error):
            self.db.execute("SET force_compression = 'uncompressed'")
        self.db.execute("CREATE TABLE codes (code VARCHAR, line BIGINT)")
        self.pending: list[tuple[int, str, str, str, str]] = []  # notes not in DuckDB yet
        self.codes: list[pa.Table] = []  # codes and lines not in DuckDB yet
        self.held_codes = 0  # rows whose codes are in ``codes``
        self.db.execute(
            "CREATE TABLE notes (line BIGINT, code VARCHAR, col VARCHAR, value VARCHAR, "
            "reason VARCHAR)"
        )

    def add_batch(self, batch: Batch) -> None:
        """Keep the codes of a block's rows (certified, and the others' of 18 characters):
        given to DuckDB a few hundred thousand at a time, as each insert has its cost."""
        self.codes.append(
            pa.table({"code": batch.table.column("uscc"), "line": batch.table.column("line")})
        )
        if batch.other_codes:
            lines, codes = zip(*batch.other_codes, strict=True)
            self.codes.append(
                pa.table(
                    {"code": pa.array(codes, pa.string()), "line": pa.array(lines, pa.int64())}
                )
            )
        self.held_codes += batch.rows
        if self.held_codes >= CODES_PER_INSERT:
            self._insert_codes()

    def _insert_codes(self) -> None:
        if self.codes:
            part = pa.concat_tables(self.codes)  # noqa: F841 (read by DuckDB)
            self.codes, self.held_codes = [], 0
            self.db.execute("INSERT INTO codes SELECT code, line FROM part")

    def add_notes(self, notes: list[tuple[int, str, str, str, str]]) -> None:
        """Keep notes (line, code, column, value, reason): given to DuckDB some thousands
        at a time, as each insert has its cost (and each note held in Python, its memory)."""
        self.pending.extend(notes)
        if len(self.pending) >= NOTES_PER_INSERT:
            self._insert_notes()

    def _insert_notes(self) -> None:
        if self.pending:
            line, code, col, value, reason = zip(*self.pending, strict=True)
            self.pending = []
            part = pa.table(  # noqa: F841 (read by DuckDB)
                {
                    "line": pa.array(line, pa.int64()),
                    "code": pa.array(code, pa.string()),
                    "col": pa.array(col, pa.string()),
                    "value": pa.array(value, pa.string()),
                    "reason": pa.array(reason, pa.string()),
                }
            )
            self.db.execute("INSERT INTO notes SELECT line, code, col, value, reason FROM part")

    def know_repeated(self, codes: Iterable[str]) -> None:
        """The codes given twice, found elsewhere (``Repeated``): their notes are left out."""
        part = pa.table({"code": pa.array(sorted(codes), pa.string())})  # noqa: F841
        self.db.execute("CREATE TABLE repeated AS SELECT code FROM part")

    def repeated(self) -> dict[str, list[int]]:
        """The codes on more than one line, with their lines in order."""
        self._insert_codes()
        self.db.execute(  # the lines gathered for the few codes given twice only
            "CREATE TABLE repeated AS SELECT code, list(line ORDER BY line) AS lines "
            "FROM codes WHERE code IN "
            "(SELECT code FROM codes GROUP BY code HAVING count(*) > 1) GROUP BY code"
        )
        found = self.db.execute("SELECT code, lines FROM repeated").fetchall()
        return {code: list(lines) for code, lines in found}

    def notes(self, limit: int) -> tuple[dict[str, int], list[tuple[int, str, str, str]]]:
        """The notes of rows not repeated: how many for each column, and the first
        ``limit`` by line."""
        self._insert_notes()
        keep = "WHERE code NOT IN (SELECT code FROM repeated)"
        counts = dict(
            self.db.execute(f"SELECT col, count(*) FROM notes {keep} GROUP BY col").fetchall()
        )
        first = self.db.execute(
            f"SELECT line, col, value, reason FROM notes {keep} ORDER BY line, rowid LIMIT {limit}"
        ).fetchall()
        return counts, first

    def close(self) -> None:
        self.db.close()
