"""The pinyin of names, one at a time (the row path) and a column at a time (the columnar
import): the same syllables either way, for every kind of character a name holds."""

from __future__ import annotations

import pyarrow as pa

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


def test_a_column_of_names_gets_the_pinyin_each_name_gets_alone():
    column = pa.array(NAMES, pa.string())
    assert pinyin_column(column).to_pylist() == [name_pinyin(name) for name in NAMES]
    assert name_pinyin("四会市华盛电子") == "sihuishihuashengdianzi"


def test_a_slice_of_a_column_gets_its_own_names_pinyin():
    column = pa.array(NAMES, pa.string()).slice(2, 4)
    assert pinyin_column(column).to_pylist() == [name_pinyin(name) for name in NAMES[2:6]]
