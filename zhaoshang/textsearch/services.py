"""Writes to the search index. They join the caller's transaction, so an entry changes iff
the caller's change commits. The index is derived data: no audit event is recorded."""

from __future__ import annotations

from django.db import transaction

from .analysis import analyse
from .models import IndexEntry

_KIND_MAX = IndexEntry._meta.get_field("kind").max_length or 0
_LANGUAGE_MAX = IndexEntry._meta.get_field("language").max_length or 0


def _check_key(kind: str, language: str | None) -> None:
    if not kind or len(kind) > _KIND_MAX:
        raise ValueError(f"kind: must be 1 to {_KIND_MAX} characters, got {kind!r}")
    if language is not None and (not language or len(language) > _LANGUAGE_MAX):
        raise ValueError(f"language: must be 1 to {_LANGUAGE_MAX} characters, got {language!r}")


def search_index_put(*, kind: str, object_id: int, language: str, title: str, body: str) -> None:
    """Index ``title`` and ``body`` for one object in one language, replacing any earlier entry."""
    _check_key(kind, language)
    title_terms, body_terms = analyse(title), analyse(body)
    with transaction.atomic():
        IndexEntry.objects.update_or_create(
            kind=kind,
            object_id=object_id,
            language=language,
            defaults={
                "title_terms": title_terms.words_text,
                "title_pinyin": title_terms.pinyin_text,
                "body_terms": body_terms.words_text,
                "body_pinyin": body_terms.pinyin_text,
            },
        )


def search_index_remove(*, kind: str, object_id: int, language: str | None = None) -> None:
    """Remove an object's entry in ``language``, or in every language when it is None."""
    _check_key(kind, language)
    entries = IndexEntry.objects.filter(kind=kind, object_id=object_id)
    if language is not None:
        entries = entries.filter(language=language)
    with transaction.atomic():
        entries.delete()


def search_index_clear(*, kind: str) -> None:
    """Remove every entry of ``kind`` (before indexing all of them again, say)."""
    _check_key(kind, None)
    with transaction.atomic():
        IndexEntry.objects.filter(kind=kind).delete()
