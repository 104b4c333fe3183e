"""What assistive technology reads on public pages: headings without skipped levels, the
two search forms named apart, text in another language marked with its lang, closed
policies in full contrast."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from django.test import Client

from tests.factories import LabelFactory, PostFactory
from tests.policies.factories import PolicyFactory
from zhaoshang.portal.models import Contact

pytestmark = pytest.mark.django_db


def heading_levels(html: str) -> list[int]:
    main = html.split('<main id="main"', 1)[1]
    return [int(level) for level in re.findall(r"<h([1-6])\b", main)]


def assert_no_skipped_level(levels: list[int]) -> None:
    assert levels, "no heading"
    assert levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


def test_label_archive_and_contacts_pages_do_not_skip_heading_levels():
    label = LabelFactory.create(name_en="News", slug="news")
    post = PostFactory.create(labels=[label])
    Contact.objects.create(slug="bureau", name_en="Zhaoqing Investment Promotion Bureau")
    month = post.publish_at
    assert month is not None
    for path in (
        "/en/labels/news/",
        "/en/contacts/",
        f"/en/archive/{month.year}/{month.month}/",
        "/en/",
    ):
        assert_no_skipped_level(heading_levels(Client().get(path).content.decode()))


def test_the_two_search_forms_have_different_names():
    html = Client().get("/en/search/?q=factory").content.decode()
    names = re.findall(r'<form[^>]*role="search"[^>]*aria-label="([^"]+)"', html)
    assert len(names) == 2
    assert len(set(names)) == 2


def test_a_chinese_issuing_body_on_an_english_page_carries_its_language():
    PolicyFactory.create(slug="award", status="open", issuing_body="肇庆市科学技术局")
    for path in ("/en/policies/", "/en/policies/award/"):
        html = Client().get(path).content.decode()
        assert re.search(r'lang="zh">肇庆市科学技术局<', html), path
    chinese = Client().get("/zh-hans/policies/award/").content.decode()
    assert 'lang="zh">肇庆市科学技术局' not in chinese


def test_closed_policies_are_not_faded_with_opacity():
    css = Path("zhaoshang/policies/static/policies/policies.css").read_text(encoding="utf-8")
    closed = re.search(r"\.policy-card\.status-card-closed\s*\{([^}]*)\}", css)
    assert closed is not None
    assert "opacity" not in closed.group(1)
