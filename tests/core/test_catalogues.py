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
    ids = {locale: {(e.msgctxt, e.msgid) for e in catalogue(locale)} for locale in LOCALES}
    assert ids["en"] == ids["zh_Hans"] == ids["zh_Hant"]


def test_traditional_catalogue_is_not_simplified_text():
    simplified = {e.msgid: e.msgstr for e in catalogue("zh_Hans")}
    traditional = {e.msgid: e.msgstr for e in catalogue("zh_Hant")}
    for msgid in ("Sign in", "Audit log", "Site settings"):
        assert traditional[msgid] != simplified[msgid], msgid


# Short words whose meaning depends on what they describe: "open" is a policy open for
# applications (申报中) but an aftercare action still to do (待处理); "new" is an unread
# notification but an enquiry nobody has taken yet.
AMBIGUOUS = {
    "open", "new", "close", "closed", "active", "state", "status", "due", "draft", "done",
    "pending", "published", "scheduled", "archived", "resolved", "in progress", "read",
    "queued", "running", "failed", "paused", "answered", "waiting",
}  # fmt: skip
SOURCE = Path(settings.BASE_DIR) / "zhaoshang"
CHOICE = re.compile(
    r"""^\s*[A-Z_]+\s*=\s*["'][^"']*["']\s*,\s*(?:_|gettext_lazy)\(\s*(["'])(.+?)\1\s*\)"""
)
PY_CALL = re.compile(r"""\b(?:_|gettext|gettext_lazy)\(\s*(["'])(.+?)\1\s*\)""")
TEMPLATE_TAG = re.compile(r"""\{%\s*(?:translate|trans)\s+(["'])(.+?)\1([^%]*)%\}""")


def _uses_without_context() -> dict[str, dict[str, bool]]:
    """For each ambiguous msgid used without a context: the places that use it (a file, or
    a file and the choices class whose state it names), each marked True when it is the
    label of a choice (a state of some thing)."""
    uses: dict[str, dict[str, bool]] = {}
    for path in sorted(SOURCE.rglob("*")):
        if path.suffix not in (".py", ".html", ".txt") or "migrations" in path.parts:
            continue
        where = str(path.relative_to(SOURCE))
        choices_class = ""
        for line in path.read_text(encoding="utf-8").splitlines():
            if path.suffix == ".py":
                heading = re.match(r"\s*class (\w+)\(.*Choices\)", line)
                if heading:
                    choices_class = heading.group(1)
                choice = CHOICE.match(line)
                if choice and choice.group(2).lower() in AMBIGUOUS:
                    uses.setdefault(choice.group(2), {})[f"{where} {choices_class}"] = True
                    continue
                found = [(m.group(2), "") for m in PY_CALL.finditer(line)]
            else:
                found = [(m.group(2), m.group(3)) for m in TEMPLATE_TAG.finditer(line)]
            for msgid, rest in found:
                if msgid.lower() in AMBIGUOUS and "context" not in rest:
                    uses.setdefault(msgid, {}).setdefault(where, False)
    return uses


def test_no_short_ambiguous_word_shares_one_translation_between_meanings():
    """A short word naming a state (a choice label) and used anywhere else without a
    context would get one translation for two meanings: each such use needs pgettext /
    {% translate "..." context "..." %}."""
    clashes = {
        msgid: sorted(places)
        for msgid, places in _uses_without_context().items()
        if len(places) > 1 and any(places.values())
    }
    assert clashes == {}, f"give each meaning its own context: {clashes}"


def test_the_ambiguity_check_sees_a_state_name_reused_elsewhere(tmp_path, monkeypatch):
    """The check above would have caught "open" shared by a policy and an action."""
    models = tmp_path / "models.py"
    models.write_text(
        'class Status(models.TextChoices):\n    OPEN = "open", _("open")\n', encoding="utf-8"
    )
    template = tmp_path / "list.html"
    template.write_text('<td>{% translate "open" %}</td>\n', encoding="utf-8")
    monkeypatch.setattr(f"{__name__}.SOURCE", tmp_path)
    assert _uses_without_context() == {"open": {"models.py Status": True, "list.html": False}}


@pytest.mark.parametrize(
    ("context", "msgid", "simplified", "traditional"),
    [
        ("policy status", "open", "申报中", "申報中"),
        ("unread notification", "new", "未读", "未讀"),
        ("aftercare action status", "open", "待处理", "待處理"),
    ],
)
def test_a_word_with_two_meanings_is_translated_by_its_context(
    context, msgid, simplified, traditional
):
    for locale, wanted in (("zh_Hans", simplified), ("zh_Hant", traditional)):
        entry = catalogue(locale).find(msgid, msgctxt=context)
        assert entry is not None, (locale, context, msgid)
        assert entry.msgstr == wanted, (locale, context, msgid)
