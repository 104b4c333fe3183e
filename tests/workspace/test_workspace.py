"""The officers' workspace: its navigation shows each role only what it may open, officer
pages use it (not the public header), the Today page lists what is due for this user, and
the search finds visible leads and enterprises by any of their names without failing on
odd input."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.leads.factories import (
    FOSHAN_NANHAI,
    SIHUI,
    LeadFactory,
    activity_make,
    enquiry_make,
    regions_give,
)
from tests.policies.factories import EnterpriseFactory
from tests.support import signed_in
from zhaoshang.core.models import Notification, User
from zhaoshang.core.roles import Role

pytestmark = pytest.mark.django_db


def workspace_links(page: str) -> set[str]:
    """Every link of the workspace's header (navigation, sub-navigation, user menu)."""
    header = page.split('<header class="ws-header">', 1)[1].split("</header>", 1)[0]
    return set(re.findall(r'href="([^"#]+)"', header))


@pytest.mark.parametrize(
    "role",
    [Role.ADMINISTRATOR, Role.MANAGER, Role.PROMOTION_OFFICER, Role.POLICY_OFFICER],
)
def test_every_link_of_the_workspace_opens_for_the_role_that_sees_it(role):
    user = UserFactory.create(roles=[role])
    client = signed_in(user)
    seen: set[str] = set()
    pages = ["/en/officer/"]
    while pages:
        url = pages.pop()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, f"{role}: {url} answered {response.status_code}"
        if url.startswith("/en/officer/"):
            # Each group's sub-navigation appears on its own pages: follow them all.
            pages += [
                link
                for link in workspace_links(response.content.decode())
                if link.startswith("/en/officer/") or link.startswith("/admin/")
            ]
    # The role's own areas are reachable, and no one else's.
    groups = {
        Role.ADMINISTRATOR: {"/en/officer/leads/board/", "/en/officer/audit/", "/admin/core/user/"},
        Role.MANAGER: {"/en/officer/leads/reports/", "/en/officer/audit/"},
        Role.PROMOTION_OFFICER: {"/en/officer/leads/triage/", "/en/officer/enterprises/import/"},
        Role.POLICY_OFFICER: {"/en/officer/policies/new/", "/en/officer/enterprises/"},
    }[role]
    assert groups <= seen
    forbidden = {
        Role.ADMINISTRATOR: set(),
        Role.MANAGER: {"/en/officer/settings/", "/en/officer/leads/triage/"},
        Role.PROMOTION_OFFICER: {"/en/officer/audit/", "/en/officer/leads/reports/"},
        Role.POLICY_OFFICER: {"/en/officer/leads/board/", "/en/officer/audit/"},
    }[role]
    assert not forbidden & seen


def test_officer_pages_use_the_workspace_and_public_pages_do_not(officer_client, officer):
    for url in ("/en/officer/", "/en/officer/leads/", "/en/account/notifications/"):
        page = officer_client.get(url).content.decode()
        assert 'class="ws-header"' in page, url
        assert 'class="masthead"' not in page, url
        # The user menu: profile, language and a sign-out form that posts.
        assert re.search(r'<form method="post" action="/en/account/sign-out/">', page)
        assert 'href="/zh-hans/' in page
    public = officer_client.get("/en/").content.decode()
    assert 'class="masthead"' in public
    assert "ws-header" not in public


def test_enterprise_users_keep_the_public_layout_and_have_no_workspace(enterprise_user):
    client = signed_in(enterprise_user)
    assert client.get("/en/officer/").status_code == 403
    assert client.get("/en/officer/search/?q=x").status_code == 403
    page = client.get("/en/account/notifications/").content.decode()
    assert 'class="masthead"' in page
    assert "ws-header" not in page


def test_the_unread_count_shows_in_the_workspace(officer, officer_client):
    Notification.objects.create(user=officer, kind="test", title="A lead was assigned to you")
    page = officer_client.get("/en/officer/").content.decode()
    assert re.search(r'class="notifications-link">Notifications <span class="badge"[^>]*>1<', page)


@pytest.fixture
def sihui_officer() -> User:
    return regions_give(UserFactory.create(roles=[Role.PROMOTION_OFFICER]), SIHUI)


