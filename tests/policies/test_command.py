"""`zhaoshang eligibility`: any rule against any Parquet file from the shell, as JSON."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

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


def test_the_console_command_gives_the_same_json_without_starting_django(tmp_path):
    # `zhaoshang eligibility` needs neither settings nor a database: with settings that
    # cannot be imported it still answers, and as the Django command does.
    data = tmp_path / "e.parquet"
    pq.write_table(pa.table({"uscc": ["A", "B"], "revenue": [2500.0, None]}), data)
    rule = tmp_path / "rule.txt"
    rule.write_text("revenue >= 2000", encoding="utf-8")
    arguments = ["--rule", str(rule), "--data", str(data), "--as-of", "2025-06-01"]
    out = io.StringIO()
    call_command("eligibility", *arguments, stdout=out)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "no.such.settings"}
    done = subprocess.run(
        [sys.executable, "-m", "zhaoshang.cli", "eligibility", *arguments],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert json.loads(done.stdout) == json.loads(out.getvalue())
