"""Evaluate a policy rule over a Parquet snapshot; the logic is zhaoshang.rules.cli."""

from __future__ import annotations

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhaoshang.rules import cli


class Command(BaseCommand):
    help = "Count (and list) the enterprises a rule makes eligible in a Parquet snapshot."

    def add_arguments(self, parser: CommandParser) -> None:
        cli.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            cli.run(argparse.Namespace(**options), self.stdout)
        except cli.UsageError as error:
            raise CommandError(str(error)) from None
