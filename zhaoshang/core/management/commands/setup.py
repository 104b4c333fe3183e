"""First-run set-up: an administrator, the demo data on an empty database, how to sign in.

``make run`` calls this after ``migrate``. It is quick and changes nothing on later runs.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from zhaoshang.core.demo import DEMO_ACCOUNTS
from zhaoshang.core.management.commands.load_demo import demo_password_default
from zhaoshang.core.models import User
from zhaoshang.core.roles import Role
from zhaoshang.core.services import user_create

ADMIN_USERNAME = "admin"


class Command(BaseCommand):
    help = "Create the administrator and load the demo data on the first run; print how to sign in."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="where the site runs")
        parser.add_argument("--no-demo", action="store_true", help="do not load the demo data")

    def handle(self, *args: Any, **options: Any) -> None:
        url = options["url"].rstrip("/")
        self._record_site_url(url)
        fresh = not User.objects.exists()
        admin_password: str | None = None
        demo_password: str | None = None
        if not User.objects.filter(is_superuser=True).exists():
            admin_password = os.environ.get("ZHAOSHANG_ADMIN_PASSWORD") or secrets.token_urlsafe(12)
            try:
                with transaction.atomic():
                    user_create(
                        actor=None,
                        username=ADMIN_USERNAME,
                        password=admin_password,
                        first_name="Administrator",
                        roles=[Role.ADMINISTRATOR],
                    )
            except ValidationError as exc:
                raise CommandError(
                    "ZHAOSHANG_ADMIN_PASSWORD is not accepted: " + " ".join(exc.messages)
                ) from exc
        if fresh and not options["no_demo"]:
            demo_password = demo_password_default()
            call_command("load_demo", demo_password=demo_password, stdout=self.stdout)
        self._print_sign_in(url, admin_password, demo_password)

    def _record_site_url(self, url: str) -> None:
        """Keep the served address for links in mail, unless SITE_URL is set in the
        environment (then that is where readers reach the site)."""
        if os.environ.get("SITE_URL"):
            return
        if not url.startswith(("http://", "https://")):
            raise CommandError(f"--url must start with http:// or https://, not {url!r}")
        settings.SITE_URL_FILE.write_text(url + "\n", encoding="utf-8")
        settings.SITE_URL = url

    def _print_sign_in(
        self, url: str, admin_password: str | None, demo_password: str | None
    ) -> None:
        out = self.stdout
        out.write("")
        out.write(self.style.SUCCESS(f"Zhaoshang: {url}/"))
        out.write(f"Sign in at {url}/en/account/sign-in/")
        if admin_password is not None:
            out.write(f"  administrator: {ADMIN_USERNAME} / {admin_password}")
            out.write("  (shown this once; keep it somewhere safe)")
        else:
            out.write(
                f"  administrator: {ADMIN_USERNAME}, with the password printed on the first run"
                f" (set a new one: .venv/bin/zhaoshang changepassword {ADMIN_USERNAME})"
            )
        demo_users = [u for u, *_rest in DEMO_ACCOUNTS if User.objects.filter(username=u).exists()]
        if demo_users:
            names = ", ".join(demo_users)
            if demo_password is not None:
                out.write(f"  demo accounts: {names}, each with password {demo_password}")
            else:
                out.write(f"  demo accounts: {names}, with the demo password of the first run")
        out.write("")
