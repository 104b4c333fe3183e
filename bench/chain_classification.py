"""Quality of the chain classifier on the labelled sample: precision and recall per link.

    .venv/bin/python bench/chain_classification.py [--sample FILE] [--mistakes]

Prints, for every link of the shipped chains, the enterprises of the sample it should hold,
the true and false placements, precision and recall, then the overall figures. --mistakes also
lists every row whose placements differ from its labels. The goal: each figure ≥ 0.9.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from zhaoshang.chains.engine import Classifier, shipped_chains  # noqa: E402
from zhaoshang.chains.engine.quality import evaluate, read_sample  # noqa: E402

SAMPLE = ROOT / "tests" / "chains" / "data" / "labelled.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=Path, default=SAMPLE)
    parser.add_argument("--mistakes", action="store_true")
    args = parser.parse_args()
    rows = read_sample(args.sample)
    report = evaluate(Classifier(shipped_chains()), rows)
    print(f"sample: {len(rows)} enterprises, {sum(1 for r in rows if not r.expected)} on no link")
    print(
        f"{'link':42} {'expected':>8} {'TP':>4} {'FP':>4} {'FN':>4} {'precision':>9} {'recall':>7}"
    )
    below = 0
    for name, score in report.by_link.items():
        expected = score.true_positives + score.false_negatives
        flag = ""
        if score.precision < 0.9 or score.recall < 0.9:
            flag, below = "  < 0.9", below + 1
        print(
            f"{name:42} {expected:>8} {score.true_positives:>4} {score.false_positives:>4} "
            f"{score.false_negatives:>4} {score.precision:>9.3f} {score.recall:>7.3f}{flag}"
        )
    total = report.overall
    print(
        f"{'overall':42} {total.true_positives + total.false_negatives:>8} "
        f"{total.true_positives:>4} {total.false_positives:>4} {total.false_negatives:>4} "
        f"{total.precision:>9.3f} {total.recall:>7.3f}"
    )
    print(f"links below 0.9: {below}; rows with a difference: {len(report.mistakes)}")
    if args.mistakes:
        for row, found in report.mistakes:
            missing = ", ".join(sorted(row.expected - found)) or "-"
            extra = ", ".join(sorted(found - row.expected)) or "-"
            print(f"line {row.line}: missing {missing}; extra {extra}  [{row.note}]")


if __name__ == "__main__":
    main()
