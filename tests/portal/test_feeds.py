"""RSS and Atom feeds per language and label, sitemap.xml and robots.txt."""

from __future__ import annotations

import datetime

import feedparser
import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import LabelFactory, PostFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts():
    policies = LabelFactory.create(name_en="Policies", slug="policies")
    now = timezone.now()
    return {
        "both": PostFactory.create(
            versions={"en": ("Support overview", "x"), "zh-hans": ("扶持政策概览", "y")},
            labels=[policies],
            publish_at=now - datetime.timedelta(days=2),
        ),
        "english": PostFactory.create(
            versions={"en": ("Relocation talk", "x")}, publish_at=now - datetime.timedelta(days=1)
        ),
        "draft": PostFactory.create(
            versions={"en": ("Draft idea", "x")}, status="draft", publish_at=None
        ),
    }


@pytest.mark.parametrize("kind", ["rss.xml", "atom.xml"])
def test_site_feed_carries_the_visible_posts_of_its_language(posts, kind):
    parsed = feedparser.parse(Client().get(f"/en/{kind}").content)
    assert not parsed.bozo, parsed.bozo_exception
    titles = [entry.title for entry in parsed.entries]
    assert titles == ["Relocation talk", "Support overview"]
    assert parsed.entries[0].link.endswith(f"/en/posts/{posts['english'].slug}/")


@pytest.mark.parametrize("kind", ["rss.xml", "atom.xml"])
def test_chinese_feed_carries_the_chinese_versions(posts, kind):
    parsed = feedparser.parse(Client().get(f"/zh-hans/{kind}").content)
    assert [entry.title for entry in parsed.entries] == ["扶持政策概览"]
    assert parsed.feed.get("language", "zh-hans") == "zh-hans"


@pytest.mark.parametrize("kind", ["rss.xml", "atom.xml"])
def test_label_feed_carries_only_that_label(posts, kind):
    parsed = feedparser.parse(Client().get(f"/en/labels/policies/{kind}").content)
    assert not parsed.bozo
    assert [entry.title for entry in parsed.entries] == ["Support overview"]
    assert [t.term for t in parsed.entries[0].tags] == ["Policies"]


def test_pages_announce_their_feeds(posts):
    home = Client().get("/en/").content.decode()
    assert 'type="application/rss+xml"' in home
    assert 'href="/en/rss.xml"' in home
    assert 'type="application/atom+xml"' in home
    assert 'href="/en/atom.xml"' in home
    label = Client().get("/en/labels/policies/").content.decode()
    assert 'href="/en/labels/policies/rss.xml"' in label


def test_sitemap_lists_posts_in_their_languages_with_alternates(posts):
    xml = Client().get("/sitemap.xml").content.decode()
    both = posts["both"].slug
    assert f"<loc>http://testserver/en/posts/{both}/</loc>" in xml
    assert f"<loc>http://testserver/zh-hans/posts/{both}/</loc>" in xml
    assert f"http://testserver/zh-hant/posts/{both}/" not in xml
    assert 'hreflang="zh-hans"' in xml
    assert "Draft" not in xml
    assert posts["draft"].slug not in xml


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_officer_pages():
    text = Client().get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /en/officer/" in text
