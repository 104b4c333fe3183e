"""A "History" link shows only to those who may follow it; the 403, 404 and 500 pages are
the site's own, in the reader's language, with a way back."""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.utils import translation

from tests.factories import UserFactory
from tests.leads.factories import SIHUI, LeadFactory, enterprise_make, regions_give
from tests.support import signed_in
from zhaoshang.core.error_views import server_error
from zhaoshang.core.roles import Role


@pytest.mark.django_db
def test_the_history_link_shows_only_to_those_who_may_open_the_history():
    officer = regions_give(UserFactory.create(roles=[Role.PROMOTION_OFFICER]), SIHUI)
    manager = regions_give(UserFactory.create(roles=[Role.MANAGER]), SIHUI)
    lead = LeadFactory.create(officers=[officer])
    firm = enterprise_make()
    history = f"/en/officer/history/leads/lead/{lead.pk}/"
    for page, target in (
        (f"/en/officer/leads/{lead.pk}/", f"/history/leads/lead/{lead.pk}/"),
        (f"/en/officer/enterprises/{firm.pk}/", f"/history/registry/enterprise/{firm.pk}/"),
    ):
        assert target not in signed_in(officer).get(page).content.decode(), page
        assert target in signed_in(manager).get(page).content.decode(), page
    assert signed_in(manager).get(history).status_code == 200


@pytest.mark.django_db
def test_a_forbidden_page_is_the_sites_own_in_the_readers_language_with_a_way_back():
    officer = UserFactory.create(roles=[Role.PROMOTION_OFFICER])
    response = signed_in(officer).get(
        "/zh-hans/officer/audit/", HTTP_REFERER="http://testserver/zh-hans/officer/"
    )
    page = response.content.decode()
    assert response.status_code == 403
    assert "您无权打开此页面" in page
    assert 'class="masthead"' in page  # the site's layout
    assert 'href="/zh-hans/"' in page  # home
    assert 'href="http://testserver/zh-hans/officer/"' in page  # the previous page


@pytest.mark.django_db
def test_a_missing_page_is_the_sites_own_with_a_way_home_and_to_sign_in():
    response = Client().get("/zh-hant/no-such-page/", HTTP_REFERER="https://elsewhere.example/trap")
    page = response.content.decode()
    assert response.status_code == 404
    assert "找不到此頁面" in page
    assert 'class="masthead"' in page
    assert 'href="/zh-hant/"' in page
    assert "/zh-hant/account/sign-in/?next=/zh-hant/no-such-page/" in page
    assert "elsewhere.example" not in page  # another site is never "the previous page"


def test_the_server_error_page_renders_without_a_database_or_request_context():
    """No django_db mark: any query would fail the test."""
    request = RequestFactory().get("/zh-hans/officer/")
    with translation.override("zh-hans"):
        response = server_error(request)
    page = response.content.decode()
    assert response.status_code == 500
    assert "出错了" in page
    assert 'class="masthead"' in page
    assert 'href="/zh-hans/"' in page
