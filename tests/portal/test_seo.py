"""What search engines and link previews read: a description on every public page, absolute
language alternates with x-default, Open Graph and Twitter tags, JSON-LD (Article, the
center as a GovernmentOrganization), policies and sites in the sitemap, compressed pages."""

from __future__ import annotations

import gzip
import json
import re
from typing import Any

import pytest
from django.test import Client

from tests.factories import LabelFactory, PostFactory
from tests.policies.factories import PolicyFactory
from tests.support import signed_in
from zhaoshang.core.services import site_settings_update
from zhaoshang.portal.models import Contact, PostImage

pytestmark = pytest.mark.django_db


def meta(html: str, key: str) -> str | None:
    found = re.search(rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)"', html)
    return found.group(1) if found else None


def structured(html: str) -> list[dict[str, Any]]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def test_a_post_is_described_by_its_summary_and_previewed_with_its_image():
    post = PostFactory.create(versions={"en": ("Moving a factory", "The story.")}, slug="moving")
    PostImage.objects.create(post=post, image="posts/2026/01/line.jpg", alt="A line")
    html = Client().get("/en/posts/moving/").content.decode()
    assert meta(html, "description") == "Summary: Moving a factory"
    assert meta(html, "og:type") == "article"
    assert meta(html, "og:title") == "Moving a factory"
    assert meta(html, "og:image") == "http://testserver/media/posts/2026/01/line.jpg"
    assert meta(html, "twitter:card") == "summary_large_image"
    [article] = structured(html)
    assert article["@type"] == "Article"
    assert article["headline"] == "Moving a factory"
    assert article["inLanguage"] == "en"
    assert article["mainEntityOfPage"] == "http://testserver/en/posts/moving/"
    assert post.publish_at is not None
    assert article["datePublished"].startswith(str(post.publish_at.date()))


def test_a_page_without_an_image_gets_a_summary_card():
    PostFactory.create(versions={"en": ("Plain", "Text.")}, slug="plain")
    html = Client().get("/en/posts/plain/").content.decode()
    assert meta(html, "og:image") is None
    assert meta(html, "twitter:card") == "summary"


def test_text_in_structured_data_cannot_close_its_element():
    PostFactory.create(versions={"en": ("A </script><b>bold</b> title", "x")}, slug="sneaky")
    html = Client().get("/en/posts/sneaky/").content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert block is not None
    assert "<" not in block.group(1)
    assert json.loads(block.group(1))["headline"] == "A </script><b>bold</b> title"


def test_every_public_page_has_a_description_in_the_readers_language():
    label = LabelFactory.create(name_en="Relocation", slug="relocation")
    PostFactory.create(labels=[label])
    policy = PolicyFactory.create(slug="award", status="open", summary_en="A grant for robots.")
    paths = ["", "labels/relocation/", "archive/", "contacts/", "enquiry/", "policies/"]
    paths += [f"policies/{policy.slug}/", "sites/", "privacy/"]
    for path in paths:
        html = Client().get(f"/en/{path}").content.decode()
        description = meta(html, "description")
        assert description, path
        assert len(description) <= 160, path
    assert meta(Client().get("/en/policies/award/").content.decode(), "description") == (
        "A grant for robots."
    )
    chinese = Client().get("/zh-hans/contacts/").content.decode()
    assert re.search(r"[\u4e00-\u9fff]", meta(chinese, "description") or "")


def test_language_alternates_are_absolute_with_x_default():
    html = Client().get("/zh-hans/archive/").content.decode()
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', html))
    assert alternates == {
        "en": "http://testserver/en/archive/",
        "zh-hans": "http://testserver/zh-hans/archive/",
        "zh-hant": "http://testserver/zh-hant/archive/",
        "x-default": "http://testserver/en/archive/",
    }
    assert '<link rel="canonical" href="http://testserver/zh-hans/archive/">' in html


def test_the_center_and_its_contacts_are_a_government_organization():
    site_settings_update(actor=None, phone="+867583611228", email="invest@sihui.example")
    Contact.objects.create(
        slug="bureau", name_en="Zhaoqing Investment Promotion Bureau", phone="+867582899202"
    )
    for path in ("/en/", "/en/contacts/"):
        [center] = structured(Client().get(path).content.decode())
        assert center["@type"] == "GovernmentOrganization"
        assert center["telephone"] == "+867583611228"
        assert center["email"] == "invest@sihui.example"
        [point] = center["contactPoint"]
        assert point["name"] == "Zhaoqing Investment Promotion Bureau"
        assert point["telephone"] == "+867582899202"


def test_the_sitemap_lists_public_policies_and_not_drafts():
    PolicyFactory.create(slug="open-award", status="open")
    PolicyFactory.create(slug="draft-award", status="draft")
    xml = Client().get("/sitemap.xml").content.decode()
    assert "http://testserver/en/policies/open-award/" in xml
    assert "http://testserver/zh-hant/policies/open-award/" in xml
    assert "draft-award" not in xml
    assert "http://testserver/en/policies/</loc>" in xml


def test_public_pages_are_sent_compressed_from_the_cache_too():
    PostFactory.create(versions={"en": ("Compressed", "Long text. " * 200)}, slug="compressed")
    client = Client(HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    plain = Client().get("/en/posts/compressed/")
    assert "Content-Encoding" not in plain
    for _visit in range(2):  # a miss, then a hit
        response = client.get("/en/posts/compressed/")
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert gzip.decompress(response.content) == plain.content


def test_pages_with_a_csrf_token_or_a_readers_data_are_never_compressed(officer):
    # BREACH: a secret beside text an attacker chooses must not go through compression.
    enquiry = Client(HTTP_ACCEPT_ENCODING="gzip").get("/en/enquiry/")
    assert "csrfmiddlewaretoken" in enquiry.content.decode()
    assert "Content-Encoding" not in enquiry
    reader = signed_in(officer)
    mine = reader.get("/en/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in mine


@pytest.mark.parametrize(
    "path", ["/en/", "/zh-hans/posts/moving/", "/en/policies/", "/en/sites/", "/sitemap.xml"]
)
def test_a_head_request_is_answered_as_the_get_would_be(path):
    # Crawlers and link checkers ask HEAD first; a 405 reads as a broken page.
    PostFactory.create(versions={"zh-hans": ("迁厂", "故事。")}, slug="moving")
    get, head = Client().get(path), Client().head(path)
    assert get.status_code == 200
    assert head.status_code == 200
    assert head["Content-Type"] == get["Content-Type"]
