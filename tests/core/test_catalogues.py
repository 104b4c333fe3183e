"""The English, Simplified and Traditional Chinese catalogues are complete and sound."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALES = ["en", "zh_Hans", "zh_Hant"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w+)\}")


def catalogue(locale: str) -> polib.POFile:
    path = Path(settings.LOCALE_PATHS[0]) / locale / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"missing catalogue {path}"
    return polib.pofile(str(path))


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_has_no_untranslated_or_fuzzy_entry(locale):
    po = catalogue(locale)
    assert len(po) > 50
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [], f"{locale}: untranslated {untranslated}"
    assert fuzzy == [], f"{locale}: fuzzy {fuzzy}"


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_every_placeholder(locale):
    for entry in catalogue(locale):
        wanted = set(PLACEHOLDER.findall(entry.msgid))
        translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert set(PLACEHOLDER.findall(text)) == wanted, (locale, entry.msgid, text)


def test_all_catalogues_carry_the_same_messages():
    ids = {locale: {e.msgid for e in catalogue(locale)} for locale in LOCALES}
    assert ids["en"] == ids["zh_Hans"] == ids["zh_Hant"]


def test_traditional_catalogue_is_not_simplified_text():
    simplified = {e.msgid: e.msgstr for e in catalogue("zh_Hans")}
    traditional = {e.msgid: e.msgstr for e in catalogue("zh_Hant")}
    for msgid in ("Sign in", "Audit log", "Site settings"):
        assert traditional[msgid] != simplified[msgid], msgid
