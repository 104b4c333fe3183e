"""Load the demo data of every app (idempotent)."""

from __future__ import annotations

import importlib
import os
import secrets
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.test.utils import override_settings

DISCARD_MAIL = "django.core.mail.backends.dummy.EmailBackend"


def demo_password_default() -> str:
    return os.environ.get("ZHAOSHANG_DEMO_PASSWORD") or secrets.token_urlsafe(12)


class Command(BaseCommand):
    help = "Load the demo data (the Sihui center, demo accounts, ...). Safe to run twice."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--demo-password",
            default=None,
            help="password of new demo accounts (default: ZHAOSHANG_DEMO_PASSWORD or random)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["demo_password"] or demo_password_default()
        try:
            # Demo pushes and reminders notify demo users; their mail goes nowhere.
            with override_settings(EMAIL_BACKEND=DISCARD_MAIL), transaction.atomic():
                for config in apps.get_app_configs():
                    if not config.name.startswith("zhaoshang."):
                        continue
                    try:
                        module = importlib.import_module(f"{config.name}.demo")
                    except ModuleNotFoundError:
                        continue
                    module.load(demo_password=password, out=self.stdout)
        except ValidationError as exc:
            raise CommandError(f"demo data not loaded: {exc}") from exc
