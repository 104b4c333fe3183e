"""The search box: English and Chinese, across scripts, pinyin, ranked, highlighted."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def search(query: str, language: str = "en") -> str:
    response = Client().get(f"/{language}/search/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def posts():
    return {
        "factory": PostFactory.create(
            versions={
                "en": ("Moving a factory", "Why factories move to the Pearl River Delta."),
                "zh-hant": ("工廠遷移", "越南的工廠為什麼遷到四會。"),
            }
        ),
        "sihui": PostFactory.create(
            versions={"zh-hans": ("四会市投资环境", "交通便利，靠近广州。")}
        ),
        "draft": PostFactory.create(
            versions={"en": ("Factory draft", "factory")}, status="draft", publish_at=None
        ),
    }


def test_english_words_find_posts_whatever_their_form(posts):
    html = search("factories")
    assert "Moving a factory" in html
    assert "Factory draft" not in html


def test_simplified_characters_find_traditional_text(posts):
    html = search("工厂", "zh-hans")
    assert "工廠遷移" in html
    assert "<mark>工廠</mark>" in html


def test_traditional_characters_find_simplified_text(posts):
    html = search("投資環境", "zh-hant")
    assert "四会市投资环境" in html


def test_pinyin_finds_chinese_titles(posts):
    assert "四会市投资环境" in search("sihui")


def test_title_matches_rank_above_body_matches():
    body_only = PostFactory.create(versions={"en": ("Port news", "A word on relocation support.")})
    in_title = PostFactory.create(versions={"en": ("Relocation support", "Details.")})
    html = search("relocation")
    assert html.index("Relocation support") < html.index("Port news")
    assert body_only.slug in html
    assert in_title.slug in html


def test_an_empty_or_odd_query_answers_without_error(posts):
    for query in ["", "   ", '"', "*", "NEAR(", "a OR", "::", "&!|"]:
        assert Client().get("/en/search/", {"q": query}).status_code == 200, query
    assert "0 results" in search('"unknownword"')


def test_the_snippet_escapes_text_and_marks_words():
    PostFactory.create(versions={"en": ("Tags", "Use <b>bold</b> tags for investment notes.")})
    html = search("investment")
    assert "<mark>investment</mark>" in html


def test_each_post_is_one_result_in_the_readers_language_when_it_matched(posts):
    found = Client().get("/zh-hant/search/", {"q": "工厂"}).context["found"]
    assert found.total == 1
    assert found.results[0].version.language == "zh-hant"
    english = Client().get("/en/search/", {"q": "工厂"}).context["found"]
    assert english.results[0].version.language == "zh-hant"  # the version that matched


def test_results_are_paged_by_post():
    for n in range(12):
        PostFactory.create(versions={"en": (f"Harbour {n}", "x"), "zh-hans": (f"港口 {n}", "港口")})
    first = Client().get("/en/search/", {"q": "harbour"})
    assert first.context["found"].total == 12
    assert len(first.context["found"].results) == 10
    second = Client().get("/en/search/", {"q": "harbour", "page": "2"})
    assert len(second.context["found"].results) == 2
