"""Precision and recall of the classifier against a labelled sample. No Django here.

The sample is a CSV file with the columns ``industry_code``, ``business_scope``,
``main_products`` and ``links`` (the expected placements, ``chain/link`` separated by spaces;
empty for none), and an optional ``note``. ``tests/chains/data/labelled.csv`` is the one
shipped; ``bench/chain_classification.py`` prints its figures.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from zhaoshang.chains.engine.classify import Classifier


@dataclass(frozen=True)
class LabelledRow:
    line: int
    industry_code: str
    business_scope: str
    main_products: str
    expected: frozenset[str]
    note: str


@dataclass(frozen=True)
class Score:
    """Counts of one link (or of all links together)."""

    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        placed = self.true_positives + self.false_positives
        return self.true_positives / placed if placed else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


@dataclass(frozen=True)
class Report:
    by_link: dict[str, Score]
    overall: Score
    mistakes: tuple[tuple[LabelledRow, frozenset[str]], ...]
    """The rows whose placements differ from the labels, with the placements found."""


def read_sample(path: Path) -> list[LabelledRow]:
    with path.open(encoding="utf-8", newline="") as stream:
        return [
            LabelledRow(
                line=index + 2,
                industry_code=row["industry_code"].strip(),
                business_scope=row["business_scope"],
                main_products=row["main_products"],
                expected=frozenset(row["links"].split()),
                note=row.get("note") or "",
            )
            for index, row in enumerate(csv.DictReader(stream))
        ]


def evaluate(classifier: Classifier, rows: Sequence[LabelledRow]) -> Report:
    """Every link of the classifier scored on ``rows``."""
    names = [f"{chain}/{link}" for chain, link in classifier.links]
    counts = {name: [0, 0, 0] for name in names}
    mistakes = []
    for row in rows:
        found = frozenset(
            f"{p.chain}/{p.link}"
            for p in classifier.classify(row.industry_code, row.business_scope, row.main_products)
        )
        for name in found | row.expected:
            count = counts.setdefault(name, [0, 0, 0])
            if name in found and name in row.expected:
                count[0] += 1
            elif name in found:
                count[1] += 1
            else:
                count[2] += 1
        if found != row.expected:
            mistakes.append((row, found))
    by_link = {name: Score(*count) for name, count in counts.items()}
    overall = Score(*(sum(c[i] for c in counts.values()) for i in range(3)))
    return Report(by_link, overall, tuple(mistakes))