def test_today_lists_follow_ups_due_and_overdue_and_enquiries_to_triage(sihui_officer):
    lead = LeadFactory.create(company="Wing Fat Textiles", region=SIHUI, officers=[sihui_officer])
    activity_make(lead, sihui_officer, days_ago=5, follow_up_in=-2, summary="Send the land offer")
    activity_make(lead, sihui_officer, follow_up_in=0, summary="Call about the visit")
    activity_make(lead, sihui_officer, follow_up_in=3, summary="Later thing")
    enquiry_make(company="Saigon Furniture Co., Ltd.")
    page = signed_in(sihui_officer).get("/en/officer/").content.decode()
    page = page.split("Your recent changes")[0]
    assert "1 overdue" in page
    assert "1 due today" in page
    assert "Send the land offer" in page
    assert "Call about the visit" in page
    assert "Later thing" not in page
    assert "1 enquiry to triage" in page
    assert "Saigon Furniture" in page
    assert f'href="/en/officer/leads/{lead.pk}/"' in page


def test_today_shows_the_numbers_of_each_role(manager, sihui_officer):
    LeadFactory.create(company="Wing Fat Textiles", region=SIHUI, officers=[sihui_officer])
    EnterpriseFactory.create()
    officer_page = signed_in(sihui_officer).get("/en/officer/").content.decode()
    assert "open leads" in officer_page
    assert '?stage=lead">lead <strong>1</strong>' in officer_page
    assert "enterprises in the registry" in officer_page
    assert "signed this year" not in officer_page
    manager_page = signed_in(manager).get("/en/officer/").content.decode()
    assert "signed this year" in manager_page
    # Managers do not triage: no enquiries block, even with one waiting.
    enquiry_make()
    assert "to triage" not in signed_in(manager).get("/en/officer/").content.decode()


def _search(client: Client, query: str, **extra: str) -> str:
    response = client.get("/en/officer/search/", {"q": query, **extra})
    assert response.status_code == 200, query
    return response.content.decode()


def test_search_finds_visible_leads_by_company_or_contact_and_hides_the_others(sihui_officer):
    mine = LeadFactory.create(
        company="Wing Fat Textiles",
        region=SIHUI,
        contacts=[{"name": "Chan Tai-man", "phone": "", "email": "tm@wingfat.hk"}],
    )
    hidden = LeadFactory.create(company="Wing Fat Nanhai", region=FOSHAN_NANHAI)
    client = signed_in(sihui_officer)
    by_company = _search(client, "wing fat")
    assert f"/en/officer/leads/{mine.pk}/" in by_company
    assert f"/en/officer/leads/{hidden.pk}/" not in by_company
    assert f"/en/officer/leads/{mine.pk}/" in _search(client, "Tai-man")


def test_search_finds_enterprises_by_chinese_english_name_and_uscc_best_first(officer):
    exact = EnterpriseFactory.create(name="四会市华盛电子有限公司", name_en="Huasheng Electronics")
    inside = EnterpriseFactory.create(name="肇庆四会市华盛电子有限公司分公司")
    client = signed_in(officer)
    page = _search(client, "四会市华盛电子有限公司")
    assert page.index(f"/enterprises/{exact.pk}/") < page.index(f"/enterprises/{inside.pk}/")
    assert f"/enterprises/{exact.pk}/" in _search(client, "huasheng electronics")
    assert f"/enterprises/{exact.pk}/" in _search(client, exact.uscc.lower())
    assert f"/enterprises/{inside.pk}/" not in _search(client, exact.uscc)


def test_search_pages_each_list_alone(officer):
    for n in range(23):
        EnterpriseFactory.create(name=f"四会市分页{n:02d}有限公司")
    client = signed_in(officer)
    first = _search(client, "分页")
    assert "Page 1 of 2" in first
    assert "enterprises_page=2" in first
    second = _search(client, "分页", enterprises_page="2")
    assert len(re.findall(r'href="/en/officer/enterprises/\d+/"', second)) == 3


@pytest.mark.parametrize(
    "query",
    ["%", "_", "\\", "'; drop table x; --", "a\x00b", "\u202e", "x" * 5000, "   ", "[(*", "𠀀"],
)
def test_odd_search_input_answers_a_page(officer, query):
    _search(signed_in(officer), query)
