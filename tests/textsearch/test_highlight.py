"""Snippets shown with search hits: matches marked, text escaped, original script kept."""

from __future__ import annotations

import html
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from zhaoshang.textsearch.analysis import highlight


def test_a_simplified_query_marks_the_traditional_original():
    assert highlight("四會市的工廠", "工厂") == "四會市的<mark>工廠</mark>"


def test_a_traditional_query_marks_the_simplified_original():
    assert highlight("四会市的工厂", "工廠") == "四会市的<mark>工厂</mark>"


def test_markup_in_the_text_is_escaped():
    snippet = highlight('<script>alert("x")</script> factory', "factory")
    assert snippet == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>factory</mark>"


def test_an_english_query_marks_other_forms_and_cases_of_the_word():
    assert highlight("Factories and a factory", "FACTORY") == (
        "<mark>Factories</mark> and a <mark>factory</mark>"
    )


def test_a_pinyin_query_marks_the_chinese_name():
    assert highlight("肇庆四會市投資促進中心", "sihui") == "肇庆<mark>四會</mark>市投資促進中心"
    assert highlight("肇庆四會市投資促進中心", "si hui") == "肇庆<mark>四會</mark>市投資促進中心"


def test_a_pinyin_query_marks_a_name_the_segmenter_split():
    assert highlight("歡迎來到四會", "sihui") == "歡迎來到<mark>四會</mark>"


def test_a_long_text_is_cut_around_the_first_match_with_ellipses():
    text = "Before " * 60 + "the new factory opened. " + "After " * 60
    snippet = highlight(text, "factory", width=80)
    assert snippet.startswith("…")
    assert snippet.endswith("…")
    assert "<mark>factory</mark>" in snippet
    assert len(html.unescape(snippet.replace("<mark>", "").replace("</mark>", ""))) <= 82


def test_without_a_match_the_snippet_is_the_start_of_the_text():
    assert highlight("Sihui welcomes investors. " * 20, "zzz", width=30) == (
        "Sihui welcomes investors.…"
    )


def test_runs_of_whitespace_become_one_space():
    assert highlight("one\n\n  two\tfactory", "factory") == "one two <mark>factory</mark>"


MIXED = st.text(alphabet=st.sampled_from([*"四會会市工廠厂投資资 sihuFactory<>&\"'…\n", "ß", "ﬁ"]))


@settings(max_examples=200, deadline=None)
@given(
    text=st.one_of(st.text(), MIXED),
    query=st.one_of(st.text(), MIXED),
    width=st.integers(1, 300),
)
def test_a_snippet_of_any_text_is_escaped_and_taken_from_the_text(text, query, width):
    snippet = highlight(text, query, width=width)
    plain = snippet.replace("<mark>", "").replace("</mark>", "")
    assert "<" not in plain
    assert ">" not in plain
    shown = html.unescape(plain).strip("…")
    assert shown in unicodedata.normalize("NFC", " ".join(text.split()))
