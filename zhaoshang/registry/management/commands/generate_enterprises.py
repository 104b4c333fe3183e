"""Generate realistic enterprises: into the database, or to a CSV or Parquet file."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhaoshang.registry import generator
from zhaoshang.registry.generator.population import region_names, region_weights
from zhaoshang.registry.imports.pipeline import enterprise_records_save


class Command(BaseCommand):
    help = "Generate N enterprises for a seed (deterministic): into the database or --out."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--count", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--out", type=Path, help="a .csv or .parquet file (no database)")
        parser.add_argument(
            "--within", default="44", help="region code prefix, e.g. 4412 for Zhaoqing"
        )
        parser.add_argument("--year", type=int, default=2025, help="year of the figures")

    def handle(self, *args: Any, **options: Any) -> None:
        count: int = options["count"]
        if count <= 0:
            raise CommandError("--count must be a positive number")
        regions = region_weights(options["within"])
        if not regions:
            raise CommandError(f"--within {options['within']}: no such region in Guangdong")
        common = {
            "seed": options["seed"],
            "regions": regions,
            "year": options["year"],
            "region_names": region_names(),
        }
        started = time.monotonic()
        out: Path | None = options["out"]
        if out is None:
            records = generator.generate(count, **common)
            report = enterprise_records_save(records, actor=None)
            written = report.created + report.updated + report.unchanged
        elif out.suffix.lower() == ".parquet":
            written = generator.write_parquet(out, count, **common)
        elif out.suffix.lower() == ".csv":
            written = generator.write_csv(out, count, **common)
        else:
            raise CommandError(f"{out}: the file name must end in .csv or .parquet")
        elapsed = time.monotonic() - started
        self.stdout.write(
            f"{written:,} enterprises in {elapsed:.1f} s ({written / max(elapsed, 1e-9):,.0f}/s)"
        )
