"""The enterprise import as one pipeline: read → map → validate → write → report (see the
package's docstring). Every row is validated; the valid ones are upserted by credit code in
chunks, each chunk one transaction, so that a row is written whole or not at all.

The file is read twice at once: the validate stage runs (in a child process for a large
file) while this process reads the credit-code column alone, to find codes given on more
than one line. Rows that repeat another exactly (the same values after normalising: one
company listed once per qualification) are one enterprise, counted as merged; rows with the
same code and different values are all refused, each naming the others' lines.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhaoshang.core.models import User
from zhaoshang.registry import selectors
from zhaoshang.registry.bulk_indexes import BULK_FROM_ROWS, indexes_set_aside
from zhaoshang.registry.domain import reference
from zhaoshang.registry.domain.schema import EnterpriseRecord, RowError, is_above_designated_size
from zhaoshang.registry.domain.validation import References
from zhaoshang.registry.domain.validation_tables import REASONS
from zhaoshang.registry.imports.mapping import (
    ColumnMapping,
    map_rows,
    suggest_for_file,
)
from zhaoshang.registry.imports.read import read_cells, read_column
from zhaoshang.registry.imports.report import MAX_ERRORS_KEPT, ImportReport
from zhaoshang.registry.imports.validate import (
    CHILD_FROM_BYTES,
    RECORD_FIELDS,
    PreparedRow,
    ReadSettings,
    chunks_of,
    credit_code,
    prepare,
)
from zhaoshang.registry.imports.write import write_rows
from zhaoshang.registry.models import Enterprise, YearlyFigures
from zhaoshang.registry.signals import enterprises_changed

if TYPE_CHECKING:  # pyarrow, numpy and DuckDB load with the first import, not at start-up
    from zhaoshang.registry.imports import columnar, direct

CHUNK = 5000
__all__ = ["MAX_ERRORS_KEPT", "ImportReport", "enterprise_import", "enterprise_records_save"]


def reasons() -> dict[str, str]:
    """Validation's reason templates in the active language."""
    return {key: gettext(template) for key, template in REASONS.items()}


def references(
    region_from_address: Callable[[str], str | None] = reference.region_from_address,
) -> References:
    return References(
        region_codes=reference.enterprise_region_codes(),
        division_codes=reference.division_codes(),
        region_from_address=region_from_address,
        today=timezone.localdate(),
        reasons=reasons(),
        values=selectors.import_value_settings(),
    )


def read_settings() -> ReadSettings:
    return ReadSettings(
        region_codes=reference.enterprise_region_codes(),
        division_sections=division_sections(),
        today=timezone.localdate(),
        reasons=reasons(),
        values=selectors.import_value_settings(),
    )


Progress = Callable[[int], None]


