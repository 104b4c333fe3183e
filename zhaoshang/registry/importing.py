"""Importing enterprise files into the registry: validate every row, then upsert the valid
ones by credit code in chunks, each chunk one transaction, so that a row is written whole
or not at all. Reading and validating live in ``import_reading`` (no Django).

The file is read twice at once: ``import_reading`` validates every row (in a child process
for a large file) while this process reads the credit codes alone, to find those given
twice (all their rows are refused); then the rows that passed are written.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhaoshang.core.audit import plain_value
from zhaoshang.core.models import AuditEvent, User
from zhaoshang.registry import reference
from zhaoshang.registry.import_reading import (
    ABOVE_AT,
    ENTERPRISE_COLUMNS,
    FIGURE_COLUMNS,
    FIGURES_AT,
    RECORD_FIELDS,
    YEAR_AT,
    PreparedRow,
    ReadSettings,
    chunks_of,
    credit_code,
    prepare,
)
from zhaoshang.registry.models import Enterprise, YearlyFigures
from zhaoshang.registry.schema import (
    FIGURE_KEYS,
    EnterpriseRecord,
    RowError,
    is_above_designated_size,
)
from zhaoshang.registry.signals import enterprises_changed
from zhaoshang.registry.tabular import read_rows
from zhaoshang.registry.validation import REASONS, References

CHUNK = 5000
MAX_ERRORS_KEPT = 10_000  # errors beyond this are counted, not listed

AUDITED_FIELDS = (*RECORD_FIELDS, "region_id", "division_id")


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

    def lines(self) -> list[str]:
        out = [
            f"rows: {self.rows}",
            f"enterprises: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged",
            f"yearly figures written: {self.figures_written}",
            f"rows refused: {self.invalid_rows} ({self.error_count} problems)",
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
    )


def read_settings() -> ReadSettings:
    return ReadSettings(
        region_codes=reference.enterprise_region_codes(),
        division_sections=division_sections(),
        today=timezone.localdate(),
        reasons=reasons(),
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
        repeated = _repeated_codes(path, name)
        for chunk in chunks:
            for refused in chunk.refused:
                report.invalid_rows += 1
                note(refused.errors)
                if refused.code in repeated:
                    note([_repeat_error(refused.line, refused.code, repeated, settings)])
            rows = chunk.rows
            if repeated:
                keep = []
                for line, row in zip(chunk.lines, rows, strict=True):
                    if row[0] in repeated:
                        report.invalid_rows += 1
                        note([_repeat_error(line, row[0], repeated, settings)])
                    else:
                        keep.append(row)
                rows = keep
            report.rows = chunk.rows_read
            _write_rows(rows, actor=actor, report=report, dry_run=dry_run, sections=sections)
            if progress is not None:
                progress(report.rows)
    report.errors.sort(key=lambda error: error.line)  # stable: a line's problems keep their order
    if not dry_run and (report.created or report.updated or report.figures_written):
        enterprises_changed.send(sender=Enterprise, enterprise_ids=None)
    return report


def _repeated_codes(path: Path, name: str) -> dict[str, list[int]]:
    """The credit codes given on more than one line, with their lines."""
    lines_of: dict[str, list[int]] = {}
    with path.open("rb") as stream:
        for line, raw in read_rows(stream, name, only="uscc"):
            code = credit_code(raw)
            if len(code) == 18:  # a code wrong in length is refused for that, not as a repeat
                lines_of.setdefault(code, []).append(line)
    return {code: lines for code, lines in lines_of.items() if len(lines) > 1}


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
            _write_rows(batch, actor=actor, report=report, dry_run=dry_run, sections=sections)
            batch = []
    if batch:
        report.rows += len(batch)
        _write_rows(batch, actor=actor, report=report, dry_run=dry_run, sections=sections)
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


def _write_rows(
    rows: list[PreparedRow],
    *,
    actor: User | None,
    report: ImportReport,
    dry_run: bool,
    sections: Mapping[str, str],
) -> None:
    """Upsert one chunk of prepared rows and their figures in one transaction, with an
    audit event for each known enterprise that changes."""
    with transaction.atomic():
        existing = _existing([row[0] for row in rows])
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        upserts: list[list[Any]] = []
        events: list[AuditEvent] = []
        for row in rows:
            current = existing.get(row[0])
            if current is None:
                report.created += 1
                latest = (row[YEAR_AT], row[FIGURES_AT], row[ABOVE_AT])
                if latest[0] is None:
                    latest = (None, None, False)
            else:
                diff = {
                    name: {"old": plain_value(current[name]), "new": value}
                    for name, value in zip(AUDITED_FIELDS, row[1:ABOVE_AT], strict=False)
                    if not _same(current[name], value)
                }
                latest = _latest(row, current, sections)
                newer = latest[0] != current["latest_year"] or not _same(
                    current["latest_revenue"], latest[1]
                )
                if not diff and not newer:
                    report.unchanged += 1
                    continue
                if diff:
                    report.updated += 1
                    events.append(_event(actor, current["id"], row[1], diff))
                else:
                    report.unchanged += 1  # only its figures are newer
            upserts.append([*row[:ABOVE_AT], now, *latest, now])
        figures = [row for row in rows if row[YEAR_AT] is not None]
        if dry_run:
            report.figures_written += len(figures)
            transaction.set_rollback(True)
            return
        ids = {code: current["id"] for code, current in existing.items()}
        ids.update(
            (code, pk)
            for pk, code in _upsert(
                Enterprise._meta.db_table,
                UPSERT_COLUMNS,
                conflict=["uscc"],
                update=[c for c in UPSERT_COLUMNS if c not in ("uscc", "created_at")],
                rows=upserts,
                returning=["id", "uscc"],
            )
        )
        AuditEvent.objects.bulk_create(events, batch_size=500)
        _upsert(
            YearlyFigures._meta.db_table,
            ["enterprise_id", *FIGURE_COLUMNS],
            conflict=["enterprise_id", "year"],
            update=list(FIGURE_KEYS),
            rows=[[ids[row[0]], *row[YEAR_AT:]] for row in figures],
        )
        report.figures_written += len(figures)


def _existing(codes: list[str]) -> dict[str, dict[str, Any]]:
    """The stored enterprises among ``codes``: found with one plain query, then read
    through the ORM (typed values) only when there are any."""
    if not codes:
        return {}
    table = connection.ops.quote_name(Enterprise._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # one array parameter, not thousands
            cursor.execute(f"SELECT uscc FROM {table} WHERE uscc = ANY(%s)", [codes])
        else:
            marks = ", ".join(["%s"] * len(codes))
            cursor.execute(f"SELECT uscc FROM {table} WHERE uscc IN ({marks})", codes)
        found = [code for (code,) in cursor.fetchall()]
    if not found:
        return {}
    return {
        row["uscc"]: row
        for row in Enterprise.objects.filter(uscc__in=found).values(
            "id", "uscc", "latest_year", "latest_revenue", *AUDITED_FIELDS
        )
    }


def _same(stored: Any, plain: Any) -> bool:
    """Whether a stored (typed) value equals a prepared row's plain value."""
    if stored is None or plain is None:
        return stored is None and plain is None
    if isinstance(stored, Decimal):
        return stored == Decimal(plain)
    if isinstance(stored, datetime.date):
        return stored.isoformat() == plain
    return bool(stored == plain)


