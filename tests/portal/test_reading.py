"""What readers see: home, posts in their language or a fallback, labels, archive."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import LabelFactory, PostFactory
from zhaoshang.portal.models import Post

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=n)


def test_home_shows_featured_latest_labels_and_contacts():
    news = LabelFactory.create(name_en="News", name_zh_hant="新聞")
    PostFactory.create(versions={"en": ("Old news", "x")}, labels=[news], publish_at=days_ago(3))
    PostFactory.create(versions={"en": ("Big story", "x")}, featured=True, publish_at=days_ago(5))
    html = Client().get("/en/").content.decode()
    assert "Big story" in html.split("Latest posts")[0]  # featured above the list
    assert "Old news" in html
    assert 'href="/en/labels/news/">News</a> <span class="count">1</span>' in html


def test_drafts_archived_and_future_posts_stay_off_the_home_page():
    PostFactory.create(versions={"en": ("Secret draft", "x")}, status="draft", publish_at=None)
    PostFactory.create(
        versions={"en": ("Tomorrow", "x")}, status="scheduled", publish_at=days_ago(-1)
    )
    PostFactory.create(versions={"en": ("Old and archived", "x")}, status="archived")
    html = Client().get("/en/").content.decode()
    for title in ("Secret draft", "Tomorrow", "Old and archived"):
        assert title not in html


def test_a_post_page_shows_title_date_labels_body_and_a_link_to_copy():
    label = LabelFactory.create(name_en="Policies")
    post = PostFactory.create(
        versions={"en": ("Support at a glance", "Six **kinds** of support.")}, labels=[label]
    )
    html = Client().get(f"/en/posts/{post.slug}/").content.decode()
    assert '<h1 lang="en">Support at a glance</h1>' in html
    assert "<strong>kinds</strong>" in html
    assert 'href="/en/labels/policies/"' in html
    assert f'value="http://testserver/en/posts/{post.slug}/"' in html
    assert post.publish_at is not None
    assert timezone.localtime(post.publish_at).strftime("%Y-%m-%d") in html


def test_the_readers_language_is_shown_when_the_post_has_it():
    post = PostFactory.create(versions={"en": ("Factories", "x"), "zh-hant": ("工廠", "四會")})
    html = Client().get(f"/zh-hant/posts/{post.slug}/").content.decode()
    assert '<h1 lang="zh-hant">工廠</h1>' in html
    assert "not available" not in html


def test_a_missing_language_shows_another_and_says_so():
    post = PostFactory.create(versions={"en": ("Only English", "Text.")})
    html = Client().get(f"/zh-hans/posts/{post.slug}/").content.decode()
    assert '<h1 lang="en">Only English</h1>' in html
    assert 'class="notice" role="note"' in html


def test_simplified_readers_get_traditional_before_nothing():
    post = PostFactory.create(versions={"zh-hant": ("四會投資", "內容")})
    html = Client().get(f"/zh-hans/posts/{post.slug}/").content.decode()
    assert "四會投資" in html


def test_previous_and_next_link_neighbouring_posts():
    first = PostFactory.create(versions={"en": ("First", "x")}, publish_at=days_ago(3))
    middle = PostFactory.create(versions={"en": ("Middle", "x")}, publish_at=days_ago(2))
    last = PostFactory.create(versions={"en": ("Last", "x")}, publish_at=days_ago(1))
    html = Client().get(f"/en/posts/{middle.slug}/").content.decode()
    assert f'rel="prev" href="/en/posts/{first.slug}/"' in html
    assert f'rel="next" href="/en/posts/{last.slug}/"' in html


@pytest.mark.parametrize("status", ["draft", "scheduled"])
def test_unpublished_posts_are_404(status):
    when = None if status == "draft" else days_ago(-2)
    post = PostFactory.create(versions={"en": ("Not yet", "x")}, status=status, publish_at=when)
    assert Client().get(f"/en/posts/{post.slug}/").status_code == 404


def test_a_scheduled_post_appears_when_its_time_comes():
    post = PostFactory.create(
        versions={"en": ("Soon", "x")}, status="scheduled", publish_at=days_ago(-1)
    )
    assert Client().get(f"/en/posts/{post.slug}/").status_code == 404
    Post.objects.filter(pk=post.pk).update(publish_at=days_ago(0))  # time passes
    from django.core.cache import cache

    cache.clear()
    assert Client().get(f"/en/posts/{post.slug}/").status_code == 200


def test_label_page_lists_newest_first_and_paginates():
    label = LabelFactory.create(name_en="Industry", slug="industry")
    for n in range(12):
        PostFactory.create(
            versions={"en": (f"Item {n:02d}", "x")}, labels=[label], publish_at=days_ago(20 - n)
        )
    page_one = Client().get("/en/labels/industry/").content.decode()
    assert "Posts with label Industry" in page_one
    assert page_one.index("Item 11") < page_one.index("Item 10")
    assert "Item 01" not in page_one
    page_two = Client().get("/en/labels/industry/?page=2").content.decode()
    assert "Item 01" in page_two
    assert "Item 00" in page_two


def test_unknown_label_is_404():
    assert Client().get("/en/labels/nothing-here/").status_code == 404


def test_archive_by_year_and_month():
    when = timezone.make_aware(datetime.datetime(2025, 3, 14, 10, 0))
    PostFactory.create(versions={"en": ("Pi day news", "x")}, publish_at=when)
    index = Client().get("/en/archive/").content.decode()
    assert 'href="/en/archive/2025/3/"' in index
    month = Client().get("/en/archive/2025/3/").content.decode()
    assert "Pi day news" in month
    assert "Pi day news" not in Client().get("/en/archive/2025/4/").content.decode()
    assert Client().get("/en/archive/2025/13/").status_code == 404


def test_contacts_page_shows_numbers_in_international_format():
    from zhaoshang.portal.services import contact_save

    contact_save(
        actor=None,
        contact=None,
        slug="zq",
        name_en="Zhaoqing Investment Promotion Bureau",
        name_zh_hans="肇庆市投资促进局",
        phone="0758-2899202",
        fax="+86 758 2282600",
    )
    html = Client().get("/en/contacts/").content.decode()
    assert "+86 758 289 9202" in html
    assert "+86 758 228 2600" in html
    assert "肇庆市投资促进局" in Client().get("/zh-hans/contacts/").content.decode()


def test_a_bad_contact_number_is_refused_naming_the_field():
    from django.core.exceptions import ValidationError

    from zhaoshang.portal.models import Contact
    from zhaoshang.portal.services import contact_save

    with pytest.raises(ValidationError) as caught:
        contact_save(actor=None, contact=None, slug="x", name_en="X", phone="12")
    assert "phone" in caught.value.message_dict
    assert not Contact.objects.exists()


@pytest.mark.parametrize(
    ("path", "limit"),
    # The home page and a post each look up one image, for link previews.
    [("/en/", 9), ("/en/labels/news/", 8), ("/en/posts/{slug}/", 9), ("/en/archive/", 4)],
)
def test_public_pages_make_a_bounded_number_of_queries(path, limit):
    news = LabelFactory.create(name_en="News", slug="news")
    posts = [
        PostFactory.create(
            versions={"en": (f"P{n}", "x"), "zh-hans": (f"文{n}", "y")},
            labels=[news, LabelFactory.create()],
            publish_at=days_ago(n + 1),
        )
        for n in range(15)
    ]
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path.format(slug=posts[3].slug))
    assert response.status_code == 200
    assert len(queries) <= limit, [q["sql"][:120] for q in queries]
