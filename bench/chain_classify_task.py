"""The chains' classification task end to end, as an officer starts it: N generated
enterprises in the database, then ``placements_rebuild`` (read the registry in chunks,
classify in W processes, write the staging table, swap the placements) timed whole, on
SQLite and on PostgreSQL, and extrapolated to the province's 18,000,000 rows. Then the
placement facts are written from the database and the application's own rankings are
timed (one link's targets for Sihui, and the gap analysis of a chain).

    .venv/bin/python bench/chain_classify_task.py [--count 1000000] [--workers 2]
        [--skip-postgres]

The enterprises are written by ``zhaoshang generate_enterprises`` (with the generator's
business scope and main products text); only the task is timed. The extrapolation is
linear: every chunk costs the same reads, classification and writes, and the swap at the
end is one ``INSERT … SELECT`` over the placements (about a fifth of the rows). The CPU time
of the task's process and its workers is printed too, with the time it would take with both
cores free (CPU time / 2): on a machine shared with other work the elapsed time says more
about the other work than about the task. PostgreSQL's own CPU time is not counted there.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time

from benchkit import ROOT, bench_databases, child_env  # beside this script

PYTHON = sys.executable
BENCH_DB = "postgres://postgres@127.0.0.1:5432/zhaoshang_bench_chains"
PROVINCE = 18_000_000

# Run inside `manage.py shell`: classify the whole registry and print the figures as JSON.
CLASSIFY = """
import json, resource, time
from zhaoshang.chains.classification import placements_rebuild
from zhaoshang.chains.services import chains_load_if_empty
from zhaoshang.registry.models import Enterprise
chains_load_if_empty()
def cpu():
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime
started, cpu_before = time.monotonic(), cpu()
placements = placements_rebuild(workers=WORKERS)
seconds, cpu_seconds = time.monotonic() - started, cpu() - cpu_before
from zhaoshang.chains.engine.targets import Weights
from zhaoshang.chains.facts import facts_path
from zhaoshang.chains.models import Chain, Link
from zhaoshang.chains.targeting import gap_targets, targets_for_link
from zhaoshang.registry.models import Region
started = time.monotonic()
facts_path()
facts = time.monotonic() - started
sihui = Region.objects.get(code="441284")
chain = Chain.objects.get(key="nev_battery")
link = Link.objects.get(chain=chain, key="batteries")
def best(fn):
    laps = []
    for _ in range(3):
        started = time.monotonic()
        fn()
        laps.append(time.monotonic() - started)
    return min(laps)
one = best(lambda: targets_for_link(link, sihui, Weights(), limit=50))
gap = best(lambda: gap_targets(chain, sihui, Weights(), per_link=10))
print(json.dumps({"seconds": seconds, "cpu": cpu_seconds, "placements": placements,
                  "rows": Enterprise.objects.count(), "facts": facts, "one": one, "gap": gap}))
"""


def run(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args[:3])} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()
    manage = [PYTHON, str(ROOT / "manage.py")]
    print(f"load average at start: {os.getloadavg()[0]:.1f}")
    print(
        f"{'database':<12}{'enterprises':>12}{'placements':>12}{'workers':>9}{'task s':>9}"
        f"{'rows/s':>9}{'18 M, min':>11}{'CPU s':>8}{'18 M on 2 free cores, min':>27}"
    )
    with bench_databases("zhaoshang-chains-", BENCH_DB, skip_postgres=args.skip_postgres) as (
        work,
        targets,
    ):
        for label, url in targets:
            target = child_env(work, url)
            run([*manage, "migrate", "--noinput", "-v0"], target)
            generate = ["generate_enterprises", "--count", str(args.count), "--seed", "3"]
            run([*manage, *generate], target)
            started = time.monotonic()
            out = run(
                [*manage, "shell", "-c", CLASSIFY.replace("WORKERS", str(args.workers))], target
            )
            whole = time.monotonic() - started
            figures = json.loads(out.strip().splitlines()[-1])
            rate = figures["rows"] / figures["seconds"]
            print(
                f"{label:<12}{figures['rows']:>12,}{figures['placements']:>12,}"
                f"{args.workers:>9}{figures['seconds']:>9.1f}{rate:>9,.0f}"
                f"{PROVINCE / rate / 60:>11.1f}{figures['cpu']:>8.1f}"
                f"{figures['cpu'] * PROVINCE / figures['rows'] / 2 / 60:>27.1f}"
            )
            print(f"{'':<12}(the shell process whole: {whole:.1f} s)")
            print(
                f"{'':<12}placement facts written in {figures['facts']:.1f} s; Sihui, "
                f"nev_battery: targets of one link {figures['one']:.2f} s, gap analysis "
                f"{figures['gap']:.2f} s (chain map, strengths and every missing link's "
                "candidates; best of 3)"
            )
    print(f"load average at end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