def _latest(
    row: PreparedRow, current: Mapping[str, Any], sections: Mapping[str, str]
) -> tuple[Any, Any, bool]:
    """(latest year, its revenue, above designated size) for a known enterprise: the
    row's figures when they are as new as the stored ones."""
    year = row[YEAR_AT]
    if year is not None and (current["latest_year"] is None or year >= current["latest_year"]):
        return year, row[FIGURES_AT], row[ABOVE_AT]
    revenue = current["latest_revenue"]
    section = sections.get(row[DIVISION_AT] or "")
    return current["latest_year"], plain_value(revenue), is_above_designated_size(section, revenue)


# Rows per statement: many rows per INSERT saves round trips and statement overhead,
# and stays under SQLite's limit of 32,766 parameters.
ROWS_PER_STATEMENT = 1000


def _upsert(
    table: str,
    columns: list[str],
    *,
    conflict: list[str],
    update: list[str],
    rows: list[list[Any]],
    returning: list[str] | None = None,
) -> list[tuple[Any, ...]]:
    """INSERT … VALUES (…), (…) … ON CONFLICT (…) DO UPDATE SET … [RETURNING …], through
    the driver's own cursor: the ORM's per-object work, and even Django's cursor wrapper
    rewriting placeholders, would cost more than the database does. Values must be as the
    database takes them (dates in ISO form, money as decimal text)."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _upsert_by_copy(
            table, columns, conflict=conflict, update=update, rows=rows, returning=returning
        )
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    tail = f" ON CONFLICT ({', '.join(quote(c) for c in conflict)}) DO UPDATE SET " + ", ".join(
        f"{quote(c)} = excluded.{quote(c)}" for c in update
    )
    if returning:
        tail += " RETURNING " + ", ".join(quote(c) for c in returning)
    one = "(" + ", ".join(["?"] * len(columns)) + ")"
    out: list[tuple[Any, ...]] = []
    connection.ensure_connection()
    cursor = connection.connection.cursor()
    try:
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            part = rows[start : start + ROWS_PER_STATEMENT]
            cursor.execute(
                head + ", ".join([one] * len(part)) + tail,
                [value for row in part for value in row],
            )
            if returning:
                out.extend(cursor.fetchall())
    finally:
        cursor.close()
    return out


def _upsert_by_copy(
    table: str,
    columns: list[str],
    *,
    conflict: list[str],
    update: list[str],
    rows: list[list[Any]],
    returning: list[str] | None,
) -> list[tuple[Any, ...]]:
    """PostgreSQL: COPY the rows into a temporary table (dropped at commit), then one
    INSERT … SELECT … ON CONFLICT. COPY streams the values without building SQL text."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    staging = quote(f"staging_{table}")
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {staging} ON COMMIT DROP AS "
            f"SELECT {names} FROM {quote(table)} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY {staging} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {quote(table)} ({names}) SELECT {names} FROM {staging} "
            f"ON CONFLICT ({', '.join(quote(c) for c in conflict)}) DO UPDATE SET "
            + ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in update)
            + (" RETURNING " + ", ".join(quote(c) for c in returning) if returning else "")
        )
        out = cursor.fetchall() if returning else []
        cursor.execute(f"DROP TABLE {staging}")
    return out


UPSERT_COLUMNS = [
    *ENTERPRISE_COLUMNS,
    "updated_at",
    "latest_year",
    "latest_revenue",
    "above_designated_size",
    "created_at",
]
DIVISION_AT = ENTERPRISE_COLUMNS.index("division_id")


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


def _event(actor: User | None, pk: int, name: str, diff: dict[str, Any]) -> AuditEvent:
    return AuditEvent(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=actor.get_username() if actor is not None and actor.pk else "import",
        action=AuditEvent.Action.UPDATE,
        content_type=ContentType.objects.get_for_model(Enterprise),
        object_id=str(pk),
        object_repr=name[:200],
        changes=diff,
    )
