"""The typed form of a chain file: a :class:`Chain` of :class:`Link` objects. No Django here.

Every object is frozen; a chain is built only by :func:`.loader.chain_from_text` (or
``chain_from_data``), which validates it first, so a ``Chain`` in hand is always whole:
every ``supplies`` key names a link of the same chain, and an acyclic chain has no cycle.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from zhaoshang.rules.codes import IndustryRange


class Stage(enum.StrEnum):
    """Where a link sits in its chain, from raw materials to end products and services."""

    UPSTREAM = "upstream"
    MIDSTREAM = "midstream"
    DOWNSTREAM = "downstream"


@dataclass(frozen=True)
class Names:
    """A name in the three languages the product ships (keys as in the chain file)."""

    en: str
    zh_hans: str
    zh_hant: str

    def get(self, language: str) -> str:
        """The name for a Django language code (``en``, ``zh-hans``, ``zh-hant``); English
        for any other."""
        key = language.lower().replace("-", "_")
        return {"zh_hans": self.zh_hans, "zh_hant": self.zh_hant}.get(key, self.en)


@dataclass(frozen=True)
class Keyword:
    """A word or phrase that identifies a link in an enterprise's text, in folded form.

    ``text`` must match whole words of the segmented text: ``电池`` is found in
    ``锂离子电池制造`` (锂离子 / 电池 / 制造) but not in ``电池片`` if the segmenter keeps that
    as one word. ``prefix`` (written ``不锈钢*`` in the file) lets the keyword begin a longer
    word (不锈钢管, 不锈钢板); ``suffix`` (``*电池``) lets it end one.
    """

    text: str
    prefix: bool = False
    suffix: bool = False

    @property
    def written(self) -> str:
        """The keyword as the chain file writes it."""
        return f"{'*' if self.suffix else ''}{self.text}{'*' if self.prefix else ''}"


@dataclass(frozen=True)
class Link:
    """One link (环节) of a chain: a kind of product or activity, and the evidence for it."""

    key: str
    stage: Stage
    names: Names
    classes: tuple[IndustryRange, ...]
    """GB/T 4754-2017 classes (or groups, divisions, ranges) whose enterprises sit on the link
    by their registered class alone."""
    keywords_zh: tuple[Keyword, ...]
    keywords_en: tuple[Keyword, ...]
    exclude: tuple[str, ...]
    """Folded words that, in the same clause of a text, cancel a keyword found there
    (``电池片`` for a battery link: solar cells are another link)."""
    supplies: tuple[str, ...]
    """Keys of the links of the same chain that this link's products go into."""

    @property
    def keywords(self) -> tuple[Keyword, ...]:
        return self.keywords_zh + self.keywords_en

    def has_class(self, code: str) -> bool:
        """Whether a 4-digit class code (``3841``, or ``C3841``) belongs to the link."""
        digits = code[1:] if code[:1].isalpha() else code
        return any(found.contains(digits) for found in self.classes)


@dataclass(frozen=True)
class Chain:
    """An industrial chain (产业链): its links and the supply edges between them."""

    key: str
    names: Names
    acyclic: bool
    links: tuple[Link, ...]

    def link(self, key: str) -> Link:
        """The link with ``key``; KeyError if there is none."""
        for link in self.links:
            if link.key == key:
                return link
        raise KeyError(key)

    def customers(self, key: str) -> tuple[Link, ...]:
        """The links that link ``key`` supplies."""
        return tuple(self.link(k) for k in self.link(key).supplies)

    def suppliers(self, key: str) -> tuple[Link, ...]:
        """The links that supply link ``key``."""
        return tuple(link for link in self.links if key in link.supplies)

    def edges(self) -> tuple[tuple[str, str], ...]:
        """Every supply edge as (supplier key, customer key), in file order."""
        return tuple((link.key, to) for link in self.links for to in link.supplies)

    def by_stage(self, stage: Stage) -> tuple[Link, ...]:
        return tuple(link for link in self.links if link.stage is stage)
