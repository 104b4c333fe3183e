"""Officers write posts: Markdown with preview, languages, labels, statuses, images; and
nothing they or an old blog write can run script."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from tests.factories import LabelFactory, PostFactory
from tests.support import dangers_in, signed_in
from zhaoshang.core.models import AuditEvent
from zhaoshang.portal.content import markdown_to_html
from zhaoshang.portal.models import Label, Post, PostImage

pytestmark = pytest.mark.django_db

HOSTILE = """Hello <script>alert(1)</script>
<a href="javascript:alert(2)">click</a> <img src="x.png" onerror="alert(3)">
[md link](javascript:alert(4)) <iframe src="https://evil.example"></iframe>
<p onclick="alert(5)" style="background:url(javascript:alert(6))">para</p>
<svg><script>alert(7)</script></svg> <a href="vbscript:msgbox(8)">vb</a>
"""


def form(**overrides: str) -> dict[str, str]:
    data = {
        "status": "published",
        "publish_at": "",
        "slug": "",
        "new_labels": "",
        "title_en": "Land for new factories",
        "summary_en": "Where the land is.",
        "body_en": "Three **industrial** parks.",
        "title_zh_hans": "",
        "summary_zh_hans": "",
        "body_zh_hans": "",
        "title_zh_hant": "",
        "summary_zh_hant": "",
        "body_zh_hant": "",
    }
    data.update(overrides)
    return data


def test_an_officer_writes_a_post_in_two_languages_with_labels(officer):
    existing = LabelFactory.create(name_en="Land")
    client = signed_in(officer)
    response = client.post(
        "/en/officer/posts/new/",
        {
            **form(
                title_zh_hans="新工厂用地",
                body_zh_hans="三个**工业园**。",
                new_labels="Parks, 园区",
            ),
            "labels": [existing.pk],
        },
    )
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.slug == "land-for-new-factories"
    assert {v.language for v in post.versions.all()} == {"en", "zh-hans"}
    assert sorted(label.name_en for label in post.labels.all()) == ["Land", "Parks", "园区"]
    assert "<strong>工业园</strong>" in post.versions.get(language="zh-hans").body_html
    assert Client().get(f"/zh-hans/posts/{post.slug}/").status_code == 200
    event = AuditEvent.objects.filter(object_id=str(post.pk), action="update").latest("id")
    assert event.actor == officer
    assert "title[zh-hans]" in event.changes


def test_a_title_in_some_language_is_required(officer):
    response = signed_in(officer).post(
        "/en/officer/posts/new/", form(title_en="", new_labels="Parks")
    )
    assert response.status_code == 200
    assert "title_en" in response.context["form"].errors
    assert not Post.objects.exists()
    assert not Label.objects.exists()


def test_a_scheduled_post_needs_a_future_time(officer):
    past = (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = signed_in(officer).post(
        "/en/officer/posts/new/", form(status="scheduled", publish_at=past)
    )
    assert "publish_at" in response.context["form"].errors
    assert not Post.objects.exists()


def test_a_scheduled_post_is_saved_and_stays_hidden_until_its_time(officer):
    later = (timezone.localtime() + datetime.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    signed_in(officer).post("/en/officer/posts/new/", form(status="scheduled", publish_at=later))
    post = Post.objects.get()
    assert post.status == "scheduled"
    assert Client().get(f"/en/posts/{post.slug}/").status_code == 404


def test_editing_changes_the_post_and_removing_a_title_removes_that_version(officer):
    post = PostFactory.create(versions={"en": ("One", "a"), "zh-hans": ("一", "b")})
    signed_in(officer).post(f"/en/officer/posts/{post.pk}/", form(title_en="One, revised"))
    post.refresh_from_db()
    assert [v.language for v in post.versions.all()] == ["en"]
    assert post.versions.get().title == "One, revised"


def test_only_one_post_is_featured(officer):
    first = PostFactory.create(featured=True)
    signed_in(officer).post("/en/officer/posts/new/", {**form(), "featured": "on"})
    first.refresh_from_db()
    assert not first.featured
    assert Post.objects.filter(featured=True).count() == 1


def test_preview_renders_sanitised_markdown(officer):
    response = signed_in(officer).post(
        "/en/officer/posts/preview/", {"field": "body_en", "body_en": "# Title\n\n" + HOSTILE}
    )
    html = response.content.decode()
    assert "<h1>Title</h1>" in html
    assert dangers_in(html) == []


def test_a_hostile_post_body_renders_inert():
    post = PostFactory.create(versions={"en": ("Hostile", HOSTILE)})
    html = Client().get(f"/en/posts/{post.slug}/").content.decode()
    body = html.split('<div class="prose"')[1].split("</div>")[0]
    assert dangers_in(body) == []
    assert "<script" not in body  # not even as text a browser could be tricked into
    assert "para" in body
    assert "click" in body


def test_markdown_keeps_ordinary_article_markup():
    html = markdown_to_html(
        "## Parks\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![map](https://x.example/m.png)"
    )
    assert "<h2>Parks</h2>" in html
    assert "<table>" in html
    assert '<img src="https://x.example/m.png" alt="map">' in html


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (2400, 1200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 40)).save(out, fmt)
    return out.getvalue()


def test_an_uploaded_image_is_reduced_and_given_markdown_to_paste(officer):
    upload = SimpleUploadedFile("map.png", image_bytes(), content_type="image/png")
    response = signed_in(officer).post("/en/officer/images/", {"image": upload, "alt": "Park map"})
    assert response.status_code == 200
    image = PostImage.objects.get()
    assert (image.width, image.height) == (1600, 800)
    assert f"![Park map]({image.image.url})" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("evil.png", b"<script>alert(1)</script>", "not an image we can read"),
        ("doc.png", b"%PDF-1.4 pretend", "not an image we can read"),
        ("pic.bmp", None, "Only JPEG, PNG, WebP and GIF"),
    ],
)
def test_files_that_are_not_allowed_images_are_refused(officer, name, content, reason):
    if content is None:
        content = image_bytes("BMP", (20, 20))
    upload = SimpleUploadedFile(name, content, content_type="image/png")
    response = signed_in(officer).post("/en/officer/images/", {"image": upload})
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert not PostImage.objects.exists()


def test_an_image_over_5_mb_is_refused(officer):
    upload = SimpleUploadedFile("big.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 10))
    response = signed_in(officer).post("/en/officer/images/", {"image": upload})
    assert response.status_code == 400
    assert "larger than 5 MB" in response.content.decode()
    assert not PostImage.objects.exists()


def test_enterprise_users_cannot_edit_posts(enterprise_user):
    assert signed_in(enterprise_user).get("/en/officer/posts/new/").status_code == 403
    assert signed_in(enterprise_user).post("/en/officer/posts/new/", form()).status_code == 403
    assert not Post.objects.exists()


def test_the_post_list_filters_by_status(officer):
    PostFactory.create(versions={"en": ("Live one", "x")})
    PostFactory.create(versions={"en": ("Draft one", "x")}, status="draft", publish_at=None)
    html = signed_in(officer).get("/en/officer/posts/?status=draft").content.decode()
    assert "Draft one" in html
    assert "Live one" not in html
