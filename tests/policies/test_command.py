"""`zhaoshang eligibility`: any rule against any Parquet file from the shell, as JSON."""

from __future__ import annotations

import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command


def test_the_command_prints_counts_and_the_funnel_as_json(tmp_path):
    data = tmp_path / "e.parquet"
    pq.write_table(
        pa.table(
            {
                "uscc": ["A", "B", "C"],
                "revenue": [2500.0, 100.0, None],
                "industry_code": ["3971", "3971", "3971"],
            }
        ),
        data,
    )
    rule = tmp_path / "rule.json"
    rule.write_text(
        json.dumps({"all": [{"field": "revenue", "op": ">=", "value": 2000}]}), encoding="utf-8"
    )
    out = io.StringIO()
    call_command("eligibility", "--rule", str(rule), "--data", str(data), "--funnel", stdout=out)
    result = json.loads(out.getvalue())
    assert (result["total"], result["eligible"], result["possibly_eligible"]) == (3, 1, 1)
    assert result["funnel"][0]["remaining"] == 1


def test_a_malformed_rule_file_is_refused_with_its_position(tmp_path):
    rule = tmp_path / "rule.json"
    rule.write_text('{"all": [', encoding="utf-8")
    with pytest.raises((CommandError, SystemExit)) as refused:
        call_command("eligibility", "--rule", str(rule), "--data", str(tmp_path / "x.parquet"))
    assert "line 1" in str(refused.value) or "column" in str(refused.value)
