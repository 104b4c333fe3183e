"""Import parcels, buildings or parks from a CSV, XLSX or GeoJSON file: each record is
checked by the same services as the officers' forms and upserted by its key (parcel number,
building code, park slug). Prints the counts and the problems; exits with status 1 when a
record was refused (the others are imported) or the file could not be read at all."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhaoshang.sites.imports.fields import KINDS
from zhaoshang.sites.imports.pipeline import COORDS, sites_import
from zhaoshang.sites.imports.read import SiteFileError


class Command(BaseCommand):
    help = (
        "Import parcels, buildings or parks (CSV, XLSX or GeoJSON); records are upserted by "
        "parcel number, building code or park slug, and unchanged ones are left alone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--dry-run", action="store_true", help="check every record and write nothing"
        )
        parser.add_argument(
            "--coords",
            choices=COORDS,
            default=COORDS[0],
            help="the coordinate system of the file's points and outlines (default wgs84)",
        )
        parser.add_argument(
            "--kind",
            choices=KINDS,
            help="what the records are; without it, told by the key column "
            "(parcel number, building code or park slug)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            with path.open("rb") as stream:
                report = sites_import(
                    actor=None,
                    stream=stream,
                    filename=path.name,
                    kind=options["kind"],
                    coords=options["coords"],
                    dry_run=options["dry_run"],
                )
        except SiteFileError as exc:
            hint = " (give --kind)" if exc.problem == "no_kind" else ""
            raise CommandError(f"{path}: {exc.message()}{hint}; nothing was imported") from exc
        for line in report.lines():
            self.stdout.write(line)
        if report.refused:
            raise CommandError(
                f"{report.refused} record(s) refused; the others were "
                + ("checked" if report.dry_run else "imported"),
                returncode=1,
            )
