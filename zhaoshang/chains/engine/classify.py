"""Placing an enterprise on the links of chains, with the evidence for each placement.

No Django here. Build one :class:`Classifier` from the chains (it compiles their keywords into
one Aho-Corasick automaton and their classes into a table), then ask it about one enterprise
(:meth:`Classifier.classify`) or about columns of many (:mod:`.bulk`); both give the same
placements.

The rule
--------

An enterprise is placed on a link when **either**

1. its industry class (GB/T 4754-2017, four digits) is one of the link's classes — evidence
   ``class C3841``; **or**
2. a keyword of the link is found, as whole words, in its **main products** in a clause that
   does not only trade (``锂电池`` or ``锂电池生产`` count; ``锂电池销售`` does not) —
   evidence ``products mention 锂电池``; **or**
3. a keyword of the link is found, as whole words, in a **making clause of its business
   scope**: a clause with a making verb (制造, 生产, 加工, 研发, 组装 ...), once the
   headings and boilerplate are removed — evidence ``scope mentions 锂离子电池``. A clause
   that only sells, repairs, rents or serves (电池销售, 日用百货、电池零售, 汽车维修) is not
   evidence: selling is not making; nor is a bare list without a verb in a scope, which in
   real registry text nearly always is a list of goods traded.

Text is folded as search folds it (Traditional to Simplified, full-width to half-width, case).
A Chinese keyword must begin and end at word boundaries of the segmented clause (rjieba, the
segmenter search uses): ``电子`` is not found in ``电子商务``, which is one word. It must also
be the head of its phrase, not a modifier of the next noun: the word after it must be a
verb (制造, 销售 ...), a joining word (的, 及, 和, 等 ...), 产品 or 制品, punctuation or the
clause's end. ``锂离子电池`` counts in ``锂离子电池、电池组的生产`` and ``锂离子电池制造``,
not in ``锂离子电池隔膜`` (a separator) or ``锂电池生产设备``'s ``设备`` ... phrases that a
verb splits are refused with exclusion words. A keyword
written ``不锈钢*`` may begin a longer word (不锈钢管), ``*电池`` may end one. An English
keyword must not touch an ASCII letter or digit on either side (unless starred). A link's
exclusion words cancel a keyword found inside one of them (``太阳能电池`` cancels the ``电池``
in it for the battery cell link).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import ahocorasick

from zhaoshang.chains.engine.model import Chain, Keyword, Link
from zhaoshang.chains.engine.text import (
    Activity,
    Clause,
    activity,
    clauses,
    fold,
    is_tail,
    strip_boilerplate,
)
from zhaoshang.rules.codes import section_of

SCOPE, PRODUCTS, CLASS = "scope", "products", "class"
MAX_TEXT_CHARS = 4000
"""Only this much of a scope or a product list is read (real scopes run to about 1,000)."""
MAX_EVIDENCE = 3
"""Text evidence kept per link and field (the first keywords found)."""


@dataclass(frozen=True)
class Evidence:
    """Why an enterprise sits on a link: its class, or a keyword found in one of its texts."""

    source: str  # "class", "scope" or "products"
    value: str  # the class code with its section ("C3841"), or the keyword as found

    def __str__(self) -> str:
        if self.source == CLASS:
            return f"class {self.value}"
        verb = "mentions" if self.source == SCOPE else "mention"
        return f"{self.source} {verb} {self.value}"


def evidence_parts(text: str) -> list[Evidence]:
    """The evidence a placement keeps (``explain()``'s text) back into its parts, for
    showing it in the reader's language; a part in no known form is kept whole as
    ``Evidence("", part)``."""
    found: list[Evidence] = []
    for part in filter(None, (p.strip() for p in text.split("; "))):
        head, _, rest = part.partition(" ")
        if head == CLASS and rest:
            found.append(Evidence(CLASS, rest))
        elif head == SCOPE and rest.startswith("mentions "):
            found.append(Evidence(SCOPE, rest.removeprefix("mentions ")))
        elif head == PRODUCTS and rest.startswith("mention "):
            found.append(Evidence(PRODUCTS, rest.removeprefix("mention ")))
        else:
            found.append(Evidence("", part))
    return found


@dataclass(frozen=True)
class Placement:
    """An enterprise on one link of one chain, and the evidence (class first, then text)."""

    chain: str
    link: str
    evidence: tuple[Evidence, ...]

    @property
    def by_class(self) -> bool:
        return any(e.source == CLASS for e in self.evidence)

    def explain(self) -> str:
        """The evidence as one English line: ``class C3841; scope mentions 锂离子电池``."""
        return "; ".join(str(e) for e in self.evidence)


@dataclass(frozen=True)
class _Entry:
    """One meaning of an automaton key: a keyword of a link, or an exclusion of a link."""

    link: int
    keyword: Keyword | None  # None: an exclusion word


class Classifier:
    """The compiled form of a set of chains; cheap to query, safe to share between threads
    (it is never changed after construction) and picklable only by rebuilding it."""

    def __init__(self, chains: Sequence[Chain]) -> None:
        self.chains = tuple(chains)
        self.links: tuple[tuple[str, str], ...] = tuple(
            (chain.key, link.key) for chain in self.chains for link in chain.links
        )
        """Every link as (chain key, link key); a link's index here is its id in bulk output."""
        flat: list[Link] = [link for chain in self.chains for link in chain.links]
        self._class_links = _class_table(flat)
        entries: dict[str, list[_Entry]] = {}
        for index, link in enumerate(flat):
            for keyword in link.keywords:
                entries.setdefault(keyword.text, []).append(_Entry(index, keyword))
            for word in link.exclude:
                entries.setdefault(word, []).append(_Entry(index, None))
        automaton = ahocorasick.Automaton()
        for text, found in entries.items():
            automaton.add_word(text, (len(text), tuple(found)))
        automaton.make_automaton()
        self._automaton = automaton

    # --- classes -------------------------------------------------------------------------

    def class_links(self, code: str | None) -> tuple[int, ...]:
        """The ids of the links a 4-digit class (``3841`` or ``C3841``) belongs to."""
        if not code:
            return ()
        digits = code[1:] if code[:1].isalpha() else code
        return self._class_links.get(digits, ())

    # --- text ----------------------------------------------------------------------------

    def text_links(self, text: str | None, source: str) -> dict[int, list[str]]:
        """The links a scope (``source="scope"``) or a product list (``"products"``) is
        evidence of, each with the keywords found (folded, in order, without repeats)."""
        if not text:
            return {}
        folded = fold(text[:MAX_TEXT_CHARS])
        if source == SCOPE:
            folded = strip_boilerplate(folded)
        hits = list(self._automaton.iter(folded))
        if not hits:
            return {}
        keyword_hits: list[tuple[int, int, _Entry]] = []
        excluded: dict[int, list[tuple[int, int]]] = {}
        for end, (length, entries) in hits:
            start = end + 1 - length
            for entry in entries:
                if entry.keyword is None:
                    excluded.setdefault(entry.link, []).append((start, end + 1))
                else:
                    keyword_hits.append((start, end + 1, entry))
        if not keyword_hits:
            return {}
        cut = clauses(folded)
        starts = [clause.start for clause in cut]
        allowed = {Activity.MAKING} if source == SCOPE else {Activity.MAKING, Activity.BARE}
        segments: dict[int, dict[int, str]] = {}
        activities: dict[int, Activity] = {}
        found: dict[int, list[str]] = {}
        taken: dict[int, list[tuple[int, int]]] = {}  # spans of keywords kept, by link
        keyword_hits.sort(key=lambda hit: (hit[0], hit[0] - hit[1]))  # longest first
        for start, end, entry in keyword_hits:
            if any(a <= start and end <= b for a, b in taken.get(entry.link, ())):
                continue  # inside a longer keyword of the same link: 电池 in 锂离子电池
            position = bisect.bisect_right(starts, start) - 1
            if position < 0:
                continue
            clause = cut[position]
            if end > clause.end:
                continue
            kind = activities.get(position)
            if kind is None:
                kind = activities[position] = activity(folded[clause.start : clause.end])
            if kind not in allowed:
                continue
            keyword = entry.keyword
            assert keyword is not None
            if any(a <= start and end <= b for a, b in excluded.get(entry.link, ())):
                continue
            if not _whole(folded, clause, start, end, keyword, segments, position):
                continue
            taken.setdefault(entry.link, []).append((start, end))
            words = found.setdefault(entry.link, [])
            if keyword.text not in words and len(words) < MAX_EVIDENCE:
                words.append(keyword.text)
        return found

    # --- one enterprise ------------------------------------------------------------------

    def classify(
        self,
        industry_code: str | None,
        business_scope: str | None = None,
        main_products: str | None = None,
    ) -> tuple[Placement, ...]:
        """The placements of one enterprise, in the order of the chains' links."""
        evidence: dict[int, list[Evidence]] = {}
        if industry_code:
            digits = industry_code[1:] if industry_code[:1].isalpha() else industry_code
            for link in self.class_links(digits):
                evidence[link] = [Evidence(CLASS, f"{section_of(digits[:2]) or ''}{digits}")]
        for source, text in ((SCOPE, business_scope), (PRODUCTS, main_products)):
            for link, words in self.text_links(text, source).items():
                evidence.setdefault(link, []).extend(Evidence(source, w) for w in words)
        return tuple(
            Placement(*self.links[link], tuple(evidence[link])) for link in sorted(evidence)
        )


def _class_table(links: Sequence[Link]) -> dict[str, tuple[int, ...]]:
    """Every 4-digit class that some link holds, with the ids of the links holding it."""
    table: dict[str, list[int]] = {}
    for index, link in enumerate(links):
        for found in link.classes:
            low, high = int(found.low.first), int(found.high.last)
            for number in range(low, high + 1):
                code = f"{number:04d}"
                if found.contains(code) and index not in table.setdefault(code, []):
                    table[code].append(index)
    return {code: tuple(ids) for code, ids in table.items() if ids}


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _whole(
    folded: str,
    clause: Clause,
    start: int,
    end: int,
    keyword: Keyword,
    segments: dict[int, dict[int, str]],
    position: int,
) -> bool:
    """Whether a keyword found at ``folded[start:end]`` stands as whole words, at the head
    of its phrase."""
    if _is_word_char(folded[start]) or _is_word_char(folded[end - 1]):  # an English keyword
        before = start > 0 and _is_word_char(folded[start - 1])
        after = end < len(folded) and _is_word_char(folded[end])
        return (keyword.suffix or not before) and (keyword.prefix or not after)
    words = segments.get(position)
    if words is None:
        words = _words(folded[clause.start : clause.end], clause.start)
        segments[position] = words
    if not keyword.suffix and start not in words:
        return False
    if keyword.prefix:
        return True
    if end != clause.end and end not in words:
        return False
    following = words.get(end)
    return following is None or is_tail(following)


def _words(text: str, offset: int) -> dict[int, str]:
    """Each word of ``text`` (rjieba's default cut) by where it begins in the whole text;
    the end of the text maps to ""."""
    import rjieba  # on first use: its dictionary is large, and few processes classify

    words = {}
    position = offset
    for word in rjieba.cut(text):
        words[position] = word
        position += len(word)
    words[position] = ""
    return words
