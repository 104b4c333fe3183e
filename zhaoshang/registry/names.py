"""Pinyin of enterprise names for search: one reading per character, no tones, lower case.
A plain table lookup (pypinyin's character table), fast enough for millions of names."""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=65536)
def _syllable(char: str) -> str:
    # Imported on first use: importing any part of pypinyin loads its phrase dictionary.
    from pypinyin.pinyin_dict import pinyin_dict

    readings = pinyin_dict.get(ord(char))
    if readings is None:
        return char.lower() if char.isascii() and char.isalnum() else ""
    first = readings.split(",", 1)[0]
    plain = unicodedata.normalize("NFKD", first)
    return "".join(c for c in plain if not unicodedata.combining(c)).replace("ü", "v")


def name_pinyin(name: str) -> str:
    """'四会市华盛电子' -> 'sihuishihuashengdianzi' (the first reading of each character)."""
    return "".join(_syllable(char) for char in name)


class _PinyinTable(dict[int, str]):
    """``name_pinyin`` as a str.translate table: each character's syllable, looked up the
    first time the character is met."""

    def __missing__(self, key: int) -> str:
        syllable = _syllable(chr(key))
        self[key] = syllable
        return syllable


def pinyin_table() -> dict[int, str]:
    """A table for ``name.translate(table)``, which gives ``name_pinyin(name)`` at C speed:
    for a column of names (an import)."""
    return _PinyinTable()
