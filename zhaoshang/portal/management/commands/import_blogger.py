"""Import the Atom file of Blogger's "Back up content"."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhaoshang.portal.blogger import BloggerFileError
from zhaoshang.portal.blogger_import import blogger_import


class Command(BaseCommand):
    help = "Import posts, labels and pages from a Blogger backup (.xml). Safe to rerun."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path, help="the .xml file Blogger wrote")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would change, write nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["backup"]
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror or exc}") from exc
        try:
            report = blogger_import(actor=None, data=data, dry_run=options["dry_run"])
        except BloggerFileError as exc:
            raise CommandError(f"{path}: {exc}; nothing was imported") from exc
        for line in report.lines():
            self.stdout.write(line)
