"""Importing a Blogger backup: posts, labels, pages, redirects, re-imports, bad files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from tests.support import signed_in
from zhaoshang.core.models import AuditEvent
from zhaoshang.portal.models import Label, Page, Post

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "blogger_files"
CLASSIC = FILES / "classic.xml"


def run_import(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("import_blogger", str(path), *args, stdout=out)
    return out.getvalue()


def test_posts_labels_and_pages_are_imported_and_the_rest_skipped():
    printed = run_import(CLASSIC)
    assert "posts: 3 created, 0 updated, 0 unchanged" in printed
    assert "pages: 1 created" in printed
    assert "comment 2" in printed
    assert "settings" in printed
    assert "template 1" in printed
    assert Post.objects.count() == 3
    assert Page.objects.get().title == "Contact us"


def test_chinese_titles_and_labels_survive_byte_for_byte():
    run_import(CLASSIC)
    post = Post.objects.get(blogger_id="7002")
    version = post.versions.get()
    assert version.title == "四會市招商引資"
    assert version.language == "zh-hant"
    assert sorted(label.blogger_term for label in post.labels.all()) == sorted(
        ["投資", "工廠", "廣東"]
    )
    assert Label.objects.get(blogger_term="廣東").name_zh_hant == "廣東"


def test_drafts_stay_drafts_and_published_posts_keep_their_dates():
    run_import(CLASSIC)
    draft = Post.objects.get(blogger_id="7003")
    assert draft.status == "draft"
    live = Post.objects.get(blogger_id="7001")
    assert live.status == "published"
    assert live.publish_at is not None
    assert live.publish_at.year == 2024
    assert live.original_url.endswith("/2024/02/guangdong-high-quality-development.html")


def test_reimporting_the_same_file_creates_and_changes_nothing():
    run_import(CLASSIC)
    counts = (Post.objects.count(), Label.objects.count(), AuditEvent.objects.count())
    printed = run_import(CLASSIC)
    assert "posts: 0 created, 0 updated, 3 unchanged" in printed
    assert "pages: 0 created, 0 updated, 1 unchanged" in printed
    assert (Post.objects.count(), Label.objects.count(), AuditEvent.objects.count()) == counts


def test_a_newer_export_updates_the_posts_that_changed(tmp_path):
    run_import(CLASSIC)
    newer = tmp_path / "newer.xml"
    newer.write_bytes(
        CLASSIC.read_bytes().replace(
            b"Guangdong opens the year with its high-quality development conference  </title>",
            b"Guangdong opens 2024 with its high-quality development conference</title>",
        )
    )
    printed = run_import(newer)
    assert "posts: 0 created, 1 updated, 2 unchanged" in printed
    title = Post.objects.get(blogger_id="7001").versions.get().title
    assert title == "Guangdong opens 2024 with its high-quality development conference"


def test_dry_run_writes_nothing():
    printed = run_import(CLASSIC, "--dry-run")
    assert "posts: 3 created" in printed
    assert "dry run" in printed
    assert not Post.objects.exists()
    assert not Label.objects.exists()


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("malformed.xml", "malformed XML at line"),
        ("truncated.xml", "truncated"),
        ("not_atom.xml", "not a Blogger backup"),
        ("atom_not_blogger.xml", "not a Blogger backup"),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_error_and_nothing_imported(name, says):
    with pytest.raises(CommandError, match=says) as caught:
        run_import(FILES / name)
    assert "nothing was imported" in str(caught.value)
    assert not Post.objects.exists()
    assert not Label.objects.exists()


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        run_import(tmp_path / "absent.xml")


def test_imported_html_is_sanitised_but_keeps_images():
    run_import(CLASSIC)
    html = "".join(v.body_html for p in Post.objects.all() for v in p.versions.all())
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "<img" in html


def test_old_blogger_addresses_redirect_permanently():
    run_import(CLASSIC)
    post = Post.objects.get(blogger_id="7001")
    response = Client().get(
        "/2024/02/guangdong-high-quality-development.html", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 301
    assert response["Location"] == f"/en/posts/{post.slug}/"
    label = Client().get("/search/label/廣東", HTTP_ACCEPT_LANGUAGE="zh-TW")
    assert label.status_code == 301
    assert label["Location"] == f"/zh-hant/labels/{Label.objects.get(blogger_term='廣東').slug}/"
    page = Client().get("/p/contact.html")
    assert page.status_code == 301
    assert Client().get("/2031/01/nothing.html").status_code == 404


def test_administrators_import_through_the_upload_page(administrator, officer):
    upload = SimpleUploadedFile("backup.xml", CLASSIC.read_bytes(), content_type="text/xml")
    response = signed_in(administrator).post("/en/officer/import/blogger/", {"backup": upload})
    assert '<dd id="posts-created">3</dd>' in response.content.decode()
    assert Post.objects.count() == 3
    again = SimpleUploadedFile("b.xml", CLASSIC.read_bytes(), content_type="text/xml")
    assert (
        signed_in(officer).post("/en/officer/import/blogger/", {"backup": again}).status_code == 403
    )


def test_the_upload_page_reports_a_bad_file_on_its_field(administrator):
    upload = SimpleUploadedFile("x.xml", (FILES / "truncated.xml").read_bytes())
    response = signed_in(administrator).post("/en/officer/import/blogger/", {"backup": upload})
    assert "truncated" in " ".join(response.context["form"].errors["backup"])
    assert not Post.objects.exists()
