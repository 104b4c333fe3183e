"""Chinese in the reader's script: Simplified text shown to a reader of Traditional Chinese is
converted when shown.

Reference data (GB/T 2260 regions, GB/T 4754 industries), issuing bodies and anything else
written once in Simplified goes through ``in_reader_script`` on its way to a page or a mail,
so there is no second column to keep in step when an officer edits a name or the CSV files
change. The conversion is OpenCC's ``s2tw``: character by character with Taiwan's standard
character forms, but no change of vocabulary. ``s2twp`` would rewrite official names
(通用设备制造业 becomes 通用裝置製造業, 信息化局 becomes 資訊化局), which are names, not prose.
One conversion costs a few microseconds; the results are cached.

Texts that officers write for each other (lead notes, activity summaries) stay as typed:
they are not passed through here.
"""

from __future__ import annotations

from functools import cache, lru_cache

import opencc
from django.utils import translation

TRADITIONAL_LANGUAGES = frozenset({"zh-hant", "zh-tw", "zh-hk", "zh-mo"})


@cache
def _to_traditional() -> opencc.OpenCC:
    return opencc.OpenCC("s2tw")


@lru_cache(maxsize=8192)
def traditional(text: str) -> str:
    """``text`` with every Simplified character in its Traditional form. OpenCC's phrase
    table leaves a character Simplified now and then (化学制品 gives 化學制品), which a second
    pass converts (化學製品), so it runs until nothing changes."""
    converter = _to_traditional()
    for _pass in range(3):
        converted = str(converter.convert(text))
        if converted == text:
            break
        text = converted
    return text


def reads_traditional(language: str | None = None) -> bool:
    """Whether ``language`` (the active one when None) is written in Traditional Chinese."""
    return (language or translation.get_language() or "").lower() in TRADITIONAL_LANGUAGES


def in_reader_script(text: str, language: str | None = None) -> str:
    """``text`` as a reader of ``language`` (the active one when None) should see it."""
    if text and reads_traditional(language):
        return traditional(text)
    return text
