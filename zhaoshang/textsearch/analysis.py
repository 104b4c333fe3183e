"""Turning Chinese and English text into search terms, and marking matches in a snippet.

Plain Python, no Django. Text is folded first: NFC, then NFKC and case folding character by
character, then Traditional to Simplified (OpenCC ``t2s``), so that 工廠, 工厂, ＦＡＣＴＯＲＹ and
factory meet. The folded text is cut into runs of Han characters and other words:

* a Han run gives its rjieba search-mode words (四会市 gives 四会 and 四会市) and its single
  characters, which let a query word the indexer segmented differently match as a phrase;
* a Han run also gives its pinyin, one syllable per character, kept apart from the words
  (see :mod:`.pinyin`): "sihui", "Sihui", "si hui" and "sìhuì" all find 四会市, while
  "men" finds 门 but not "mental";
* any other word is Snowball-stemmed (factories and factory give ``factori``) unless it is a
  stop word; numbers are kept, with thousands separators removed (9,000 gives 9000).

Every term is made of letters, digits or non-ASCII word characters only, with no spaces, so
that a space-joined list of terms reads back as the same terms in both database engines.
"""

from __future__ import annotations

import functools
import html
import itertools
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType

import opencc
import snowballstemmer

from . import pinyin

MAX_TERM_CHARS = 60
"""Longer terms are cut to this length (PostgreSQL refuses lexemes over 2 KiB)."""
MAX_FIELD_BYTES = 150_000
"""Each stream of a field keeps terms up to this many UTF-8 bytes (spaces included), about
16,000 Chinese characters or 120 KB of English; the rest is not indexed. PostgreSQL refuses
a tsvector over 1 MiB, and this keeps every entry well below that."""
MAX_QUERY_CHARS = 1000
"""Only this much of a query is read."""
MAX_QUERY_TERMS = 32
"""Only this many query terms are used, so that a query's size stays bounded."""
MIN_PINYIN_PREFIX = 2
"""A shorter ASCII query word is not looked up as pinyin (one letter matches too much)."""

STOP_WORDS = frozenset(
    """
    a an and are as at be but by for if in into is no not of on or such that the their then
    there these they this to was will with s t
    """.split()  # noqa: SIM905 (a list literal would take 34 lines)
)
"""English words too common to index ("it" is kept: IT is a sector)."""

_HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U000323af"
_TOKEN = re.compile(
    rf"(?P<number>(?<![^\W_])[0-9]{{1,3}}(?:,[0-9]{{3}})+(?![^\W_]))"
    rf"|(?P<han>[{_HAN}]+)"
    rf"|(?P<word>(?:(?![{_HAN}])[^\W_])+)"
)
_HAN_RUN = re.compile(f"[{_HAN}]+")
_SPACES = re.compile(r"\s+")
_STEM_LOCK = threading.Lock()


@dataclass(frozen=True)
class FieldTerms:
    """The analysed form of one field: words (then single Han characters) and pinyin."""

    words: tuple[str, ...]
    pinyin: tuple[str, ...]

    @property
    def words_text(self) -> str:
        """The words, space-joined, as stored for the database's full-text index."""
        return " ".join(self.words)

    @property
    def pinyin_text(self) -> str:
        """The pinyin terms, space-joined, as stored for the database's full-text index."""
        return " ".join(self.pinyin)


@dataclass(frozen=True)
class QueryTerm:
    """One thing an entry must contain; any of the alternatives set here satisfies it.

    ``word`` matches a word term exactly; ``chars`` (a Han word of two or more characters)
    matches those characters as a phrase; each reading in ``pinyin`` matches as a phrase
    of syllables whose last one may be unfinished.
    """

    word: str
    chars: tuple[str, ...] = ()
    pinyin: tuple[tuple[str, ...], ...] = ()


def _jieba() -> ModuleType:
    """rjieba, imported on first use: its dictionary takes 30 MiB and half a second, which
    a process that never segments Chinese (a worker, most commands) does not pay."""
    import rjieba

    return rjieba


