"""Reads from the search index: ranked full-text search, and snippets to show with hits.

Ranking comes from the database's own full-text engine, with a title match worth
``TITLE_WEIGHT`` times a body match:

* SQLite: FTS5's ``bm25()`` (negated, so that a higher score is better).
* PostgreSQL: ``ts_rank_cd`` (cover density) with a weight per field, normalised by the
  log of the entry's length. PostgreSQL has no built-in BM25: this rank grows with each
  match and with matches close together, but knows no inverse document frequency.
  (``ts_rank`` is not used: it ignores the weight restrictions of a query, so a pinyin
  alternative such as ``'n':*CD`` would count English words beginning with n.)

Scores order the hits of one search; they are not comparable across searches or engines.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.safestring import SafeString, mark_safe

from . import syntax
from .analysis import highlight, query_terms

TITLE_WEIGHT = 4.0
BODY_WEIGHT = 1.0

_SQLITE_MATCHES = f"""
SELECT e.id, e.kind, e.object_id, e.language,
       -bm25(textsearch_indexentry_fts, {TITLE_WEIGHT}, {TITLE_WEIGHT},
             {BODY_WEIGHT}, {BODY_WEIGHT}) AS score
FROM textsearch_indexentry_fts
JOIN textsearch_indexentry AS e ON e.id = textsearch_indexentry_fts.rowid
WHERE textsearch_indexentry_fts MATCH %s
"""
# The weights of D (body pinyin), C (title pinyin), B (body words) and A (title words).
_PG_WEIGHTS = "{{{body},{title},{body},{title}}}".format(body=BODY_WEIGHT / TITLE_WEIGHT, title=1.0)
_POSTGRESQL_MATCHES = f"""
SELECT e.id, e.kind, e.object_id, e.language,
       ts_rank_cd('{_PG_WEIGHTS}'::float4[], e.document, q, 1) AS score
FROM textsearch_indexentry AS e, CAST(%s AS tsquery) AS q
WHERE e.document @@ q
"""


@dataclass(frozen=True)
class SearchHit:
    """One matching index entry; a higher score is a better match."""

    kind: str
    object_id: int
    language: str
    score: float


@dataclass(frozen=True)
class SearchResults:
    """One page of hits, best first, and how many entries match in all."""

    hits: list[SearchHit]
    total: int


def search(
    query: str,
    *,
    kinds: Sequence[str] | None = None,
    languages: Sequence[str] | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchResults:
    """Find the entries containing every term of ``query``, best first.

    ``kinds`` and ``languages`` keep only entries of those kinds and languages (None: any).
    A query with no terms (empty, only punctuation or stop words) finds nothing.
    """
    if isinstance(kinds, str) or isinstance(languages, str):
        raise TypeError("kinds and languages are sequences of strings, not one string")
    if limit < 0 or offset < 0:
        raise ValueError(f"limit and offset must not be negative, got {limit} and {offset}")
    terms = query_terms(query)
    if not terms or (kinds is not None and not kinds) or (languages is not None and not languages):
        return SearchResults(hits=[], total=0)
    # The system check zhaoshang.E001 refuses any other database at start-up.
    if connection.vendor == "postgresql":
        matches, expression = _POSTGRESQL_MATCHES, syntax.tsquery(terms)
    else:
        matches, expression = _SQLITE_MATCHES, syntax.fts5_match(terms)
    params: list[Any] = [expression]
    for column, values in (("kind", kinds), ("language", languages)):
        if values is not None:
            matches += f" AND e.{column} IN ({', '.join(['%s'] * len(values))})"
            params.extend(values)
    page = (
        "SELECT kind, object_id, language, score, COUNT(*) OVER () "
        f"FROM ({matches}) AS m ORDER BY score DESC, id LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(page, [*params, limit, offset])
        rows = cursor.fetchall()
        if rows:
            total = int(rows[0][4])
        elif offset == 0 and limit > 0:
            total = 0
        else:  # the page is past the last hit, or empty on purpose: count apart
            cursor.execute(f"SELECT COUNT(*) FROM ({matches}) AS m", params)
            total = int(cursor.fetchone()[0])
    hits = [
        SearchHit(kind=k, object_id=int(o), language=la, score=float(s)) for k, o, la, s, _ in rows
    ]
    return SearchResults(hits=hits, total=total)


def search_snippet(text: str, query: str, *, width: int = 180) -> SafeString:
    """``analysis.highlight`` marked safe for templates (it escapes the text itself)."""
    return mark_safe(highlight(text, query, width=width))
