"""Query terms written as FTS5 and tsquery expressions, with user text always quoted."""

from __future__ import annotations

from zhaoshang.textsearch.analysis import QueryTerm
from zhaoshang.textsearch.syntax import fts5_match, fts5_string, tsquery, tsquery_lexeme


def test_quotes_inside_a_string_are_doubled():
    assert fts5_string('say "OR"') == '"say ""OR"""'
    assert tsquery_lexeme("it's a\\b") == "'it''s a\\\\b'"


def test_a_term_is_a_word_or_a_phrase_of_characters_or_a_pinyin_reading():
    terms = [
        QueryTerm(word="工厂", chars=("工", "厂")),
        QueryTerm(word="sihui", pinyin=(("si", "hui"),)),
    ]
    assert fts5_match(terms) == (
        '({title_terms body_terms} : "工厂" OR {title_terms body_terms} : "工 厂")'
        ' AND ({title_terms body_terms} : "sihui" OR {title_pinyin body_pinyin} : "si hui" *)'
    )
    assert tsquery(terms) == ("('工厂':AB | '工' <-> '厂') & ('sihui':AB | 'si':CD <-> 'hui':*CD)")


def test_no_terms_make_an_empty_expression():
    assert fts5_match([]) == ""
    assert tsquery([]) == ""