def enterprise_import(
    *,
    actor: User | None,
    path: Path,
    filename: str | None = None,
    mapping: ColumnMapping | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    live_progress: bool = False,
    child: bool | None = None,
) -> ImportReport:
    """Import the file at ``path`` with ``mapping`` (None: the mapping suggested for it).
    Raises TableFileError (nothing written) for a file that is not a readable table, and
    MappingError for a mapping that cannot be used; row problems are reported, and those
    rows skipped.

    ``progress`` is called with the rows read so far. A first load of the registry holds
    the database (SQLite's one writer; PostgreSQL's connection, busy with COPY) until it
    commits: there ``progress`` is called only at the end, unless ``live_progress`` says it
    never touches the database (the command's, which writes to the terminal).
    """
    name = filename or path.name
    if mapping is None:
        with path.open("rb") as stream:
            mapping = suggest_for_file(stream, name).mapping()
    mapping.check()
    report = ImportReport(
        dry_run=dry_run,
        header_row=mapping.header_row,
        ignored_columns=mapping.ignored(),
        personal_columns=mapping.personal_columns(),
    )
    sections = division_sections()
    settings = read_settings()
    from zhaoshang.registry.imports import columnar

    if child is None:
        child = path.stat().st_size >= CHILD_FROM_BYTES
    # A file read by the child has its lines counted while the child reads (``batches_of``).
    plan = columnar.plan_for(path, name, mapping, count=not child)
    if plan is not None:
        try:
            return _columnar_import(
                plan,
                mapping,
                settings,
                report,
                actor=actor,
                dry_run=dry_run,
                progress=progress,
                live_progress=live_progress,
                child=child,
            )
        except columnar.NotColumnar:
            report = ImportReport(
                dry_run=dry_run,
                header_row=mapping.header_row,
                ignored_columns=mapping.ignored(),
                personal_columns=mapping.personal_columns(),
            )  # the row path reads the file again, from its start
    source = functools.partial(_mapped_rows, path, name, mapping)
    with chunks_of(source, settings, CHUNK, child=child) as chunks:
        repeated, file_rows = _repeated_codes(path, name, mapping)
        groups = _Repeats(repeated, settings, report)
        # A load larger than the table builds its secondary indexes (and, on PostgreSQL,
        # checks its foreign keys) once, at the end.
        bulk = (
            not dry_run and file_rows >= BULK_FROM_ROWS and file_rows >= Enterprise.objects.count()
        )
        with indexes_set_aside([Enterprise, YearlyFigures], when=bulk):
            for chunk in chunks:
                for refused in chunk.refused:
                    report.invalid_rows += 1
                    report.note(refused.errors)
                    if refused.code in repeated:
                        groups.add(refused.line, refused.code, None)
                rows = chunk.rows
                notes = chunk.notes
                if repeated:
                    keep = []
                    dropped = set()
                    for line, row in zip(chunk.lines, rows, strict=True):
                        if row[0] in repeated:
                            keep.extend(groups.add(line, row[0], row))
                            dropped.add(line)
                        else:
                            keep.append(row)
                    rows = keep
                    notes = [n for n in notes if n.line not in dropped]
                _count_notes(report, notes)
                report.rows = chunk.rows_read
                write_rows(rows, actor=actor, report=report, dry_run=dry_run, sections=sections)
                if progress is not None:
                    progress(report.rows)
            left = groups.settle_all()
            if left:
                write_rows(left, actor=actor, report=report, dry_run=dry_run, sections=sections)
    report.errors.sort(key=lambda error: error.line)  # stable: a line's problems keep their order
    if not dry_run and (report.created or report.updated or report.figures_written):
        enterprises_changed.send(sender=Enterprise, enterprise_ids=None)
    return report


def _columnar_import(
    plan: columnar.CsvPlan,
    mapping: ColumnMapping,
    settings: ReadSettings,
    report: ImportReport,
    *,
    actor: User | None,
    dry_run: bool,
    progress: Progress | None,
    live_progress: bool = False,
    child: bool = False,
) -> ImportReport:
    """The import of a CSV file read in columns (see ``columnar``): the same rows refused for
    the same reasons, the same enterprises written, as the row path. Into an empty registry
    the rows go straight into its tables (``direct``); otherwise through a staging table
    (``stage``). Raises NotColumnar (nothing written) when the file has to be read by the
    row path."""
    from zhaoshang.registry.imports import columnar

    scratch = Path(tempfile.mkdtemp(prefix="zhaoshang-import-"))
    book: columnar.CodeBook | None = None
    try:
        first_load = not dry_run and not Enterprise.objects.exists()
        codes_scratch = scratch / "codes"  # the reading process's DuckDB, apart from ours
        codes_scratch.mkdir()
        with columnar.batches_of(
            plan,
            mapping,
            settings,
            child=child,
            code_book=codes_scratch if first_load else None,
        ) as batches:
            book = columnar.CodeBook(scratch)  # after the child is forked (DuckDB's threads)
            if first_load:
                _load_new_registry(
                    plan,
                    mapping,
                    settings,
                    report,
                    batches,
                    book,
                    progress if live_progress else None,
                )
                if progress is not None and not live_progress:
                    progress(report.rows)
            else:
                _load_through_stage(
                    scratch, settings, report, batches, book, actor, dry_run, progress
                )
    finally:
        if book is not None:
            book.close()
        shutil.rmtree(scratch, ignore_errors=True)
    report.errors.sort(key=lambda error: error.line)
    if not dry_run and (report.created or report.updated or report.figures_written):
        enterprises_changed.send(sender=Enterprise, enterprise_ids=None)
    return report


