"""The report stage: what an import created, changed, left unchanged and refused, and why,
by line (a table) or feature (GeoJSON) and field. Reasons are in the language active while
the import ran (the officer's, on the page). No Django here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

MAX_PROBLEMS_KEPT = 2_000  # more are counted, not listed


@dataclass(frozen=True)
class Problem:
    place: int  # the line of a table (the header row is line 1) or the feature's number
    field: str  # the field's name ("" for the record as a whole)
    column: str  # how the file names it: the header, the property key, or the field's label
    value: str
    reason: str


@dataclass
class SiteImportReport:
    kind: str
    unit: str = "line"  # "line" or "feature"
    dry_run: bool = False
    coords: str = "wgs84"
    records: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    refused: int = 0
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    ignored: list[str] = field(default_factory=list)  # headers or properties not used

    def refuse(self, problems: list[Problem]) -> None:
        """Count one record as refused, for these reasons."""
        self.refused += 1
        for problem in problems:
            self.problem_count += 1
            if len(self.problems) < MAX_PROBLEMS_KEPT:
                self.problems.append(problem)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def lines(self) -> list[str]:
        """The report for a terminal (English, as the other commands write)."""
        out = [
            f"{self.records} {self.kind} record(s) read ({self.unit}s), coordinates {self.coords}",
            f"created: {self.created}, changed: {self.changed}, unchanged: {self.unchanged}, "
            f"refused: {self.refused}",
        ]
        if self.ignored:
            out.append(f"not used: {', '.join(self.ignored)}")
        for problem in self.problems:
            value = f" ({problem.value!r})" if problem.value else ""
            where = problem.column or "record"
            out.append(f"  {self.unit} {problem.place}, {where}: {problem.reason}{value}")
        if self.problem_count > len(self.problems):
            out.append(f"  … and {self.problem_count - len(self.problems)} more problems")
        if self.dry_run:
            out.append("check only: nothing was written")
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "unit": self.unit,
            "dry_run": self.dry_run,
            "coords": self.coords,
            "records": self.records,
            "created": self.created,
            "changed": self.changed,
            "unchanged": self.unchanged,
            "refused": self.refused,
            "problem_count": self.problem_count,
            "ignored": list(self.ignored),
        }
