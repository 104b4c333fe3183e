"""Region codes (GB/T 2260) and industry codes (GB/T 4754-2017): containment, exactly.

A region code names a province (``44`` or ``440000``), a prefecture (``4412`` or ``441200``)
or a county (``441284``); it contains every code that starts with its significant digits.

An industry range runs between two endpoints, each a section (``C``), a division (``C13`` or
``13``) or a class (``C1311`` or ``1311``). An enterprise's code is a 4-digit class; a range
contains it when it lies between the first class of the low endpoint and the last class of the
high one, compared as zero-padded text: ``C13..C43`` is ``'1300' <= code <= '4399'``, which
is division 13 to 43 exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from zhaoshang.registry.domain.reference import load_industries, section_of_division


@cache
def sections() -> dict[str, tuple[int, int]]:
    """Each GB/T 4754-2017 section's first and last division, from the registry's data."""
    ranges: dict[str, tuple[int, int]] = {}
    for row in load_industries():
        if row.kind == "division":
            number = int(row.code)
            low, high = ranges.get(row.parent, (number, number))
            ranges[row.parent] = (min(low, number), max(high, number))
    return ranges


def section_of(division: str) -> str | None:
    """The section letter of a two-digit division, or None."""
    try:
        return section_of_division(division)
    except KeyError:
        return None


def region_prefix(code: str) -> str:
    """The significant digits of a region code: ``440000`` -> ``44``, ``441200`` -> ``4412``.
    Raises ValueError for anything but 2, 4 or 6 digits."""
    if not code.isascii() or not code.isdigit() or len(code) not in (2, 4, 6):
        raise ValueError(f"{code!r} is not a region code (2, 4 or 6 digits)")
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def region_contains(prefix: str, code: str) -> bool:
    """``code`` starts with the significant digits ``prefix`` (SQL: a substring equal)."""
    return code.startswith(prefix)


_ENDPOINT = re.compile(r"^([A-Z])?(\d{2}|\d{4})?$")


@dataclass(frozen=True)
class IndustryEndpoint:
    section: str
    digits: str  # "" (a whole section), two (a division) or four (a class)

    @classmethod
    def parse(cls, text: str) -> IndustryEndpoint:
        match = _ENDPOINT.match(text.strip().upper())
        if match is None or not text.strip():
            raise ValueError(
                f"{text!r} is not an industry code (a section A–T, a division like C13, "
                "or a class like C1311)"
            )
        letter, digits = match[1], match[2] or ""
        if letter and letter not in sections():
            raise ValueError(f"{text!r}: there is no section {letter}")
        if digits:
            found = section_of(digits[:2])
            if found is None:
                raise ValueError(f"{text!r}: there is no division {digits[:2]}")
            if letter and letter != found:
                raise ValueError(f"{text!r}: division {digits[:2]} is in section {found}")
            letter = found
        return cls(letter, digits)

    def __str__(self) -> str:
        return f"{self.section}{self.digits}"

    @property
    def first(self) -> str:
        if not self.digits:
            return f"{sections()[self.section][0]:02d}00"
        return self.digits if len(self.digits) == 4 else f"{self.digits}00"

    @property
    def last(self) -> str:
        if not self.digits:
            return f"{sections()[self.section][1]:02d}99"
        return self.digits if len(self.digits) == 4 else f"{self.digits}99"


@dataclass(frozen=True)
class IndustryRange:
    low: IndustryEndpoint
    high: IndustryEndpoint

    @classmethod
    def parse(cls, text: str) -> IndustryRange:
        """``C13..C43``, ``C``, ``C1311``, ``13..43``."""
        low, sep, high = text.partition("..")
        start = IndustryEndpoint.parse(low)
        end = IndustryEndpoint.parse(high) if sep else start
        if start.first > end.last:
            raise ValueError(f"{text!r}: the range is empty ({start} comes after {end})")
        return cls(start, end)

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}..{self.high}"

    def contains(self, code: str) -> bool:
        return len(code) == 4 and code.isdigit() and self.low.first <= code <= self.high.last