def _load_new_registry(
    plan: columnar.CsvPlan,
    mapping: ColumnMapping,
    settings: ReadSettings,
    report: ImportReport,
    batches: Iterator[Any],
    book: columnar.CodeBook,
    progress: Progress | None,
) -> None:
    """Every valid row into the empty registry, block by block as the file is read. The
    codes given on more than one line are known at the end (``columnar.Repeated``, found by
    the reading process as the blocks pass): the rows already written for them are taken
    out again, and the rows of their lines, read once more, settled as the row path
    settles them."""
    from zhaoshang.registry.imports import direct

    # A file read by the child (CHILD_FROM_BYTES) is a bulk load: its lines are not known yet.
    bulk = plan.lines is None or plan.lines - mapping.header_row >= BULK_FROM_ROWS
    load: direct.DirectLoad | None = None
    try:
        with direct.loading(
            timezone.now(), set_aside=[Enterprise, YearlyFigures] if bulk else []
        ) as load:
            _load_blocks(batches, load, report, book, settings, progress)
        report.created += load.created
        report.figures_written += load.figures
    finally:
        if load is not None:  # SQLite's checkpoint runs meanwhile, beside the indexes' build
            load.settle()
    _book_notes(report, book)


def _load_blocks(
    batches: Iterator[Any],
    load: direct.DirectLoad,
    report: ImportReport,
    book: columnar.CodeBook,
    settings: ReadSettings,
    progress: Progress | None,
) -> None:
    """Each block of the file into the load, then the rows of the codes given twice."""
    import pyarrow as pa

    from zhaoshang.registry.imports import columnar, direct

    repeated: dict[str, list[int]] | None = None  # known once every block is read
    held: dict[int, PreparedRow] = {}
    for item in batches:
        if isinstance(item, columnar.Repeated):
            repeated = item.lines
        elif repeated is None:  # a block of the file
            report.rows += item.rows
            book.add_notes(item.notes)
            table = item.table.cast(direct.STAGE_SCHEMA)
            if item.others is not None:
                taken = direct.table_of_rows(_validate_others(item, report, book))
                table = pa.concat_tables([table, taken])
            load.add(table)
            if progress is not None:
                progress(report.rows)
        else:  # the rows of a code given twice, again (the refused were reported)
            held.update(direct.rows_of_table(item.table.cast(direct.STAGE_SCHEMA)))
            if item.others is not None:
                held.update(zip(item.others.lines, item.others.rows, strict=True))
    if repeated is None:
        raise TypeError("the reading process ended before the codes given twice")
    book.know_repeated(repeated)
    if repeated:
        load.remove(sorted(repeated))
        load.add_rows(_settled(repeated, held, settings, report))


def _load_through_stage(
    scratch: Path,
    settings: ReadSettings,
    report: ImportReport,
    batches: Iterator[columnar.Batch],
    book: columnar.CodeBook,
    actor: User | None,
    dry_run: bool,
    progress: Progress | None,
) -> None:
    """Every valid row into a staging table; then the enterprises new to the registry in one
    statement, and the others compared and upserted (``write_rows``)."""

    from zhaoshang.registry.imports.stage import Stage

    sections = settings.division_sections
    stage = Stage(scratch)
    try:
        for batch in batches:
            report.rows += batch.rows
            stage.add_table(batch.table)
            book.add_batch(batch)
            book.add_notes(batch.notes)
            if batch.others is not None:
                stage.add_rows(_validate_others(batch, report, book))
            if progress is not None:
                progress(report.rows)
        repeated = book.repeated()
        stage.set_repeated(repeated)
        _book_notes(report, book)
        stored = Enterprise.objects.count()
        bulk = not dry_run and report.rows >= BULK_FROM_ROWS and report.rows >= stored
        with indexes_set_aside([Enterprise, YearlyFigures], when=bulk), transaction.atomic():
            if stored:
                for rows in stage.known_rows():
                    write_rows(rows, actor=actor, report=report, dry_run=dry_run, sections=sections)
            if dry_run:
                created, figures = stage.count_new()
            else:
                now = connection.ops.adapt_datetimefield_value(timezone.now())
                created, figures = stage.load_new(now)
            report.created += created
            report.figures_written += figures
            settled = [
                row
                for _, row in _settled(repeated, dict(stage.rows_of_repeated()), settings, report)
            ]
            for start in range(0, len(settled), CHUNK):
                write_rows(
                    settled[start : start + CHUNK],
                    actor=actor,
                    report=report,
                    dry_run=dry_run,
                    sections=sections,
                )
    finally:
        stage.close()


