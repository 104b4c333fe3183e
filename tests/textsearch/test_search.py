"""Searching the index on the database's full-text engine (SQLite FTS5 or PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils.safestring import SafeString
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhaoshang.textsearch.analysis import analyse, query_terms
from zhaoshang.textsearch.selectors import search, search_snippet
from zhaoshang.textsearch.services import (
    search_index_clear,
    search_index_put,
    search_index_remove,
)

pytestmark = pytest.mark.django_db


def put(object_id: int, title: str, body: str = "", *, kind: str = "post", language: str = "en"):
    search_index_put(kind=kind, object_id=object_id, language=language, title=title, body=body)


def found(query: str, **filters) -> list[int]:
    return [hit.object_id for hit in search(query, **filters).hits]


def test_a_simplified_query_finds_traditional_text_and_back():
    put(1, "四會市的工廠", language="zh-hant")
    put(2, "肇庆的工厂", language="zh-hans")
    assert sorted(found("工厂")) == [1, 2]
    assert sorted(found("工廠")) == [1, 2]


@pytest.mark.parametrize("query", ["sihui", "Sihui", "SIHUI", "si hui", "sìhuì", "sihuishi"])
def test_pinyin_finds_a_chinese_name(query):
    put(1, "四会市投资促进中心", language="zh-hans")
    put(2, "肇庆市投资促进局", language="zh-hans")
    assert found(query) == [1]


def test_pinyin_finds_traditional_text_and_a_name_on_its_own():
    put(1, "歡迎來到四會", language="zh-hant")
    put(2, "四会", language="zh-hans")
    assert sorted(found("sihui")) == [1, 2]


def test_pinyin_matches_chinese_text_only_and_english_words_whole():
    put(1, "Mental health at work")
    put(2, "大门", language="zh-hans")
    assert found("men") == [2]
    assert found("damen") == [2]
    assert found("mental") == [1]


def test_an_english_word_finds_its_other_forms():
    put(1, "A new factory in Sihui")
    put(2, "Factories moving from Vietnam")
    assert sorted(found("factories")) == [1, 2]
    assert sorted(found("FACTORY")) == [1, 2]


def test_a_chinese_word_is_found_inside_longer_text_and_by_its_parts():
    put(1, "广东省高质量发展大会在深圳召开", language="zh-hans")
    assert found("高质量发展") == [1]
    assert found("发展大会") == [1]
    assert found("质量") == [1]
    assert found("深") == [1]


def test_every_query_term_must_match():
    put(1, "Sihui factory land")
    put(2, "Sihui tea")
    assert found("Sihui factory") == [1]
    assert found("factory tea") == []


def test_a_title_match_ranks_above_a_body_only_match():
    put(1, "News of the week", "A new factory opens in the industrial park.")
    put(2, "A new factory opens", "News of the week in the industrial park.")
    hits = search("factory").hits
    assert [hit.object_id for hit in hits] == [2, 1]
    assert hits[0].score > hits[1].score


def test_a_query_word_that_also_reads_as_pinyin_ranks_title_matches_first():
    put(1, "Port news", "A word on relocation support.")
    put(2, "Relocation support", "Details.")
    hits = search("relocation").hits
    assert [hit.object_id for hit in hits] == [2, 1]


def test_a_removed_entry_is_no_longer_found():
    put(1, "Sihui factory", language="en")
    put(1, "四会工厂", language="zh-hans")
    put(2, "Another factory")
    search_index_remove(kind="post", object_id=1, language="en")
    assert found("factory") == [2]
    assert found("工厂") == [1]
    search_index_remove(kind="post", object_id=1)
    assert found("工厂") == []


def test_putting_an_entry_again_replaces_it():
    put(1, "Old title about tea")
    put(1, "New title about factories")
    assert found("tea") == []
    assert found("factory") == [1]
    assert search("factory").total == 1


def test_clearing_a_kind_leaves_other_kinds():
    put(1, "Sihui factory", kind="post")
    put(1, "Sihui factory", kind="policy")
    search_index_clear(kind="post")
    assert [(hit.kind, hit.object_id) for hit in search("factory").hits] == [("policy", 1)]


def test_kinds_and_languages_filter_the_hits():
    put(1, "Sihui factory", kind="post", language="en")
    put(2, "Sihui factory", kind="policy", language="en")
    put(3, "四会工厂 Sihui", kind="post", language="zh-hans")
    assert sorted(found("sihui", kinds=["post"])) == [1, 3]
    assert found("sihui", kinds=["post"], languages=["zh-hans"]) == [3]
    assert sorted(found("sihui", languages=["en", "zh-hant"])) == [1, 2]
    assert found("sihui", kinds=[]) == []


def test_pages_of_hits_share_one_total():
    for object_id in range(1, 6):
        put(object_id, f"Factory number {object_id}")
    first, second, beyond = (search("factory", limit=2, offset=n) for n in (0, 2, 10))
    assert [len(first.hits), len(second.hits), len(beyond.hits)] == [2, 2, 0]
    assert first.total == second.total == beyond.total == 5
    assert not {h.object_id for h in first.hits} & {h.object_id for h in second.hits}


@pytest.mark.parametrize("query", ["", "   ", "，。！", "the of and", '"*:&!'])
def test_a_query_without_terms_finds_nothing(query):
    put(1, "The factory, of course!")
    assert search(query).hits == []
    assert search(query).total == 0


def test_an_entry_is_written_only_if_the_callers_transaction_commits():
    def change_that_fails() -> None:
        with transaction.atomic():
            put(1, "Sihui factory")
            raise RuntimeError("the caller's change fails")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert found("factory") == []


def test_a_snippet_for_a_template_is_safe_and_escaped():
    snippet = search_snippet("<b>四會</b>", "sihui")
    assert isinstance(snippet, SafeString)
    assert snippet == "&lt;b&gt;<mark>四會</mark>&lt;/b&gt;"


def test_a_long_text_can_be_indexed_and_its_start_found():
    put(1, "Report", "factory " * 100_000 + "zebra")
    assert found("factory") == [1]
    assert found("zebra") == []


def test_bad_arguments_are_refused_with_the_reason():
    with pytest.raises(ValueError, match="kind"):
        search_index_put(kind="", object_id=1, language="en", title="t", body="b")
    with pytest.raises(ValueError, match="language"):
        search_index_put(kind="post", object_id=1, language="", title="t", body="b")
    with pytest.raises(TypeError, match="kinds"):
        search("factory", kinds="post")
    with pytest.raises(ValueError, match="limit"):
        search("factory", limit=-1)


COMMON = (  # frequent characters, all with a known pinyin
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产"
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), text=st.text(alphabet=COMMON, min_size=1, max_size=40))
def test_any_piece_of_chinese_text_finds_it_however_it_was_segmented(data, text):
    start = data.draw(st.integers(0, len(text) - 1))
    piece = text[start : start + data.draw(st.integers(1, 6))]
    search_index_clear(kind="probe")
    search_index_put(kind="probe", object_id=1, language="zh-hans", title="", body=text)
    assert [hit.object_id for hit in search(piece, kinds=["probe"]).hits] == [1]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data(), text=st.text(alphabet=COMMON, min_size=1, max_size=40))
def test_the_pinyin_of_any_few_characters_in_a_row_finds_the_text(data, text):
    syllables = analyse(text).pinyin
    start = data.draw(st.integers(0, len(syllables) - 1))
    spelled = "".join(syllables[start : start + data.draw(st.integers(1, 3))])
    search_index_clear(kind="probe")
    search_index_put(kind="probe", object_id=1, language="zh-hans", title=text, body="")
    assert [hit.object_id for hit in search(spelled, kinds=["probe"]).hits] == [1], spelled


HOSTILE = [
    '"',
    '"factory',
    "factory*",
    "* OR *",
    "NEAR(factory sihui)",
    "NEAR(",
    "title_terms: factory",
    "{title_pinyin}: si",
    "factory & !sihui | (tea",
    "'factory':*A",
    "a\\b'c",
    "- ^ + : ; ' \\ / ( ) [ ] { }",
    "NOT factory AND OR",
    "\x00factory",
    "工厂 OR 工廠",
    "ᵖ ǰ ß ﬁ ㈱ 𠀀 🏭",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_do_not_raise(query):
    put(1, "Sihui factory 四会工厂", "OR NEAR AND NOT title_terms")
    search(query)


@pytest.fixture
def entries(db) -> None:
    put(1, "Sihui factory 四会工厂", "OR NEAR AND NOT title_terms it's a\\b")
    put(2, "四會市投資促進中心", "招商引资 9,000 enterprises")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    query=st.one_of(
        st.text(),
        st.lists(st.sampled_from([*HOSTILE, "sihui", "四会", "si", "9000", "OR"])).map(" ".join),
    )
)
def test_any_query_text_searches_without_raising(entries, query):
    results = search(query, limit=5)
    assert results.total >= len(results.hits)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(title=st.text(max_size=80), body=st.text(max_size=400))
def test_any_text_can_be_indexed_and_is_found_by_itself(db, title, body):
    search_index_put(kind="probe", object_id=1, language="en", title=title, body=body)
    expected = [1] if query_terms(f"{title} {body}") else []
    assert [hit.object_id for hit in search(f"{title} {body}", kinds=["probe"]).hits] == expected
