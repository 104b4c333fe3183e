"""Three languages: prefixes, first-visit choice, the switcher, unknown prefixes."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.support import signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("prefix", "lang", "sign_in"),
    [("en", "en", "Sign in"), ("zh-hans", "zh-hans", "登录"), ("zh-hant", "zh-hant", "登入")],
)
def test_each_language_has_its_pages(prefix, lang, sign_in):
    response = Client().get(f"/{prefix}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert sign_in in html


@pytest.mark.parametrize(
    ("accept", "target"),
    [
        ("zh-TW,zh;q=0.9", "/zh-hant/"),
        ("zh-HK", "/zh-hant/"),
        ("zh-CN,zh;q=0.9,en;q=0.5", "/zh-hans/"),
        ("en-GB,en;q=0.8", "/en/"),
        ("vi-VN", "/en/"),
    ],
)
def test_the_browser_language_chooses_on_the_first_visit(accept, target):
    response = Client().get("/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response.status_code == 302
    assert response["Location"] == target


def test_a_path_without_prefix_goes_to_the_same_page_in_the_browser_language():
    response = Client().get("/account/sign-in/", HTTP_ACCEPT_LANGUAGE="zh-TW")
    assert response["Location"] == "/zh-hant/account/sign-in/"


@pytest.mark.parametrize("path", ["/fr/", "/de/account/sign-in/", "/zh/officer/", "/en-us/"])
def test_an_unknown_language_prefix_is_404(path):
    assert Client().get(path).status_code == 404


def test_the_switcher_keeps_you_on_the_same_page(manager):
    html = signed_in(manager).get("/zh-hans/officer/audit/?action=x").content.decode()
    assert 'href="/zh-hant/officer/audit/?action=x"' in html
    assert 'href="/en/officer/audit/?action=x"' in html
    assert '<span class="lang current" aria-current="true" lang="zh-hans">简体中文</span>' in html


def test_pages_announce_their_other_languages():
    html = Client().get("/en/account/sign-in/").content.decode()
    assert (
        '<link rel="alternate" hreflang="zh-hant" href="http://testserver/zh-hant/account/sign-in/">'
        in html
    )
