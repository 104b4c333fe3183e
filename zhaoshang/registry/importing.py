"""Importing enterprise files into the registry: validate every row, then upsert the valid
ones by credit code in chunks, each chunk one transaction, so that a row is written whole
or not at all. Reading and validating live in ``import_reading`` (no Django), the writes to
the database (upserts, audit events) in ``import_writing``.

The file is read twice at once: ``import_reading`` validates every row (in a child process
for a large file) while this process reads the credit codes alone, to find those given
twice (all their rows are refused); then the rows that passed are written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

from zhaoshang.core.models import User
from zhaoshang.registry import reference, selectors
from zhaoshang.registry.bulk_indexes import BULK_FROM_ROWS, indexes_set_aside
from zhaoshang.registry.import_reading import (
    RECORD_FIELDS,
    PreparedRow,
    ReadSettings,
    chunks_of,
    credit_code,
    prepare,
)
from zhaoshang.registry.import_writing import write_rows
from zhaoshang.registry.models import Enterprise, YearlyFigures
from zhaoshang.registry.schema import EnterpriseRecord, RowError, is_above_designated_size
from zhaoshang.registry.signals import enterprises_changed
from zhaoshang.registry.tabular import read_rows
from zhaoshang.registry.validation import References
from zhaoshang.registry.validation_tables import REASONS

CHUNK = 5000
MAX_ERRORS_KEPT = 10_000  # errors beyond this are counted, not listed


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    invalid_rows: int = 0
    figures_written: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    dry_run: bool = False
    # Rows taken without their region or industry, for officers to complete; the notes
    # say why, by line (the first MAX_ERRORS_KEPT of them).
    region_missing: int = 0
    industry_missing: int = 0
    notes: list[RowError] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"rows: {self.rows}",
            f"enterprises: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged",
            f"yearly figures written: {self.figures_written}",
            f"rows refused: {self.invalid_rows} ({self.error_count} problems)",
            f"imported without a region: {self.region_missing}",
            f"imported without an industry: {self.industry_missing}",
        ]
        if self.dry_run:
            out.append("dry run: nothing was written")
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "invalid_rows": self.invalid_rows,
            "figures_written": self.figures_written,
            "error_count": self.error_count,
            "dry_run": self.dry_run,
            "region_missing": self.region_missing,
            "industry_missing": self.industry_missing,
        }


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
    dry_run: bool = False,
    progress: Progress | None = None,
    child: bool | None = None,
) -> ImportReport:
    """Import the file at ``path``. Raises TableFileError (nothing written) for a file that
    is not a readable table; row problems are reported, and those rows skipped.

    The rows are validated by ``import_reading`` (in a child process for a large file, or
    when ``child`` says so) while this process reads the credit codes alone, to refuse
    every row of a code given more than once, whichever came first; then each chunk of
    valid rows is written in one transaction.
    """
    name = filename or path.name
    report = ImportReport(dry_run=dry_run)
    sections = division_sections()
    settings = read_settings()

    def note(errors: Iterable[RowError]) -> None:
        for error in errors:
            report.error_count += 1
            if len(report.errors) < MAX_ERRORS_KEPT:
                report.errors.append(error)

    with chunks_of(path, name, settings, CHUNK, child=child) as chunks:
        repeated, file_rows = _repeated_codes(path, name)
        # A load larger than the table builds its secondary indexes (and, on PostgreSQL,
        # checks its foreign keys) once, at the end.
        bulk = (
            not dry_run and file_rows >= BULK_FROM_ROWS and file_rows >= Enterprise.objects.count()
        )
        with indexes_set_aside([Enterprise, YearlyFigures], when=bulk):
            for chunk in chunks:
                for refused in chunk.refused:
                    report.invalid_rows += 1
                    note(refused.errors)
                    if refused.code in repeated:
                        note([_repeat_error(refused.line, refused.code, repeated, settings)])
                rows = chunk.rows
                notes = chunk.notes
                if repeated:
                    keep = []
                    dropped = set()
                    for line, row in zip(chunk.lines, rows, strict=True):
                        if row[0] in repeated:
                            report.invalid_rows += 1
                            note([_repeat_error(line, row[0], repeated, settings)])
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
    report.errors.sort(key=lambda error: error.line)  # stable: a line's problems keep their order
    if not dry_run and (report.created or report.updated or report.figures_written):
        enterprises_changed.send(sender=Enterprise, enterprise_ids=None)
    return report


def _count_notes(report: ImportReport, notes: Iterable[RowError]) -> None:
    """Count the rows taken without a region or an industry, and keep their notes."""
    for note in notes:
        if note.column == "region_code":
            report.region_missing += 1
        elif note.column == "industry_code":
            report.industry_missing += 1
        if len(report.notes) < MAX_ERRORS_KEPT:
            report.notes.append(note)


def _repeated_codes(path: Path, name: str) -> tuple[dict[str, list[int]], int]:
    """The credit codes given on more than one line, with their lines; and how many rows
    give a code."""
    lines_of: dict[str, list[int]] = {}
    rows = 0
    with path.open("rb") as stream:
        for line, raw in read_rows(stream, name, only="uscc"):
            rows += 1
            code = credit_code(raw)
            if len(code) == 18:  # a code wrong in length is refused for that, not as a repeat
                lines_of.setdefault(code, []).append(line)
    return {code: lines for code, lines in lines_of.items() if len(lines) > 1}, rows


def _repeat_error(
    line: int, code: str, repeated: Mapping[str, list[int]], settings: ReadSettings
) -> RowError:
    others = ", ".join(str(n) for n in repeated[code] if n != line)
    reason = settings.reasons["uscc_also_on"].format(other=others)
    return RowError(line=line, column="uscc", value=code, reason=reason)


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
