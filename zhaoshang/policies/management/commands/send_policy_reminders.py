from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from zhaoshang.policies.reminders import DAYS_BEFORE, policy_reminders_send


class Command(BaseCommand):
    help = (
        "Remind eligible enterprises that have not applied of policies closing soon "
        "(run daily; each reminder goes out once)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=DAYS_BEFORE)

    def handle(self, *args: Any, **options: Any) -> None:
        sent = policy_reminders_send(days=options["days"])
        self.stdout.write(f"{sent} reminders sent")
