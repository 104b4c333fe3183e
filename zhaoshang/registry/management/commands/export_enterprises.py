"""Export enterprises to CSV or XLSX, streamed."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhaoshang.registry import exporting
from zhaoshang.registry.selectors import EnterpriseFilter, enterprises


class Command(BaseCommand):
    # Django's system checks import every view to check the URLs: 0.9 s of a million-row
    # import's 17, for nothing this command uses (migrate and the server still run them).
    requires_system_checks: list[str] = []
    help = "Export enterprises (optionally filtered) to a .csv or .xlsx file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path, help="the file to write (.csv or .xlsx)")
        parser.add_argument("--region", default="", help="a prefecture or county code")
        parser.add_argument("--industry", default="", help="a section letter or division")
        parser.add_argument("--chinese-headers", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        suffix = out.suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise CommandError(f"{out}: the file name must end in .csv or .xlsx")
        found = enterprises(
            EnterpriseFilter(region=options["region"], industry=options["industry"])
        )
        language = "zh" if options["chinese_headers"] else "en"
        started = time.monotonic()
        with out.open("wb") as stream:
            if suffix == ".csv":
                rows = exporting.write_csv(found, stream, language)
            else:
                rows = exporting.write_xlsx(found, stream, language)
        self.stdout.write(
            f"{rows:,} enterprises written to {out} in {time.monotonic() - started:.1f} s"
        )
