"""Query terms written in each engine's query language: SQLite FTS5 and PostgreSQL tsquery.

Plain Python, no Django. Every term is quoted as a string in the target language, so no
user input can be read as an operator; the result is passed as one bound parameter.

Both engines index the same columns of analysed terms (see :mod:`.analysis`), and keep
words apart from pinyin: FTS5 by columns, PostgreSQL by weights (A title words, B body
words, C title pinyin, D body pinyin). An ASCII query word matches a
word exactly, or else the syllables it reads as, in a row, the last one as a prefix
(see :mod:`.pinyin`): "men" finds 门 but not "mental".
"""

from __future__ import annotations

from collections.abc import Sequence

from .analysis import QueryTerm

FTS5_WORD_COLUMNS = "{title_terms body_terms}"
FTS5_PINYIN_COLUMNS = "{title_pinyin body_pinyin}"


def fts5_string(text: str) -> str:
    """Quote ``text`` as an FTS5 string (a phrase of the tokens inside)."""
    return '"' + text.replace('"', '""') + '"'


def fts5_match(terms: Sequence[QueryTerm]) -> str:
    """The FTS5 MATCH expression requiring every term; '' when there is none."""
    groups = []
    for term in terms:
        alternatives = [f"{FTS5_WORD_COLUMNS} : {fts5_string(term.word)}"]
        if term.chars:
            alternatives.append(f"{FTS5_WORD_COLUMNS} : {fts5_string(' '.join(term.chars))}")
        alternatives.extend(
            f"{FTS5_PINYIN_COLUMNS} : {fts5_string(' '.join(reading))} *" for reading in term.pinyin
        )
        groups.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(groups)


def tsquery_lexeme(text: str) -> str:
    """Quote ``text`` as one tsquery or tsvector lexeme."""
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(terms: Sequence[QueryTerm]) -> str:
    """The tsquery text requiring every term (cast it with ``::tsquery``); '' when none."""
    groups = []
    for term in terms:
        alternatives = [f"{tsquery_lexeme(term.word)}:AB"]
        if term.chars:
            alternatives.append(" <-> ".join(tsquery_lexeme(char) for char in term.chars))
        alternatives.extend(_tsquery_reading(reading) for reading in term.pinyin)
        groups.append("(" + " | ".join(alternatives) + ")")
    return " & ".join(groups)


def _tsquery_reading(reading: tuple[str, ...]) -> str:
    """Syllables in a row among the pinyin lexemes, the last one matched as a prefix."""
    *whole, last = reading
    return " <-> ".join(
        [*(f"{tsquery_lexeme(s)}:CD" for s in whole), f"{tsquery_lexeme(last)}:*CD"]
    )
