"""Load (or reload) the chain files: the shipped ones, or the files named; then, with
--classify, place the registry's enterprises on their links."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhaoshang.chains.classification import placements_rebuild
from zhaoshang.chains.services import chain_save, chains_load_shipped


class Command(BaseCommand):
    help = "Load the shipped chain files (or the files named); notes and decisions are kept."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="*", help="chain files (YAML); none: the shipped ones")
        parser.add_argument(
            "--classify", action="store_true", help="then classify the whole registry"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["files"]:
                chains = []
                for name in options["files"]:
                    path = Path(name)
                    if not path.is_file():
                        raise CommandError(f"{name}: no such file")
                    try:
                        chains.append(chain_save(actor=None, text=path.read_text("utf-8")))
                    except ValidationError as error:
                        raise CommandError(f"{name}: " + "; ".join(error.messages)) from error
            else:
                chains = chains_load_shipped()
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        for chain in chains:
            self.stdout.write(f"{chain.key}: {chain.links.count()} links")
        if options["classify"]:
            count = placements_rebuild()
            self.stdout.write(f"{count} placements")
