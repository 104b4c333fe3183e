"""The placement facts: one Parquet file of every placement with what the target score
reads (the enterprise's county, latest and earlier revenue, qualifications), sorted by link,
written once from the database and then read by DuckDB for every ranking
(``engine/snapshot_targets.py``). A link's candidates are a few row groups of one narrow
file, so ranking over the province's 18 million enterprises takes a fraction of a second
where joining the database's tables took seconds.

The file is named by the registry snapshot's generation (raised whenever enterprise data
or placements change: :func:`placements_changed`) and by the day (a high-tech certificate
lapses at midnight), so a ranking never reads stale facts, and the facts are written at
most once per change. The classification task writes them ahead of the first ranking.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from django.utils import timezone

from zhaoshang.core.columnar import query_to_parquet
from zhaoshang.policies.snapshot import snapshot_changed, snapshot_dir, snapshot_stamp

if TYPE_CHECKING:  # pyarrow loads when the facts are written, not at start-up
    import pyarrow as pa

GROWTH_YEARS = 3  # growth is measured over at most this many years before the latest


def _schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [
            pa.field("link", pa.int32()),
            pa.field("row", pa.int64()),  # the enterprise's id
            pa.field("region_code", pa.string()),
            pa.field("revenue", pa.float64()),
            pa.field("before", pa.float64()),
            pa.field("years", pa.float64()),
            pa.field("above_size", pa.bool_()),
            pa.field("high_tech", pa.bool_()),
            pa.field("specialised_new", pa.bool_()),
            pa.field("little_giant", pa.bool_()),
            pa.field("listed", pa.bool_()),
        ]
    )


# The earliest revenue of the GROWTH_YEARS years before the latest, and how many years
# lie between the two (1 where there is none: the growth part is then 0).
_SQL = f"""
SELECT p.link_id, p.enterprise_id, e.region_id, e.latest_revenue, b.revenue,
       COALESCE(e.latest_year - b.year, 1),
       e.above_designated_size,
       e.high_tech_cert_no <> '' AND (e.high_tech_expires_on IS NULL
                                      OR e.high_tech_expires_on >= %s),
       e.specialised_new_on IS NOT NULL, e.little_giant_on IS NOT NULL,
       e.listed_on IS NOT NULL
FROM chains_placement p
JOIN registry_enterprise e ON e.id = p.enterprise_id
LEFT JOIN registry_yearlyfigures b ON b.enterprise_id = e.id AND b.year = (
    SELECT MIN(y.year) FROM registry_yearlyfigures y
    WHERE y.enterprise_id = e.id AND y.revenue IS NOT NULL
      AND y.year >= e.latest_year - {GROWTH_YEARS} AND y.year < e.latest_year)
ORDER BY p.link_id, p.enterprise_id
"""


def placements_changed() -> None:
    """Placements were written or removed: the next ranking reads new facts."""
    snapshot_changed()


def facts_path() -> Path:
    """The current placement facts, written first if there are none for this generation
    and day (older files are removed)."""
    today = timezone.localdate()
    stamp = snapshot_stamp()
    token = stamp.split("-", 1)[0]
    path = snapshot_dir() / f"placement-facts-{stamp}-{today:%Y%m%d}.parquet"
    if not path.exists():
        query_to_parquet(path, _SQL, [today], _schema())
        for old in path.parent.glob(f"placement-facts-{token}-*.parquet"):
            if old != path:
                old.unlink(missing_ok=True)
    return path