@functools.cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    return str(_converter().convert(text)) if text else text


@functools.lru_cache(maxsize=65536)
def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char).casefold()
    return unicodedata.normalize("NFKC", folded)


def fold(text: str) -> str:
    """Return ``text`` in the folded form that terms are cut from."""
    text = unicodedata.normalize("NFC", text)
    return _to_simplified("".join(map(_fold_char, text)))


def _fold_with_origin(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` and tell, for each folded character, the index it came from."""
    pieces = [_fold_char(char) for char in text]
    origin = [index for index, piece in enumerate(pieces) for _ in piece]
    folded = "".join(pieces)
    simplified = _to_simplified(folded)
    if len(simplified) != len(folded):  # a phrase changed length: convert one by one
        pieces = [_to_simplified(char) for char in folded]
        origin = [origin[index] for index, piece in enumerate(pieces) for _ in piece]
        simplified = "".join(pieces)
    return simplified, origin


def _tokens(folded: str) -> Iterator[re.Match[str]]:
    return _TOKEN.finditer(folded)


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    with _STEM_LOCK:  # a Snowball stemmer object keeps state between calls
        return str(_stemmer().stemWord(word))


@functools.cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


def _word_term(token: str) -> str | None:
    """The term of a non-Han word, or None for a stop word."""
    if token in STOP_WORDS:
        return None
    return _stem(token)[:MAX_TERM_CHARS]


def _number_term(token: str) -> str:
    return token.replace(",", "")[:MAX_TERM_CHARS]


def analyse(text: str) -> FieldTerms:
    """Return the terms to index for one field of text."""
    words: list[str] = []
    chars: list[str] = []
    syllables: list[str] = []
    for token in _tokens(fold(text)):
        kind, value = token.lastgroup, token.group()
        if kind == "number":
            words.append(_number_term(value))
        elif kind == "word":
            term = _word_term(value)
            if term:
                words.append(term)
        else:
            words.extend(word[:MAX_TERM_CHARS] for word in _jieba().cut_for_search(value))
            chars.extend(value)
            syllables.extend(syllable for _index, syllable in _run_syllables(value))
    return FieldTerms(words=_within_budget(words + chars), pinyin=_within_budget(syllables))


def _within_budget(terms: list[str]) -> tuple[str, ...]:
    """The leading terms that fit in ``MAX_FIELD_BYTES`` once space-joined."""
    used = 0
    for count, term in enumerate(terms):
        used += len(term.encode()) + 1
        if used > MAX_FIELD_BYTES + 1:
            return tuple(terms[:count])
    return tuple(terms)


def _run_syllables(run: str) -> list[tuple[int, str]]:
    """Each character of a Han run whose pinyin is known: its index and its syllable.

    Words are read whole, so that a character with several readings gets the one its
    word gives it (会 is hui in 四会, kuai in 会计).
    """
    syllables: list[tuple[int, str]] = []
    for word, start, _end in _jieba().tokenize(run):
        syllables.extend(
            (start + index, syllable)
            for index, syllable in enumerate(pinyin.word_syllables(word))
            if syllable
        )
    return syllables


def index_terms(text: str) -> list[str]:
    """Return every term indexed for ``text``: its words, Han characters and pinyin."""
    terms = analyse(text)
    return [*terms.words, *terms.pinyin]


def query_terms(text: str) -> list[QueryTerm]:
    """Return the terms of a search query, each of which a matching entry must contain.

    A Han run is cut by rjieba's default mode (the longest words), so that a query word
    matches an entry holding that word, or else its characters next to each other.
    """
    terms: list[QueryTerm] = []
    for token in _tokens(fold(text[:MAX_QUERY_CHARS])):
        kind, value = token.lastgroup, token.group()
        if kind == "number":
            terms.append(QueryTerm(word=_number_term(value)))
        elif kind == "word":
            term = _word_term(value)
            if term:
                key = pinyin.spelling(value)[:MAX_TERM_CHARS]
                readings = pinyin.readings(key) if len(key) >= MIN_PINYIN_PREFIX else ()
                terms.append(QueryTerm(word=term, pinyin=readings))
        else:
            for word in _jieba().cut(value):
                chars = tuple(word) if len(word) > 1 else ()
                terms.append(QueryTerm(word=word[:MAX_TERM_CHARS], chars=chars))
    return list(dict.fromkeys(terms))[:MAX_QUERY_TERMS]


def highlight(text: str, query: str, *, width: int = 180) -> str:
    """Return an HTML snippet of ``text`` around the first match of ``query``.

    The text is HTML-escaped and runs of whitespace become one space; matched words are
    wrapped in ``<mark>``, and an ellipsis stands where the text was cut. Matching folds
    script, case and stems as searching does, but the snippet keeps the original
    characters (a query 工厂 marks 工廠). With no match the snippet is the text's start.
    """
    if width < 1:
        raise ValueError("width must be at least 1")
    text = unicodedata.normalize("NFC", _SPACES.sub(" ", text).strip())
    marked = [False] * len(text)
    terms = query_terms(query)
    if terms and text:
        _mark_matches(text, terms, marked)
    return _snippet(text, marked, width)


def _mark_matches(text: str, terms: list[QueryTerm], marked: list[bool]) -> None:
    folded, origin = _fold_with_origin(text)

    def mark(start: int, end: int) -> None:
        for index in range(origin[start], origin[end - 1] + 1):
            marked[index] = True

    for word in {term.word for term in terms if _HAN_RUN.fullmatch(term.word)}:
        start = folded.find(word)
        while start >= 0:
            mark(start, start + len(word))
            start = folded.find(word, start + 1)
    words = {term.word for term in terms}
    readings = [reading for term in terms for reading in term.pinyin]
    for token in _tokens(folded):
        kind, value = token.lastgroup, token.group()
        if (kind == "number" and _number_term(value) in words) or (
            kind == "word" and _word_term(value) in words
        ):
            mark(token.start(), token.end())
        elif kind == "han" and readings:
            _mark_pinyin(value, token.start(), readings, mark)


def _mark_pinyin(
    run: str, offset: int, readings: list[tuple[str, ...]], mark: Callable[[int, int], None]
) -> None:
    """Mark the characters of a Han run that a pinyin reading matches, as the index would."""
    indexed = _run_syllables(run)
    syllables = [syllable for _index, syllable in indexed]
    for reading in readings:
        for start in pinyin.matches(syllables, reading):
            for index, _syllable in indexed[start : start + len(reading)]:
                mark(offset + index, offset + index + 1)


def _snippet(text: str, marked: list[bool], width: int) -> str:
    start, end = _window(text, marked, width)
    parts = ["…"] if start > 0 else []
    for is_marked, group in itertools.groupby(range(start, end), key=marked.__getitem__):
        indices = list(group)
        chunk = html.escape(text[indices[0] : indices[-1] + 1])
        parts.append(f"<mark>{chunk}</mark>" if is_marked else chunk)
    if end < len(text):
        parts.append("…")
    return "".join(parts)


def _window(text: str, marked: list[bool], width: int) -> tuple[int, int]:
    """The slice of ``text`` to show: ``width`` characters, the first match a third in."""
    if len(text) <= width:
        return 0, len(text)
    first = next((index for index, is_marked in enumerate(marked) if is_marked), 0)
    start = max(0, min(first - width // 3, len(text) - width))
    end = start + width
    slack = min(20, width // 4)
    if start > 0 and not text[start - 1].isspace():  # do not begin inside a word
        space = text.find(" ", start, min(first, start + slack))
        if space >= 0:
            start = space + 1
    if end < len(text) and not text[end].isspace():  # do not end inside a word
        space = text.rfind(" ", max(first + 1, end - slack), end)
        if space >= 0:
            end = space
    return start, end
