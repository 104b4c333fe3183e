"""Pinyin of enterprise names for search: one reading per character, no tones, lower case.
A plain table lookup (pypinyin's character table): one name at a time, or a column of
names at once (an import)."""

from __future__ import annotations

import os
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa


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
    """'四会市华盛电子' -> 'sihuishihuashengdianzi' (the first reading of each character),
    from the table ``pinyin_column`` uses (so pypinyin is imported only to make it)."""
    index, words = _table_words()
    size = len(index)
    return "".join(words[index[point]] if (point := ord(char)) < size else "" for char in name)


@lru_cache(maxsize=1)
def _table_words() -> tuple[np.ndarray, list[str]]:
    index, syllables = _syllables()
    return index, syllables.to_pylist()


@lru_cache(maxsize=1)
def _syllables() -> tuple[np.ndarray, pa.Array]:
    """Every code point up to the last with a reading: the index of its syllable (as
    ``_syllable`` gives it) in the array of syllables. Kept in a file (``_table_file``)
    once made: importing pypinyin and making the table takes 0.6 s, which an import of a
    large file otherwise spends before its first block, and reading the file 2 ms."""
    import numpy as np
    import pyarrow as pa

    kept = _table_file()
    if kept is not None:
        try:
            with np.load(kept, allow_pickle=False) as stored:
                index, names = stored["index"], stored["syllables"]
                if index.ndim == 1 and names.ndim == 1 and int(index.max()) < len(names):
                    return index.astype(np.int32), pa.array(names.tolist(), pa.string())
        except (OSError, ValueError, KeyError):
            pass  # missing or damaged: made again
    index, syllables = _syllables_made()
    if kept is not None:
        try:
            kept.parent.mkdir(parents=True, exist_ok=True)
            writer = f"{os.getpid()}-{threading.get_ident()}"  # one name per writer
            partial = kept.with_name(f"{kept.name}.{writer}.partial.npz")
            np.savez(partial, index=index, syllables=np.array(syllables.to_pylist()))
            os.replace(partial, kept)  # whole or not at all, whoever writes it at once
        except OSError:
            pass  # a read-only place: made again next time
    return index, syllables


def _table_file() -> Path | None:
    """Where the table is kept: the var directory's, named by pypinyin's version (another
    version may read another way); None outside the application (no settings)."""
    from importlib.metadata import version

    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    try:
        var = Path(settings.VAR_DIR)
    except (ImproperlyConfigured, AttributeError):
        return None
    return var / "tables" / f"pinyin-{version('pypinyin')}-{_TABLE_FORM}.npz"


_TABLE_FORM = 1  # raised when the table's content or layout changes


def _syllables_made() -> tuple[np.ndarray, pa.Array]:
    import numpy as np
    import pyarrow as pa
    from pypinyin.pinyin_dict import pinyin_dict

    index = np.zeros(max(pinyin_dict) + 1, dtype=np.int32)  # 0: the empty syllable
    syllables = [""]
    known: dict[str, int] = {"": 0}
    for point in (*range(128), *pinyin_dict):
        syllable = _syllable(chr(point))
        if syllable not in known:
            known[syllable] = len(syllables)
            syllables.append(syllable)
        index[point] = known[syllable]
    return index, pa.array(syllables, pa.string())


def pinyin_column(names: pa.Array) -> pa.Array:
    """``name_pinyin`` of each name of an Arrow string array (no nulls), in NumPy and Arrow
    kernels: the names' UTF-8 is decoded to code points, each looked up in one table, and
    each name's syllables joined."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    index, syllables = _syllables()
    names = names.cast(pa.large_string()) if names.type != pa.large_string() else names
    count = len(names)
    offsets = np.frombuffer(names.buffers()[1], dtype=np.int64)[names.offset :][: count + 1]
    data = np.frombuffer(names.buffers()[2] or b"", dtype=np.uint8)[offsets[0] : offsets[-1]]
    data = np.concatenate([data, np.zeros(3, dtype=np.uint8)]).astype(np.uint32)
    starts = np.flatnonzero((data[:-3] & 0xC0) != 0x80)  # the first byte of each character
    first = data[starts]
    second, third, fourth = (data[starts + k] & 0x3F for k in (1, 2, 3))
    points = np.where(
        first < 0x80,
        first,
        np.where(
            first < 0xE0,
            ((first & 0x1F) << 6) | second,
            np.where(
                first < 0xF0,
                ((first & 0x0F) << 12) | (second << 6) | third,
                ((first & 0x07) << 18) | (second << 12) | (third << 6) | fourth,
            ),
        ),
    )
    looked_up = np.zeros(len(points), dtype=np.int32)
    inside = points < len(index)
    looked_up[inside] = index[points[inside]]
    # Each name's first character: the characters that start before its first byte.
    bounds = np.searchsorted(starts, offsets - offsets[0]).astype(np.int32)
    pieces = pa.ListArray.from_arrays(pa.array(bounds), syllables.take(pa.array(looked_up)))
    return pc.binary_join(pieces, "")
