"""What becomes a search term, and what a query asks for."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from zhaoshang.textsearch.analysis import (
    MAX_FIELD_BYTES,
    MAX_TERM_CHARS,
    QueryTerm,
    analyse,
    index_terms,
    query_terms,
)
from zhaoshang.textsearch.pinyin import SYLLABLES

# One term reads back as one token: FTS5's ascii tokenizer splits on ASCII non-alphanumerics.
ONE_TOKEN = re.compile(r"(?:[a-z0-9]|[^\x00-\x7f])+")


def test_traditional_and_simplified_text_give_the_same_terms():
    assert index_terms("四會市的工廠") == index_terms("四会市的工厂")


def test_plural_and_singular_english_words_share_a_stem():
    assert index_terms("factories") == index_terms("factory") == ["factori"]


def test_case_and_full_width_letters_do_not_matter():
    assert index_terms("ＦＡＣＴＯＲＹ Factory") == ["factori", "factori"]


def test_stop_words_and_punctuation_are_not_indexed():
    assert index_terms("The park, and the port!") == ["park", "port"]


def test_thousands_separators_are_dropped_from_numbers():
    assert index_terms("9,000 enterprises in 2024") == ["9000", "enterpris", "2024"]


def test_chinese_is_indexed_as_words_and_as_single_characters():
    words = analyse("四会市投资促进中心").words
    assert {"四会", "四会市", "投资", "促进", "中心"} <= set(words)
    assert {"四", "会", "市", "投"} <= set(words)


def test_chinese_is_indexed_with_one_pinyin_syllable_per_character():
    assert analyse("四會市投资").pinyin == ("si", "hui", "shi", "tou", "zi")


def test_a_character_gets_the_reading_its_word_gives_it():
    assert analyse("四会").pinyin == ("si", "hui")
    assert analyse("会计").pinyin == ("kuai", "ji")


def test_an_ascii_query_word_is_also_read_as_pinyin_whatever_its_case_or_tones():
    assert query_terms("Sihui") == [QueryTerm(word="sihui", pinyin=(("si", "hui"),))]
    assert query_terms("Sìhuì")[0].pinyin == (("si", "hui"),)
    assert query_terms("lü")[0].pinyin == (("lv",),)


def test_an_ascii_query_word_may_read_as_pinyin_in_several_ways():
    assert {("xian",), ("xi", "an"), ("xia", "n")} <= set(query_terms("xian")[0].pinyin)
    assert ("xi", "an", "xi", "an") in query_terms("xianxian")[0].pinyin


def test_an_english_word_that_is_no_pinyin_has_no_reading():
    assert query_terms("factory")[0].pinyin == ()


def test_a_chinese_query_word_can_also_match_as_a_phrase_of_its_characters():
    assert query_terms("工廠") == [QueryTerm(word="工厂", chars=("工", "厂"))]


def test_a_query_of_punctuation_and_stop_words_has_no_terms():
    assert query_terms(' "*" : & ! ( ) the of ， 。') == []


def test_a_repeated_query_word_counts_once():
    assert query_terms("factory FACTORY Factory") == [QueryTerm(word="factori")]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_every_term_of_any_text_is_one_bounded_token(text):
    for term in index_terms(text):
        assert ONE_TOKEN.fullmatch(term), term
        assert len(term) <= MAX_TERM_CHARS
    for query_term in query_terms(text):
        syllables = [s for reading in query_term.pinyin for s in reading]
        for value in (query_term.word, *query_term.chars, *syllables):
            assert ONE_TOKEN.fullmatch(value), value


def test_every_reading_pypinyin_gives_is_a_syllable_a_query_can_spell():
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    readings = {to_normal(r) for value in pinyin_dict.values() for r in value.split(",")}
    spelled = {r for r in readings if r.isascii() and r.isalpha()}
    assert spelled - SYLLABLES == {"m", "n", "ng", "hm", "hng"}  # interjections: 呣 嗯 哼


def test_a_long_text_is_indexed_up_to_a_size_limit():
    terms = analyse("factory " * 100_000 + "zebra").words
    assert len(" ".join(terms).encode()) <= MAX_FIELD_BYTES
    assert "zebra" not in terms
