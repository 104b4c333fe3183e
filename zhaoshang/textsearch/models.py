"""The search index: one row per searchable object and language, holding analysed terms.

Rows hold terms (see :mod:`.analysis`), never the original text. The database's own
full-text engine indexes them; migration 0002 sets it up per vendor:

* SQLite: the FTS5 table ``textsearch_indexentry_fts`` (external content, ``ascii``
  tokenizer so that terms are read back unchanged), kept in step by triggers on this table.
  A later migration that makes Django rebuild this table on SQLite drops those triggers and
  must create them again.
* PostgreSQL: a generated ``document`` tsvector column on this table, with a GIN index.
"""

from __future__ import annotations

from django.db import models


class IndexEntry(models.Model):
    """The analysed title and body of one object (``kind`` and ``object_id``) in one language."""

    kind = models.CharField(max_length=50)
    object_id = models.BigIntegerField()
    language = models.CharField(max_length=20)
    title_terms = models.TextField(blank=True, default="")
    title_pinyin = models.TextField(blank=True, default="")
    body_terms = models.TextField(blank=True, default="")
    body_pinyin = models.TextField(blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"], name="textsearch_indexentry_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} ({self.language})"
