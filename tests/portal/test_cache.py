"""Published pages are cached for anonymous readers and cleared when they change."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import PostFactory
from tests.support import signed_in
from zhaoshang.portal.services import PostInput, VersionInput, post_save

pytestmark = pytest.mark.django_db


def test_a_second_anonymous_visit_is_served_from_the_cache_without_queries():
    PostFactory.create(versions={"en": ("Cached story", "x")})
    first = Client().get("/en/")
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = Client().get("/en/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert len(queries) == 0


def test_editing_a_post_clears_the_cached_pages_at_once():
    post = PostFactory.create(versions={"en": ("Before the edit", "x")})
    assert "Before the edit" in Client().get("/en/").content.decode()
    assert "Before the edit" in Client().get(f"/en/posts/{post.slug}/").content.decode()
    post_save(
        actor=None,
        post=post,
        data=PostInput(
            status="published",
            publish_at=post.publish_at,
            versions={"en": VersionInput(title="After the edit", body_markdown="x")},
        ),
    )
    assert "After the edit" in Client().get("/en/").content.decode()
    assert "After the edit" in Client().get(f"/en/posts/{post.slug}/").content.decode()


def test_each_language_has_its_own_cached_page():
    Client().get("/en/")
    html = Client().get("/zh-hant/").content.decode()
    assert '<html lang="zh-hant">' in html


def test_signed_in_users_are_never_served_a_cached_page(officer):
    Client().get("/en/")  # an anonymous visit fills the cache
    response = signed_in(officer).get("/en/")
    assert "X-Page-Cache" not in response
    assert officer.display_name in response.content.decode()
