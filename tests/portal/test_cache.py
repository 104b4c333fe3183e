"""Published pages are cached for anonymous readers and cleared when they change, in the
shared cache and in each web worker's memory (PageFront)."""

from __future__ import annotations

import gzip as gzip_module
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any
from wsgiref.util import setup_testing_defaults

import pytest
from django.conf import settings as django_settings
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import PostFactory
from tests.support import production_env, signed_in
from zhaoshang.core import pagecache
from zhaoshang.core.pagecache import PageFront
from zhaoshang.portal.models import PostVersion
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


# --- PageFront: each web worker's own copy of the pages, in front of Django -----------------


class Worker:
    """One web worker as `make run` runs it: zhaoshang.wsgi's PageFront around Django."""

    def __init__(self) -> None:
        self.app = PageFront(WSGIHandler())

    def get(
        self, path: str, *, cookie: str = "", gzip: bool = False
    ) -> tuple[str, dict[str, str], str]:
        environ: dict[str, Any] = {}
        setup_testing_defaults(environ)
        environ.update(PATH_INFO=path, REQUEST_METHOD="GET", HTTP_HOST="testserver")
        if cookie:
            environ["HTTP_COOKIE"] = cookie
        if gzip:
            environ["HTTP_ACCEPT_ENCODING"] = "gzip, deflate"
        sent: dict[str, Any] = {}

        def start_response(status: str, headers: list[tuple[str, str]], exc_info=None) -> None:
            sent.update(status=status, headers=dict(headers))

        result = self.app(environ, start_response)
        body = b"".join(result)
        getattr(result, "close", lambda: None)()
        if sent["headers"].get("Content-Encoding") == "gzip":
            body = gzip_module.decompress(body)
        return sent["status"], sent["headers"], body.decode()


@pytest.fixture
def django_runs() -> Iterator[list[str]]:
    """The paths Django itself handled; the test database stays open between requests (as
    Django's test client keeps it)."""
    handled: list[str] = []

    def started(environ: dict[str, Any], **kwargs: Any) -> None:
        handled.append(environ["PATH_INFO"])

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    signals.request_started.connect(started)
    yield handled
    signals.request_started.disconnect(started)
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def edit_title(post, title: str) -> None:
    post_save(
        actor=None,
        post=post,
        data=PostInput(
            status="published",
            publish_at=post.publish_at,
            versions={"en": VersionInput(title=title, body_markdown="x")},
        ),
    )


def test_a_worker_answers_a_repeated_page_from_memory_with_every_header(django_runs):
    post = PostFactory.create(versions={"en": ("Kept in memory", "x")})
    worker = Worker()
    url = f"/en/posts/{post.slug}/"
    status, first, html = worker.get(url)
    assert (status, first["X-Page-Cache"]) == ("200 OK", "miss")
    again_status, again, again_html = worker.get(url)
    assert django_runs == [url]  # the second answer never entered Django
    assert (again_status, again["X-Page-Cache"], again_html) == ("200 OK", "hit", html)
    assert {k: v for k, v in again.items() if k != "X-Page-Cache"} == {
        k: v for k, v in first.items() if k != "X-Page-Cache"
    }
    for header in ("Content-Security-Policy", "Permissions-Policy", "X-Frame-Options", "Vary"):
        assert again[header] == first[header]


@pytest.mark.parametrize("generation_in", ["the cache", "a file"])
def test_an_edited_post_shows_at_once_in_every_worker(
    generation_in, tmp_path, settings, django_runs
):
    if generation_in == "a file":  # as `make run` keeps it (the file cache)
        settings.PAGES_GENERATION_FILE = tmp_path / "pages-generation"
    post = PostFactory.create(versions={"en": ("Before the edit", "x")})
    workers = [Worker(), Worker()]
    for worker in workers:
        for path in ("/en/", f"/en/posts/{post.slug}/"):
            worker.get(path)
            assert worker.get(path)[1]["X-Page-Cache"] == "hit"
    edit_title(post, "After the edit")
    for worker in workers:
        for path in ("/en/", f"/en/posts/{post.slug}/"):
            html = worker.get(path)[2]
            assert "After the edit" in html
            assert "Before the edit" not in html


def test_a_change_made_in_another_process_shows_at_once(tmp_path, settings, django_runs):
    """The generation file, as `make run` uses it: a worker process, the background worker or
    a command raising it is seen by this worker on its very next request."""
    settings.PAGES_GENERATION_FILE = tmp_path / "pages-generation"
    post = PostFactory.create(versions={"en": ("Before the edit", "x")})
    worker = Worker()
    worker.get("/en/")
    assert worker.get("/en/")[1]["X-Page-Cache"] == "hit"
    PostVersion.objects.filter(post=post).update(title="After the edit")  # not announced
    bump = (
        "import sys; from pathlib import Path;"
        "from zhaoshang.core.pagecache import SharedGeneration;"
        "SharedGeneration(Path(sys.argv[1])).bump()"
    )
    subprocess.run(
        [sys.executable, "-c", bump, str(settings.PAGES_GENERATION_FILE)],
        env=production_env(DJANGO_SETTINGS_MODULE="zhaoshang.settings"),
        check=True,
        timeout=60,
    )
    _status, headers, html = worker.get("/en/")
    assert headers["X-Page-Cache"] == "miss"
    assert "After the edit" in html


def test_signed_in_readers_are_never_answered_from_a_workers_memory(officer, django_runs):
    worker = Worker()
    worker.get("/en/")
    assert worker.get("/en/")[1]["X-Page-Cache"] == "hit"
    session = signed_in(officer).cookies[django_settings.SESSION_COOKIE_NAME].value
    _status, headers, html = worker.get(
        "/en/", cookie=f"csrftoken=x; {django_settings.SESSION_COOKIE_NAME}={session}"
    )
    assert "X-Page-Cache" not in headers
    assert officer.display_name in html
    assert worker.get("/en/", cookie="messages=abc")[1].get("X-Page-Cache") is None


def test_a_reader_who_takes_no_gzip_is_not_sent_the_kept_gzip_page(django_runs):
    worker = Worker()
    worker.get("/en/", gzip=True)
    kept = worker.get("/en/", gzip=True)[1]
    assert (kept["X-Page-Cache"], kept["Content-Encoding"]) == ("hit", "gzip")
    plain = worker.get("/en/")[1]
    assert "Content-Encoding" not in plain


def test_a_kept_page_is_not_served_after_it_expires(monkeypatch, django_runs):
    """Pages expire when the next scheduled post is due, in a worker's memory too."""
    worker = Worker()
    worker.get("/en/")
    assert worker.get("/en/")[1]["X-Page-Cache"] == "hit"
    later = time.time() + pagecache.PAGE_TIMEOUT + 1
    monkeypatch.setattr(pagecache.time, "time", lambda: later)
    worker.get("/en/")
    assert django_runs == ["/en/", "/en/"]
