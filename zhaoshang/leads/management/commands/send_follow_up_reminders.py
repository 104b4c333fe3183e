"""Remind officers of follow-ups due today or overdue (in-app and by mail). Safe to run
more than once a day: each follow-up is reminded at most once a day."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhaoshang.leads.reminders import follow_up_reminders_send


class Command(BaseCommand):
    help = "Send reminders of due and overdue follow-ups (once per follow-up and day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="remind as of this day (YYYY-MM-DD; default today)")

    def handle(self, *args: Any, **options: Any) -> None:
        day = None
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"--date: “{options['date']}” is not a YYYY-MM-DD date") from exc
        report = follow_up_reminders_send(day=day)
        self.stdout.write(f"follow-ups due: {report.due}; reminders sent: {report.sent}")