def _book_notes(report: ImportReport, book: columnar.CodeBook) -> None:
    """The notes of rows taken (not of repeated codes): counted, and the first kept."""
    counts, first = book.notes(MAX_ERRORS_KEPT)
    report.region_missing = counts.get("region_code", 0)
    report.industry_missing = counts.get("industry_code", 0)
    report.notes = [RowError(line, column, value, reason) for line, column, value, reason in first]


def _settled(
    repeated: Mapping[str, list[int]],
    held: Mapping[int, PreparedRow],
    settings: ReadSettings,
    report: ImportReport,
) -> list[tuple[int, PreparedRow]]:
    """The codes given on more than one line, settled from each line's valid row (missing:
    refused) in the order the row path settles them (by each code's last line): the row to
    write, with the code's first line, for each code whose rows are all the same."""
    groups = _Repeats(repeated, settings, report)
    settled: list[tuple[int, PreparedRow]] = []
    for code, lines in sorted(repeated.items(), key=lambda item: item[1][-1]):
        for line in lines:
            settled.extend((lines[0], row) for row in groups.add(line, code, held.get(line)))
    return settled


def _validate_others(
    batch: columnar.Batch, report: ImportReport, book: columnar.CodeBook
) -> list[tuple[int, PreparedRow]]:
    """The block's rows the columns did not certify, as the row validator judged them: the
    refused reported, the notes of the taken kept in the book; the taken, with their lines."""
    chunk = batch.others
    if chunk is None:
        return []
    for refused in chunk.refused:
        report.invalid_rows += 1
        report.note(refused.errors)
    code_of = dict(batch.other_codes)
    book.add_notes(
        [(n.line, code_of.get(n.line, ""), n.column, n.value, n.reason) for n in chunk.notes]
    )
    return list(zip(chunk.lines, chunk.rows, strict=True))


def _count_notes(report: ImportReport, notes: Iterable[RowError]) -> None:
    """Count the rows taken without a region or an industry, and keep their notes."""
    for note in notes:
        if note.column == "region_code":
            report.region_missing += 1
        elif note.column == "industry_code":
            report.industry_missing += 1
        if len(report.notes) < MAX_ERRORS_KEPT:
            report.notes.append(note)


def _mapped_rows(
    path: Path, name: str, mapping: ColumnMapping
) -> Iterator[tuple[int, dict[str, str]]]:
    """The read and map stages, for the validate stage (run in the child for a large file)."""
    with path.open("rb") as stream:
        yield from map_rows(read_cells(stream, name), mapping)


def _repeated_codes(
    path: Path, name: str, mapping: ColumnMapping
) -> tuple[dict[str, list[int]], int]:
    """The credit codes given on more than one line, with their lines; and how many rows
    give a code."""
    index = mapping.column_of("uscc")
    lines_of: dict[str, list[int]] = {}
    rows = 0
    if index is None:
        return {}, 0
    with path.open("rb") as stream:
        for line, text in read_column(stream, name, index):
            if line <= mapping.header_row:
                continue
            rows += 1
            code = credit_code({"uscc": text})
            if len(code) == 18:  # a code wrong in length is refused for that, not as a repeat
                lines_of.setdefault(code, []).append(line)
    return {code: lines for code, lines in lines_of.items() if len(lines) > 1}, rows


