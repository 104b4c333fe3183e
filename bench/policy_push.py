"""Benchmark of a policy push: 1,000,000 generated enterprises in the database, a rule that
200,000 of them meet (more are possibly eligible: their revenue is missing), publish and
push end to end, on SQLite and on PostgreSQL.

    .venv/bin/python bench/policy_push.py [--count 1000000] [--qualifying 200000]
        [--skip-postgres]

Also builds the preview snapshot of the registry (Parquet) and times one impact preview
with the comparison to the published version. Goal on this 2-core machine: push <= 60 s end
to end on each database.

The floor: the same matches inserted by one ``INSERT … SELECT`` (no chunks, no resumption
mark, no counts, no notifications) for another version of the policy, timed before and
after the push (the faster of the two is kept). The push itself (``version_push``) should
take at most 1.5 times that. PostgreSQL's tables are analysed after the bulk load, as a
deployment's import would leave them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
POSTGRES_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
BENCH_DB = "zhaoshang_bench_push"

# Run inside `manage.py shell`: make a policy whose threshold admits QUALIFYING enterprises,
# publish it and push it, and print the figures as JSON.
PUSH = """
import json, time
from django.db import connection
from zhaoshang.policies.models import Policy
from zhaoshang.policies.push import version_push
from zhaoshang.policies.services import policy_publish, policy_save
with connection.cursor() as cursor:
    cursor.execute(
        "SELECT revenue FROM registry_enterprise e JOIN registry_yearlyfigures f "
        "ON f.enterprise_id = e.id AND f.year = e.latest_year WHERE f.revenue IS NOT NULL "
        "ORDER BY f.revenue DESC LIMIT 1 OFFSET %s", [QUALIFYING - 1])
    threshold = cursor.fetchone()[0]
rule = {"all": [
    {"id": "revenue", "field": "revenue", "op": ">=", "value": float(threshold)},
    {"id": "province", "field": "region_code", "op": "within", "value": "44"},
    {"id": "no-violation", "not": {"field": "tax_violation_on", "op": ">", "value": "2020-01-01"}},
]}
from django.db import transaction
from django.utils import timezone
from zhaoshang.policies.eligibility import FACTS_FROM, predicate_sql, rule_with_scope


def floor(version):
    # The same matches by one INSERT ... SELECT for ``version``: the practical limit.
    predicate, params = predicate_sql(rule_with_scope(version.rule, None), version.as_of)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    began = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO policies_match (version_id, enterprise_id, outcome, created_at, "
            "updated_at) SELECT %s, t.id, CASE WHEN t.p THEN 'eligible' "
            "ELSE 'possibly_eligible' END, %s, %s "
            f"FROM (SELECT e.id AS id, ({predicate}) AS p FROM {FACTS_FROM}) t "
            "WHERE t.p IS NULL OR t.p",
            [version.pk, now, now, *params],
        )
        inserted = cursor.rowcount
    return time.monotonic() - began, inserted


started = time.monotonic()
policy = policy_save(actor=None, values={"slug": "bench", "issuing_body": "bench", "rule": rule})
version = policy_publish(actor=None, policy=policy)
published = time.monotonic() - started
spare = [policy_publish(actor=None, policy=policy) for _ in range(2)]  # versions for the floor
floor_before, floor_rows = floor(spare[0])
began = time.monotonic()
report = version_push(version)
push_seconds = time.monotonic() - began
floor_after, _rows = floor(spare[1])
assert floor_rows == report.eligible + report.possibly_eligible, (floor_rows, report)
seconds = published + push_seconds
from zhaoshang.policies.snapshot import snapshot_path
from zhaoshang.policies.selectors import policy_preview
started = time.monotonic()
snapshot_path()
snapshot_seconds = time.monotonic() - started
started = time.monotonic()
preview = policy_preview(rule_data=rule, scope=None, benefit_kind="fixed", benefit_amount=10,
                         benefit_formula="", compare_to=version)
preview_seconds = time.monotonic() - started
assert preview.eligible == report.eligible, (preview.eligible, report.eligible)
print(json.dumps({"seconds": seconds, "eligible": report.eligible,
                  "possibly": report.possibly_eligible, "snapshot": snapshot_seconds,
                  "preview": preview_seconds, "push": push_seconds,
                  "floor": min(floor_before, floor_after)}))
"""


def run(args: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.monotonic()
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:3])} failed:\n{done.stdout}\n{done.stderr}")
    return time.monotonic() - started, done.stdout


def psql(url: str, command: str) -> None:
    subprocess.run(["psql", url, "-q", "-c", command], check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--qualifying", type=int, default=200_000)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="zhaoshang-push-"))
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PYTEST_VERSION"}}
    env["ZHAOSHANG_VAR_DIR"] = str(work / "var")
    targets = [("SQLite", f"sqlite:///{work / 'bench.sqlite3'}")]
    if not args.skip_postgres:
        psql(POSTGRES_ADMIN, f"DROP DATABASE IF EXISTS {BENCH_DB}")
        psql(POSTGRES_ADMIN, f"CREATE DATABASE {BENCH_DB}")
        targets.append(("PostgreSQL", f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"))
    manage = [PYTHON, str(ROOT / "manage.py")]
    print(
        f"{'database':<12}{'enterprises':>12}{'eligible':>10}{'possibly':>10}{'push s':>8}"
        f"{'ours s':>8}{'floor s':>9}{'ratio':>7}{'snapshot s':>12}{'preview s':>11}"
    )
    try:
        for label, url in targets:
            target = {**env, "DATABASE_URL": url}
            run([*manage, "migrate", "--noinput", "-v0"], target)
            run(
                [*manage, "generate_enterprises", "--count", str(args.count), "--seed", "7"],
                target,
            )
            if label == "PostgreSQL":
                psql(url, "ANALYZE")
            code = PUSH.replace("QUALIFYING", str(args.qualifying))
            _seconds, out = run([*manage, "shell", "-c", code], target)
            figures = json.loads(out.strip().splitlines()[-1])
            print(
                f"{label:<12}{args.count:>12,}{figures['eligible']:>10,}"
                f"{figures['possibly']:>10,}{figures['seconds']:>8.1f}"
                f"{figures['push']:>8.2f}{figures['floor']:>9.2f}"
                f"{figures['push'] / figures['floor']:>7.2f}"
                f"{figures['snapshot']:>12.1f}{figures['preview']:>11.2f}"
            )
    finally:
        if not args.skip_postgres:
            psql(POSTGRES_ADMIN, f"DROP DATABASE IF EXISTS {BENCH_DB}")
        shutil.rmtree(work, ignore_errors=True)
    print(
        "goals: push <= 60 s end to end on each database; ours (version_push) <= 1.5 x the "
        "floor (one INSERT ... SELECT of the same matches)"
    )


if __name__ == "__main__":
    main()
