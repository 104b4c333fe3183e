"""The write stage of an import: one chunk of prepared rows upserted by credit code with
their yearly figures, in one transaction, with an audit event for each known enterprise that
changes. Upserts go through the driver's cursor (multi-row INSERT … ON CONFLICT, or COPY on
PostgreSQL), not the ORM. ``pipeline`` drives it.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from zhaoshang.core.audit import plain_value
from zhaoshang.core.models import AuditEvent, User
from zhaoshang.registry.domain.schema import FIGURE_KEYS, is_above_designated_size
from zhaoshang.registry.imports.validate import (
    ABOVE_AT,
    ENTERPRISE_COLUMNS,
    FIGURE_COLUMNS,
    FIGURES_AT,
    RECORD_FIELDS,
    YEAR_AT,
    PreparedRow,
)
from zhaoshang.registry.models import Enterprise, YearlyFigures

if TYPE_CHECKING:
    from zhaoshang.registry.imports.report import ImportReport

AUDITED_FIELDS = (*RECORD_FIELDS, "region_id", "division_id")

UPSERT_COLUMNS = [
    *ENTERPRISE_COLUMNS,
    "updated_at",
    "latest_year",
    "latest_revenue",
    "above_designated_size",
    "created_at",
]
DIVISION_AT = ENTERPRISE_COLUMNS.index("division_id")


def write_rows(
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
        fresh = [row for row in upserts if row[0] not in existing]
        known = [row for row in upserts if row[0] in existing]
        ids.update(_insert_new(fresh) if fresh else {})
        ids.update(
            (code, pk)
            for pk, code in _upsert(
                Enterprise._meta.db_table,
                UPSERT_COLUMNS,
                conflict=["uscc"],
                update=[c for c in UPSERT_COLUMNS if c not in ("uscc", "created_at")],
                rows=known,
                returning=["id", "uscc"],
            )
        )
        AuditEvent.objects.bulk_create(events, batch_size=500)
        figure_rows = [[ids[row[0]], *row[YEAR_AT:]] for row in figures]
        new_ids = {ids[row[0]] for row in fresh}
        _copy_or_upsert(
            YearlyFigures._meta.db_table,
            ["enterprise_id", *FIGURE_COLUMNS],
            conflict=["enterprise_id", "year"],
            update=list(FIGURE_KEYS),
            fresh=[row for row in figure_rows if row[0] in new_ids],
            rest=[row for row in figure_rows if row[0] not in new_ids],
        )
        report.figures_written += len(figures)


def _insert_new(rows: list[list[Any]]) -> dict[str, int]:
    """Insert enterprises not stored a moment ago; return their ids by credit code. On
    PostgreSQL they are copied straight into the table (no staging table, no conflict
    arbitration), falling back to the upsert if one was stored in the meantime."""
    table = Enterprise._meta.db_table
    update = [c for c in UPSERT_COLUMNS if c not in ("uscc", "created_at")]
    if connection.vendor == "postgresql":
        try:
            with transaction.atomic():
                _copy(table, UPSERT_COLUMNS, rows)
        except IntegrityError:
            pass  # stored by someone else meanwhile: the upsert below settles it
        else:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT uscc, id FROM {connection.ops.quote_name(table)} WHERE uscc = ANY(%s)",
                    [[row[0] for row in rows]],
                )
                return dict(cursor.fetchall())
    returned = _upsert(
        table, UPSERT_COLUMNS, conflict=["uscc"], update=update, rows=rows, returning=["id", "uscc"]
    )
    return {code: pk for pk, code in returned}


def _copy_or_upsert(
    table: str,
    columns: list[str],
    *,
    conflict: list[str],
    update: list[str],
    fresh: list[list[Any]],
    rest: list[list[Any]],
) -> None:
    """Write ``fresh`` rows (which cannot conflict: they belong to enterprises inserted in
    this transaction) by COPY on PostgreSQL, and upsert the rest."""
    if fresh and connection.vendor == "postgresql":
        _copy(table, columns, fresh)
    else:
        rest = fresh + rest
    _upsert(table, columns, conflict=conflict, update=update, rows=rest)


def _copy(table: str, columns: list[str], rows: list[list[Any]]) -> None:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


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
