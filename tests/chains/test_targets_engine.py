"""The target score without Django: strength by thresholds, weights, and the snapshot path
(with and without the placement facts) giving the ranking the columns give."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from zhaoshang.chains.engine.snapshot_targets import (
    Snapshot,
    connect,
    link_counts,
    placement_facts_write,
    rank_links,
)
from zhaoshang.chains.engine.targets import Thresholds, Weights, strength, weights_from

CENTRES = {"441284": (23.33, 112.73), "441202": (23.05, 112.47), "440106": (23.12, 113.36)}


def test_strength_follows_the_thresholds() -> None:
    limits = Thresholds(present_min=1, strong_min=3, strong_share=10, strong_above_size=0)
    assert strength(0, 0, 0, limits) == "missing"
    assert strength(3, 12.5, 0, limits) == "strong"
    assert strength(3, 5.0, 9, limits) == "weak"  # above-size rule off
    assert strength(2, 50.0, 0, limits) == "weak"


def test_weights_are_checked_by_name() -> None:
    with pytest.raises(ValueError, match="growth"):
        weights_from({"growth": "-1"})
    with pytest.raises(ValueError, match="at least one"):
        weights_from(dict.fromkeys(("size", "growth", "qualifications", "fit", "distance"), 0))


def _snapshot(folder: Path) -> Snapshot:
    enterprises = pa.table(
        {
            "uscc": ["a", "b", "c", "d"],
            "region_code": ["441284", "441202", "440106", "440106"],
            "revenue": [5000.0, 1000.0, 900_000.0, 10.0],
            "high_tech_cert_no": [None, "GR1", None, None],
            "specialised_new_on": pa.array([None, None, None, None], pa.date32()),
            "little_giant_on": pa.array([None, None, None, None], pa.date32()),
            "listed_on": pa.array([None, None, None, None], pa.date32()),
            "revenue_before": [4000.0, 500.0, 800_000.0, 20.0],
        }
    )
    placements = pa.table(
        {"row": pa.array([0, 1, 2, 3], pa.int64()), "link": pa.array([7, 7, 7, 7], pa.int32())}
    )
    pq.write_table(enterprises, folder / "e.parquet")
    pq.write_table(placements, folder / "p.parquet")
    return Snapshot(
        str(folder / "e.parquet"),
        str(folder / "p.parquet"),
        CENTRES,
        before_sql="e.revenue_before",
        years=1,
    )


@pytest.mark.parametrize("with_facts", [False, True])
def test_snapshot_ranking_outside_the_county_and_weights_change_it(tmp_path, with_facts) -> None:
    snapshot = _snapshot(tmp_path)
    if with_facts:
        placement_facts_write(snapshot, str(tmp_path / "f.parquet"))
        snapshot = Snapshot(**{**snapshot.__dict__, "facts": str(tmp_path / "f.parquet")})
    con = connect(snapshot)
    assert link_counts(con, snapshot, [7], "441284") == {7: 1}
    centre = CENTRES["441284"]
    by_size = rank_links(con, snapshot, [7], "441284", {}, centre, Weights(1, 0, 0, 0, 0), 10)
    rows, _ranked = by_size[7]
    assert rows.tolist() == [2, 1, 3]  # Sihui's own enterprise (row 0) is not a candidate
    by_growth = rank_links(con, snapshot, [7], "441284", {}, centre, Weights(0, 1, 0, 0, 0), 10)
    assert by_growth[7][0].tolist()[0] == 1  # doubled its revenue
    by_distance = rank_links(con, snapshot, [7], "441284", {}, centre, Weights(0, 0, 0, 0, 1), 10)
    assert by_distance[7][0].tolist()[0] == 1  # Duanzhou is nearest
    assert np.all(np.diff(by_size[7][1].score) <= 0)


def test_one_points_distance_equals_the_columns_distance() -> None:
    import numpy as np

    from zhaoshang.chains.engine.targets import great_circle_km, haversine_km

    column = haversine_km(np.array([23.33, 22.27]), np.array([112.73, 114.17]), 23.13, 113.26)
    single = [
        great_circle_km(23.33, 112.73, 23.13, 113.26),
        great_circle_km(22.27, 114.17, 23.13, 113.26),
    ]
    assert single == pytest.approx(column.tolist(), abs=1e-9)
    assert 50 < single[0] < 70  # Sihui to Guangzhou
