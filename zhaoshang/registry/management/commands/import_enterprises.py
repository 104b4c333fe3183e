"""Import enterprises from a CSV or XLSX file, showing progress in the terminal."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhaoshang.registry import selectors
from zhaoshang.registry.imports.formats import TableFileError
from zhaoshang.registry.imports.mapping import (
    ColumnMapping,
    MappingError,
    header_row_of,
    mapping_from_json,
    mapping_from_saved,
    suggest_for_file,
)
from zhaoshang.registry.imports.models import ImportMapping
from zhaoshang.registry.imports.pipeline import enterprise_import
from zhaoshang.registry.table_writing import write_errors


class Command(BaseCommand):
    # Django's system checks import every view to check the URLs: 0.9 s of a million-row
    # import's 17, for nothing this command uses (migrate and the server still run them).
    requires_system_checks: list[str] = []
    help = (
        "Import enterprises (CSV in UTF-8 or GB18030, or XLSX); rows are upserted by credit code."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="show what would change")
        parser.add_argument(
            "--errors", type=Path, help="write the problems to this .csv or .xlsx file"
        )
        parser.add_argument(
            "--mapping",
            help="the column mapping: the name of one saved on the import page, or a .json "
            'file such as {"header_row": 3, "columns": {"B": "name", "D": "uscc"}}; '
            "without it, the mapping suggested from the headers and values",
        )
        parser.add_argument("--header-row", type=int, help="the line of the header row")
        parser.add_argument(
            "--no-header", action="store_true", help="the file has no header row: map by values"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        started = time.monotonic()
        tty = sys.stderr.isatty()
        mapping = self._mapping(path, options)
        self.stdout.write(f"header row: {mapping.header_row or 'none'}")
        for column in range(mapping.width):
            target = mapping.fields[column] or (
                "personal data, not stored" if column in mapping.personal else "ignored"
            )
            self.stdout.write(f"  column {mapping.column_name(column)} -> {target}")

        def progress(done: int) -> None:
            rate = done / max(time.monotonic() - started, 1e-6)
            text = f"\r{done:,} rows done ({rate:,.0f} rows/s)"
            if tty:
                sys.stderr.write(text)
                sys.stderr.flush()

        try:
            report = enterprise_import(
                actor=None,
                path=path,
                mapping=mapping,
                dry_run=options["dry_run"],
                progress=progress,
                live_progress=True,
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

    def _mapping(self, path: Path, options: dict[str, Any]) -> ColumnMapping:
        """The mapping the options give, checked against the file; CommandError naming the
        option and the part at fault."""
        header_row: int | None = 0 if options["no_header"] else options["header_row"]
        given = options["mapping"]
        data: Any = None
        saved = None
        if given and given.lower().endswith(".json"):
            try:
                data = json.loads(Path(given).read_text(encoding="utf-8"))
                from_file = header_row_of(data)
            except (OSError, ValueError) as exc:
                message = exc.message() if isinstance(exc, MappingError) else str(exc)
                raise CommandError(f"--mapping {given}: {message}") from exc
            header_row = from_file if header_row is None else header_row
        elif given:
            saved = ImportMapping.objects.filter(name=given).first()
            if saved is None:
                names = ", ".join(m.name for m in selectors.import_mappings()[:20]) or "none"
                raise CommandError(f"--mapping: no saved mapping is named {given!r} ({names})")
            header_row = saved.header_row if header_row is None else header_row
        if header_row is not None and header_row < 0:
            raise CommandError("--header-row: must be 0 or more")
        try:
            with path.open("rb") as stream:
                suggestion = suggest_for_file(stream, path.name, header_row=header_row)
            if saved is not None:
                return mapping_from_saved(suggestion, saved.fields, suggestion.header_row)
            if data is not None:
                return mapping_from_json(data, suggestion)
            mapping = suggestion.mapping()
            mapping.check()
            return mapping
        except TableFileError as exc:
            raise CommandError(f"{path}: {exc}; nothing was imported") from exc
        except MappingError as exc:
            where = "--header-row" if exc.where == "header_row" else "--mapping"
            raise CommandError(f"{where}: {exc}; nothing was imported") from exc
