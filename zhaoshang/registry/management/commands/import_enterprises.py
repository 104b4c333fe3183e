"""Import enterprises from a CSV or XLSX file, showing progress in the terminal."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhaoshang.registry.importing import enterprise_import
from zhaoshang.registry.table_formats import TableFileError
from zhaoshang.registry.table_writing import write_errors


class Command(BaseCommand):
    help = (
        "Import enterprises (CSV in UTF-8 or GB18030, or XLSX); rows are upserted by credit code."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="show what would change")
        parser.add_argument(
            "--errors", type=Path, help="write the problems to this .csv or .xlsx file"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        started = time.monotonic()
        tty = sys.stderr.isatty()

        def progress(done: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            text = f"\r{done:,} rows done ({rate:,.0f} rows/s)"
            if tty:
                sys.stderr.write(text)
                sys.stderr.flush()

        try:
            report = enterprise_import(
                actor=None, path=path, dry_run=options["dry_run"], progress=progress
            )
        except TableFileError as exc:
            raise CommandError(f"{path}: {exc}; nothing was imported") from exc
        if tty:
            sys.stderr.write("\n")
        for line in report.lines():
            self.stdout.write(line)
        for error in report.errors[:20]:
            self.stdout.write(
                f"  line {error.line}, {error.column or 'row'}: {error.reason} ({error.value!r})"
            )
        if report.error_count > 20:
            self.stdout.write(f"  … and {report.error_count - 20} more")
        errors_path: Path | None = options["errors"]
        if errors_path is not None:
            fmt = "xlsx" if errors_path.suffix.lower() == ".xlsx" else "csv"
            with errors_path.open("wb") as out:
                write_errors(report.errors, fmt, out)
            self.stdout.write(f"problems written to {errors_path}")
        elapsed = time.monotonic() - started
        self.stdout.write(f"{report.rows:,} rows in {elapsed:.1f} s")
