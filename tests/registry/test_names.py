"""The pinyin of names, one at a time (the row path) and a column at a time (the columnar
import): the same syllables either way, for every kind of character a name holds."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest

from zhaoshang.registry import names
from zhaoshang.registry.names import name_pinyin, pinyin_column

NAMES = [
    "四会市华盛电子有限公司",
    "",
    "ABC 贸易 (Vietnam) Co., Ltd.",
    "〇一二",  # a character with a reading outside the main CJK block
    "𠀀𪚥",  # characters beyond the Basic Multilingual Plane (four bytes in UTF-8)
    "emoji 😀, ü é Ｅ１２",  # no reading: left out, as one name at a time leaves them out
    "绿色能源",  # ü written v
]


def by_characters(name: str) -> str:
    """The pinyin of a name made character by character from pypinyin's own table."""
    return "".join(names._syllable(char) for char in name)


def test_a_column_of_names_gets_the_pinyin_each_name_gets_alone():
    column = pa.array(NAMES, pa.string())
    assert pinyin_column(column).to_pylist() == [by_characters(name) for name in NAMES]
    assert [name_pinyin(name) for name in NAMES] == [by_characters(name) for name in NAMES]
    assert name_pinyin("四会市华盛电子") == "sihuishihuashengdianzi"


def test_a_slice_of_a_column_gets_its_own_names_pinyin():
    column = pa.array(NAMES, pa.string()).slice(2, 4)
    assert pinyin_column(column).to_pylist() == [name_pinyin(name) for name in NAMES[2:6]]


@pytest.fixture
def table_in(tmp_path, settings):
    """The pinyin table kept under a var directory of the test's own, made afresh."""
    settings.VAR_DIR = tmp_path
    names._syllables.cache_clear()
    names._table_words.cache_clear()
    yield tmp_path / "tables"
    names._syllables.cache_clear()
    names._table_words.cache_clear()


def test_the_table_kept_in_a_file_gives_the_pinyin_the_table_made_gives(table_in):
    column = pa.array(NAMES, pa.string())
    expected = [name_pinyin(name) for name in NAMES]
    assert pinyin_column(column).to_pylist() == expected  # made, and kept
    (kept,) = table_in.iterdir()
    names._syllables.cache_clear()
    assert pinyin_column(column).to_pylist() == expected  # read from the file
    assert list(table_in.iterdir()) == [kept]  # not made again


def test_a_damaged_table_file_is_made_again(table_in):
    column = pa.array(NAMES, pa.string())
    pinyin_column(column)
    (kept,) = table_in.iterdir()
    kept.write_bytes(b"not a table")
    names._syllables.cache_clear()
    assert pinyin_column(column).to_pylist() == [name_pinyin(name) for name in NAMES]
    with np.load(kept) as stored:  # whole again
        assert stored["index"].shape == names._syllables_made()[0].shape
