"""A columnar snapshot of the registry for previews: one Parquet file of every enterprise's
facts (the rule columns, plus each figure of recent years as ``revenue_2023``...), written
in batches so memory stays flat. A counter raised whenever enterprise data changes names the
file, so a preview never reads stale data and a snapshot is built at most once per change."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection
from django.db.models import F

from zhaoshang.core.columnar import query_to_parquet
from zhaoshang.policies.eligibility import FACT_COLUMNS, FACTS_FROM, FIGURE_COLUMNS
from zhaoshang.policies.models import SnapshotState
from zhaoshang.rules import ENTERPRISE_FIELDS, FieldRegistry, FieldType

if TYPE_CHECKING:  # pyarrow (60 MiB) is imported when a snapshot is written, not at start-up
    import pyarrow as pa

RECENT_YEARS = 5  # figures of this many latest years become named-year columns


def _arrow_type(column: str) -> pa.DataType:
    import pyarrow as pa

    arrow = {
        FieldType.NUMBER: pa.float64(),
        FieldType.INTEGER: pa.int64(),
        FieldType.DATE: pa.date32(),
        FieldType.BOOLEAN: pa.bool_(),
    }
    field = ENTERPRISE_FIELDS.get(FieldRegistry.split_column(column)[0])
    return arrow.get(field.type, pa.string()) if field else pa.string()


def _state() -> SnapshotState:
    state, _created = SnapshotState.objects.get_or_create(pk=1)
    return state


def snapshot_changed(**_kwargs: Any) -> None:
    """Raise the counter (connected to the registry's ``enterprises_changed``)."""
    updated = SnapshotState.objects.filter(pk=1).update(generation=F("generation") + 1)
    if not updated:
        _state()


def snapshot_stamp() -> str:
    """The current generation's name: files derived from enterprise data carry it."""
    state = _state()
    return f"{state.token}-{state.generation}"


def snapshot_dir() -> Path:
    path = Path(settings.VAR_DIR) / "snapshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def snapshot_path() -> Path:
    """The current snapshot's file, built first if there is none for this generation."""
    state = _state()
    path = snapshot_dir() / f"enterprises-{state.token}-{state.generation}.parquet"
    if not path.exists():
        snapshot_write(path)
        for old in path.parent.glob(f"enterprises-{state.token}-*.parquet"):
            if old != path:
                old.unlink(missing_ok=True)
    return path


def _columns() -> tuple[list[tuple[str, str]], str]:
    """(column, SQL) of the snapshot, and its FROM clause: the facts, and each figure of
    recent years by name (one join per year)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT year FROM registry_yearlyfigures ORDER BY year DESC LIMIT %s",
            [RECENT_YEARS],
        )
        years = sorted(int(row[0]) for row in cursor.fetchall())
    columns = [("id", "e.id"), *FACT_COLUMNS.items()]
    joins = [FACTS_FROM]
    for year in years:
        alias = f"y{year}"
        joins.append(
            f"LEFT JOIN registry_yearlyfigures {alias} "
            f"ON {alias}.enterprise_id = e.id AND {alias}.year = {year}"
        )
        columns.extend((f"{name}_{year}", f"{alias}.{name}") for name in FIGURE_COLUMNS)
    return columns, " ".join(joins)


def snapshot_write(path: Path) -> int:
    """Write every enterprise's facts to ``path`` (atomically); return the row count."""
    import pyarrow as pa

    columns, source = _columns()
    schema = pa.schema(
        [pa.field(name, pa.int64() if name == "id" else _arrow_type(name)) for name, _ in columns]
    )
    select = ", ".join(f"{sql} AS {name}" for name, sql in columns)
    return query_to_parquet(path, f"SELECT {select} FROM {source} ORDER BY e.id", [], schema)
