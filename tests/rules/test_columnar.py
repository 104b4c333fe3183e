"""Bulk evaluation over a Parquet snapshot: counts, funnel, ids, breakdowns, absent columns."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.rules.backends import arrow_table
from zhaoshang.rules import Counts, FunnelStep, evaluate_snapshot, parse_text
from zhaoshang.rules.cli import main

AS_OF = datetime.date(2024, 6, 1)
RULE = (
    "revenue >= above_size_threshold and region_code within 4412 "
    "and industry_code within C13..C43 and not tax_violation_on > as_of - 3 years"
)
ROWS: list[dict[str, Any]] = [
    {"uscc": "A", "revenue": Decimal(2500), "region_code": "441284", "industry_code": "1311"},
    {"uscc": "B", "revenue": Decimal(2500), "region_code": "441202", "industry_code": "4411"},
    {"uscc": "C", "revenue": Decimal(100), "region_code": "441284", "industry_code": "1311"},
    {"uscc": "D", "revenue": None, "region_code": "441202", "industry_code": "2611"},
    {"uscc": "E", "revenue": Decimal(9000), "region_code": "440103", "industry_code": "1311"},
    {"uscc": "F", "revenue": Decimal(2000), "region_code": None, "industry_code": "3911"},
]


@pytest.fixture
def snapshot(tmp_path):
    """The rows as a Parquet file without the tax_violation_on column."""
    rule = parse_text(RULE)
    table = arrow_table(rule, ROWS).drop_columns(["tax_violation_on", "uscc"])
    table = table.append_column("uscc", pa.array([r["uscc"] for r in ROWS]))
    path = tmp_path / "snapshot.parquet"
    pq.write_table(table, path)
    return path


def test_counts_ids_funnel_and_breakdowns(snapshot):
    rule = parse_text(RULE)
    result = evaluate_snapshot(rule, snapshot, as_of=AS_OF, funnel=True, ids=True, breakdowns=True)
    assert (result.total, result.eligible, result.possibly_eligible) == (6, 1, 2)
    assert result.not_eligible == 3
    assert result.ids == ("A",)
    assert result.possibly_ids == ("D", "F")
    assert result.funnel == (
        FunnelStep("c1", 4),  # A, B, E, F
        FunnelStep("c2", 2),  # A, B (F's region is missing)
        FunnelStep("c3", 1),  # A (B is in division 44)
        FunnelStep("g2", 1),  # no tax_violation_on column: no violation on record
    )
    assert result.by_region == {
        "4412": Counts(1, 1),
        "441202": Counts(0, 1),
        "441284": Counts(1, 0),
        "unknown": Counts(0, 1),
    }
    assert result.by_industry == {
        "13": Counts(1, 0),
        "26": Counts(0, 1),
        "39": Counts(0, 1),
        "C": Counts(1, 2),
    }


def test_a_parquet_path_and_a_pyarrow_table_give_the_same_result(snapshot):
    rule = parse_text(RULE)
    from_file = evaluate_snapshot(rule, snapshot, as_of=AS_OF, funnel=True)
    from_table = evaluate_snapshot(rule, pq.read_table(snapshot), as_of=AS_OF, funnel=True)
    assert from_file == from_table


def test_the_funnel_of_an_any_root_grows_and_of_a_criterion_is_one_step(snapshot):
    rule = parse_text("region_code within 441284 or revenue > 5000")
    assert evaluate_snapshot(rule, snapshot, as_of=AS_OF, funnel=True).funnel == (
        FunnelStep("c1", 2),
        FunnelStep("c2", 3),
    )
    rule = parse_text("revenue > 5000")
    assert evaluate_snapshot(rule, snapshot, as_of=AS_OF, funnel=True).funnel == (
        FunnelStep("c1", 1),
    )


def test_the_cli_prints_the_result_as_json(snapshot, tmp_path, capsys):
    rule_file = tmp_path / "rule.txt"
    rule_file.write_text(RULE, encoding="utf-8")
    params = tmp_path / "params.json"
    params.write_text(
        json.dumps({"above_size_threshold": {"values": [{"from": "2020-01-01", "value": 50}]}})
    )
    argv = ["--rule", str(rule_file), "--data", str(snapshot), "--as-of", "2024-06-01"]
    assert main([*argv, "--funnel", "--ids", "--parameters", str(params)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["eligible"] == 2
    assert printed["ids"] == ["A", "C"]
    assert printed["funnel"][0] == {"criterion": "c1", "remaining": 5}


def test_the_cli_refuses_a_bad_rule_with_its_position(snapshot, tmp_path, capsys):
    rule_file = tmp_path / "rule.json"
    rule_file.write_text('{"field": "revenu", "op": ">", "value": 1}', encoding="utf-8")
    assert main(["--rule", str(rule_file), "--data", str(snapshot)]) == 2
    assert "rule.json: $.field: unknown field 'revenu'" in capsys.readouterr().err


def test_every_option_alone_gives_the_same_counts(snapshot):
    rule = parse_text(RULE)
    plain = evaluate_snapshot(rule, snapshot, as_of=AS_OF)
    assert (plain.total, plain.eligible, plain.possibly_eligible) == (6, 1, 2)
    for alone in (
        evaluate_snapshot(rule, snapshot, as_of=AS_OF, funnel=True),
        evaluate_snapshot(rule, snapshot, as_of=AS_OF, ids=True),
        evaluate_snapshot(rule, snapshot, as_of=AS_OF, breakdowns=True),
    ):
        assert (alone.total, alone.eligible, alone.possibly_eligible) == (6, 1, 2)
