"""Re-extract translatable messages (GNU gettext's xgettext) and fill the English catalogue.

English is the source language, so its translations are the messages themselves; the
Chinese catalogues are translated by people and checked by tests/core/test_catalogues.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

LOCALES = ["en", "zh_Hans", "zh_Hant"]
IGNORED = [".venv/*", "var/*", "tests/*", "bench/*", "build/*"]


def english_fill(path: Path) -> int:
    """Give every untranslated English entry its own message; return how many."""
    catalogue = polib.pofile(str(path))
    filled = 0
    for entry in catalogue:
        if entry.obsolete or entry.translated():
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if entry.fuzzy:
            entry.flags.remove("fuzzy")
        filled += 1
    catalogue.save(str(path))
    return filled


class Command(BaseCommand):
    help = "Run makemessages for every language and fill the English catalogue."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command(
            "makemessages",
            locale=LOCALES,
            no_location=True,
            no_obsolete=True,
            ignore_patterns=IGNORED,
            verbosity=0,
        )
        english = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES" / "django.po"
        filled = english_fill(english)
        self.stdout.write(f"catalogues updated; {filled} English entries filled")
