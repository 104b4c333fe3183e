"""Importing enterprise files into the registry: validate every row, then upsert the valid
ones by credit code in chunks, each chunk one transaction, so that a row is written whole
or not at all. Reading and validating live in ``tabular`` and ``validation`` (no Django).

The file is read twice: the first pass validates every row and finds credit codes given
twice (both rows are refused); the second pass writes the rows that passed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from stdnum.cn.uscc import compact as uscc_compact

from zhaoshang.core.audit import plain_value
from zhaoshang.core.models import AuditEvent, User
from zhaoshang.registry import reference
from zhaoshang.registry.models import Enterprise, YearlyFigures, is_above_designated_size
from zhaoshang.registry.names import name_pinyin
from zhaoshang.registry.schema import FIGURE_KEYS, EnterpriseRecord, RowError
from zhaoshang.registry.tabular import read_rows
from zhaoshang.registry.validation import References, validate_row

CHUNK = 5000
MAX_ERRORS_KEPT = 10_000  # errors beyond this are counted, not listed

# Enterprise fields an import sets, beside those derived (pinyin, division, latest figures).
RECORD_FIELDS = (
    "name",
    "name_en",
    "address",
    "industry_code",
    "founded_on",
    "registered_capital",
    "ownership",
    "foreign_country",
    "high_tech_cert_no",
    "high_tech_issued_on",
    "high_tech_expires_on",
    "specialised_new_on",
    "little_giant_on",
    "listed_on",
)
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


def references(
    region_from_address: Callable[[str], str | None] = reference.region_from_address,
) -> References:
    return References(
        region_codes=reference.enterprise_region_codes(),
        division_codes=reference.division_codes(),
        region_from_address=region_from_address,
        today=timezone.localdate(),
    )


def _code(raw: Mapping[str, str]) -> str:
    """The credit code as validation normalises it: upper case, full-width forms folded,
    separators dropped (python-stdnum's compact, which is slow, only when needed)."""
    text = raw.get("uscc", "") or ""
    code = text.upper() if text.isascii() else unicodedata.normalize("NFKC", text).upper()
    if len(code) == 18 and code.isalnum():
        return code
    return str(uscc_compact(code))


def _regions_of(addresses: list[str], batch: int = 20_000) -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for start in range(0, len(addresses), batch):
        part = addresses[start : start + batch]
        found.update(zip(part, reference.region_from_addresses(part), strict=True))
    return found


Progress = Callable[[int], None]


def enterprise_import(
    *,
    actor: User | None,
    path: Path,
    filename: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the file at ``path``. Raises TableFileError (nothing written) for a file that
    is not a readable table; row problems are reported, and those rows skipped."""
    name = filename or path.name
    report = ImportReport(dry_run=dry_run)
    # Pass 1: the credit codes, to find those given more than once (all their rows are
    # refused, whichever came first), and the addresses of rows without a region, to look
    # them up in batches (one lookup per row would cost milliseconds each).
    lines_of: dict[str, list[int]] = {}
    addresses: set[str] = set()
    with path.open("rb") as stream:
        for line, raw in read_rows(stream, name):
            code = _code(raw)
            if code:
                lines_of.setdefault(code, []).append(line)
            if not raw.get("region_code") and raw.get("address"):
                addresses.add(raw["address"])
    repeated = {code: lines for code, lines in lines_of.items() if len(lines) > 1}
    del lines_of
    found_regions = _regions_of(sorted(addresses))
    refs = references(region_from_address=found_regions.get)

    def note(errors: Iterable[RowError]) -> None:
        for error in errors:
            report.error_count += 1
            if len(report.errors) < MAX_ERRORS_KEPT:
                report.errors.append(error)

    def accepted() -> Iterator[EnterpriseRecord]:
        with path.open("rb") as stream:
            for line, raw in read_rows(stream, name):
                report.rows += 1
                if progress is not None and report.rows % CHUNK == 0:
                    progress(report.rows)
                result = validate_row(line, raw, refs)
                code = _code(raw)
                errors = list(result.errors)
                if code in repeated:
                    others = ", ".join(str(n) for n in repeated[code] if n != line)
                    errors.append(
                        RowError(
                            line=line,
                            column="uscc",
                            value=raw.get("uscc", ""),
                            reason=f"the same credit code is also on line {others}",
                        )
                    )
                if errors:
                    report.invalid_rows += 1
                    note(errors)
                elif result.record is not None:
                    yield result.record

    for chunk in _chunks(accepted(), CHUNK):
        _write_chunk(chunk, actor=actor, report=report, dry_run=dry_run)
    if progress is not None:
        progress(report.rows)
    return report


def enterprise_records_save(
    records: Iterable[EnterpriseRecord], *, actor: User | None, dry_run: bool = False
) -> ImportReport:
    """Upsert already valid records (the generator's, for example) in chunks."""
    report = ImportReport(dry_run=dry_run)
    for chunk in _chunks(records, CHUNK):
        report.rows += len(chunk)
        _write_chunk(chunk, actor=actor, report=report, dry_run=dry_run)
    return report


def _chunks(records: Iterable[EnterpriseRecord], size: int) -> Iterator[list[EnterpriseRecord]]:
    batch: list[EnterpriseRecord] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def record_values(record: EnterpriseRecord) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(record, name) for name in RECORD_FIELDS}
    for name, value in values.items():
        if value is None and name in ("name_en", "address", "industry_code", "foreign_country"):
            values[name] = ""
    values["ownership"] = record.ownership.value if record.ownership else ""
    values["region_id"] = record.region_code or None
    values["division_id"] = record.industry_code[:2] if record.industry_code else None
    return values


def _write_chunk(
    records: list[EnterpriseRecord], *, actor: User | None, report: ImportReport, dry_run: bool
) -> None:
    sections = division_sections()
    with transaction.atomic():
        existing = {
            row["uscc"]: row
            for row in Enterprise.objects.filter(uscc__in=[r.uscc for r in records]).values(
                "id", "uscc", "latest_year", "latest_revenue", *AUDITED_FIELDS
            )
        }
        rows: list[dict[str, Any]] = []
        events: list[AuditEvent] = []
        for record in records:
            values = record_values(record)
            current = existing.get(record.uscc)
            latest = latest_fields(record, current, sections.get(values["division_id"] or ""))
            if current is None:
                report.created += 1
            else:
                diff = {
                    name: {"old": plain_value(current[name]), "new": plain_value(value)}
                    for name, value in values.items()
                    if current[name] != value
                }
                newer = any(
                    current[k] != v for k, v in latest.items() if k != "above_designated_size"
                )
                if not diff and not newer:
                    report.unchanged += 1
                    continue
                if diff:
                    report.updated += 1
                    events.append(_event(actor, current["id"], record.name, diff))
                else:
                    report.unchanged += 1  # only its figures are newer
            rows.append({"uscc": record.uscc, **values, **latest})
        if dry_run:
            report.figures_written += sum(1 for r in records if r.year is not None)
            transaction.set_rollback(True)
            return
        _upsert_enterprises(rows)
        AuditEvent.objects.bulk_create(events, batch_size=500)
        _write_figures(records, report)


def _upsert_enterprises(rows: list[dict[str, Any]]) -> None:
    """Insert new enterprises and update known ones by credit code."""
    if not rows:
        return
    ops = connection.ops
    now = ops.adapt_datetimefield_value(timezone.now())
    values = []
    for row in rows:
        item: list[Any] = []
        for column in UPSERT_COLUMNS:
            if column == "name_pinyin":
                item.append(name_pinyin(row["name"]))
            elif column == "updated_at":
                item.append(now)
            else:
                item.append(row[column])
        item.append(now)  # created_at, kept on update
        values.append(item)
    _upsert(
        Enterprise._meta.db_table,
        [*UPSERT_COLUMNS, "created_at"],
        conflict=["uscc"],
        update=[c for c in UPSERT_COLUMNS if c != "uscc"],
        rows=values,
    )


# Rows per statement: many rows per INSERT saves round trips and statement overhead,
# and stays under SQLite's limit of 32,766 parameters.
ROWS_PER_STATEMENT = 1000


def _upsert(
    table: str, columns: list[str], *, conflict: list[str], update: list[str], rows: list[list[Any]]
) -> None:
    """INSERT … VALUES (…), (…) … ON CONFLICT (…) DO UPDATE SET …, straight through the
    cursor: the ORM's per-object work would cost more than the database does. Values must
    already be adapted with the backend's operations, as the ORM would adapt them."""
    if connection.vendor == "postgresql":
        _upsert_by_copy(table, columns, conflict=conflict, update=update, rows=rows)
        return
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(table)} ({', '.join(quote(c) for c in columns)}) VALUES "
    tail = f" ON CONFLICT ({', '.join(quote(c) for c in conflict)}) DO UPDATE SET " + ", ".join(
        f"{quote(c)} = excluded.{quote(c)}" for c in update
    )
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            part = rows[start : start + ROWS_PER_STATEMENT]
            cursor.execute(
                head + ", ".join([one] * len(part)) + tail,
                [value for row in part for value in row],
            )


def _upsert_by_copy(
    table: str, columns: list[str], *, conflict: list[str], update: list[str], rows: list[list[Any]]
) -> None:
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
        )
        cursor.execute(f"DROP TABLE {staging}")


UPSERT_COLUMNS = [
    "uscc",
    *RECORD_FIELDS,
    "region_id",
    "division_id",
    "name_pinyin",
    "updated_at",
    "latest_year",
    "latest_revenue",
    "above_designated_size",
]


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


def _write_figures(records: list[EnterpriseRecord], report: ImportReport) -> None:
    with_year = [r for r in records if r.year is not None]
    if not with_year:
        return
    ids = dict(
        Enterprise.objects.filter(uscc__in=[r.uscc for r in with_year]).values_list("uscc", "id")
    )
    params = [[ids[r.uscc], r.year, *(getattr(r, key) for key in FIGURE_KEYS)] for r in with_year]
    _upsert(
        YearlyFigures._meta.db_table,
        ["enterprise_id", "year", *FIGURE_KEYS],
        conflict=["enterprise_id", "year"],
        update=list(FIGURE_KEYS),
        rows=params,
    )
    report.figures_written += len(params)