@dataclass
class _Group:
    rows: list[tuple[int, PreparedRow | None]] = field(default_factory=list)


class _Repeats:
    """The rows of codes given on more than one line, held until the code's last line is
    read: then one row is written if they are all valid and the same (the others counted as
    merged), or every one is refused naming the others' lines."""

    def __init__(
        self, repeated: Mapping[str, list[int]], settings: ReadSettings, report: ImportReport
    ) -> None:
        self.repeated = repeated
        self.settings = settings
        self.report = report
        self.open: dict[str, _Group] = {}

    def add(self, line: int, code: str, row: PreparedRow | None) -> list[PreparedRow]:
        """Hold one row (None: refused by validation); the row to write once the group is
        settled and all the same."""
        group = self.open.setdefault(code, _Group())
        group.rows.append((line, row))
        if len(group.rows) < len(self.repeated[code]):
            return []
        del self.open[code]
        return self._settle(code, group)

    def settle_all(self) -> list[PreparedRow]:
        out: list[PreparedRow] = []
        for code, group in list(self.open.items()):
            out.extend(self._settle(code, group))
        self.open.clear()
        return out

    def _settle(self, code: str, group: _Group) -> list[PreparedRow]:
        first = group.rows[0][1]
        if first is not None and all(row == first for _, row in group.rows):
            self.report.merged += len(group.rows) - 1
            return [first]
        lines = [line for line, _ in group.rows]
        for line, row in group.rows:
            if row is not None:
                self.report.invalid_rows += 1
            others = ", ".join(str(n) for n in lines if n != line)
            reason = self.settings.reasons["uscc_also_on"].format(other=others)
            self.report.note([RowError(line=line, column="uscc", value=code, reason=reason)])
        return []


def enterprise_records_save(
    records: Iterable[EnterpriseRecord], *, actor: User | None, dry_run: bool = False
) -> ImportReport:
    """Upsert already valid records (the generator's, for example) in chunks."""
    report = ImportReport(dry_run=dry_run)
    sections = division_sections()
    batch: list[PreparedRow] = []
    for record in records:
        batch.append(prepare(record, sections))
        if len(batch) >= CHUNK:
            report.rows += len(batch)
            write_rows(batch, actor=actor, report=report, dry_run=dry_run, sections=sections)
            batch = []
    if batch:
        report.rows += len(batch)
        write_rows(batch, actor=actor, report=report, dry_run=dry_run, sections=sections)
    return report


def record_values(record: EnterpriseRecord) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(record, name) for name in RECORD_FIELDS}
    for name, value in values.items():
        if value is None and name in ("name_en", "address", "industry_code", "foreign_country"):
            values[name] = ""
    values["ownership"] = record.ownership.value if record.ownership else ""
    values["region_id"] = record.region_code or None
    values["division_id"] = record.industry_code[:2] if record.industry_code else None
    return values


def division_sections() -> dict[str, str]:
    return {d: reference.section_of_division(d) for d in reference.division_codes()}


def latest_fields(
    record: EnterpriseRecord, current: Mapping[str, Any] | None, section: str | None
) -> dict[str, Any]:
    """The latest-year fields: the record's figures when they are as new as any known.
    ``current`` holds the stored enterprise's ``latest_year`` and ``latest_revenue``."""
    if record.year is not None and (
        current is None or current["latest_year"] is None or record.year >= current["latest_year"]
    ):
        return {
            "latest_year": record.year,
            "latest_revenue": record.revenue,
            "above_designated_size": is_above_designated_size(section, record.revenue),
        }
    if current is None:
        return {"latest_year": None, "latest_revenue": None, "above_designated_size": False}
    return {
        "latest_year": current["latest_year"],
        "latest_revenue": current["latest_revenue"],
        "above_designated_size": is_above_designated_size(section, current["latest_revenue"]),
    }
