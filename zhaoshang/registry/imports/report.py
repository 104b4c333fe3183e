"""The report stage of an import: what was read, written, merged, ignored and refused, for
the page, the command line and the API. No Django here (the error files are written by
``registry.table_writing``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from zhaoshang.registry.domain.schema import RowError

MAX_ERRORS_KEPT = 10_000  # errors beyond this are counted, not listed


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    merged: int = 0  # rows that repeat an earlier row exactly: one enterprise
    invalid_rows: int = 0
    figures_written: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    dry_run: bool = False
    header_row: int = 1
    ignored_columns: list[str] = field(default_factory=list)
    personal_columns: list[str] = field(default_factory=list)  # personal data, not stored
    # Rows taken without their region or industry, for officers to complete; the notes say
    # why, by line (the first MAX_ERRORS_KEPT of them).
    region_missing: int = 0
    industry_missing: int = 0
    notes: list[RowError] = field(default_factory=list)

    def note(self, errors: list[RowError]) -> None:
        for error in errors:
            self.error_count += 1
            if len(self.errors) < MAX_ERRORS_KEPT:
                self.errors.append(error)

    def lines(self) -> list[str]:
        out = [
            f"rows: {self.rows}",
            f"enterprises: {self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged",
            f"exact duplicate rows merged: {self.merged}",
            f"yearly figures written: {self.figures_written}",
            f"rows refused: {self.invalid_rows} ({self.error_count} problems)",
            f"imported without a region: {self.region_missing}",
            f"imported without an industry: {self.industry_missing}",
        ]
        if self.ignored_columns:
            out.append(f"columns ignored: {', '.join(self.ignored_columns)}")
        if self.personal_columns:
            out.append(f"columns of personal data, not stored: {', '.join(self.personal_columns)}")
        if self.dry_run:
            out.append("dry run: nothing was written")
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "merged": self.merged,
            "invalid_rows": self.invalid_rows,
            "figures_written": self.figures_written,
            "error_count": self.error_count,
            "dry_run": self.dry_run,
            "header_row": self.header_row,
            "ignored_columns": list(self.ignored_columns),
            "personal_columns": list(self.personal_columns),
            "region_missing": self.region_missing,
            "industry_missing": self.industry_missing,
        }
