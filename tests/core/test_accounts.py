"""Signing in and out, landing pages, passwords, throttling and roles."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from tests.factories import PASSWORD, UserFactory
from tests.support import signed_in
from zhaoshang.core.models import AuditEvent, User
from zhaoshang.core.roles import ROLE_PERMISSIONS
from zhaoshang.core.services import site_settings_update

pytestmark = pytest.mark.django_db

SIGN_IN = "/en/account/sign-in/"
GENERIC = "The user name or the password is wrong."


def sign_in(client: Client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(SIGN_IN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_every_role_exists_as_a_group_with_its_permissions():
    for role, wanted in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert held == set(wanted), role


def test_officer_lands_on_the_officer_start_page(officer):
    response = sign_in(Client(), officer.username, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/en/account/start/"


def test_sign_in_then_start_redirects_officers_and_enterprise_users_differently(
    officer, enterprise_user
):
    officer_page = signed_in(officer).get("/en/account/start/", follow=True)
    assert officer_page.redirect_chain[-1][0] == "/en/officer/"
    assert "Officer workspace" in officer_page.content.decode()
    enterprise_page = signed_in(enterprise_user).get("/en/account/start/", follow=True)
    assert enterprise_page.redirect_chain[-1][0] == "/en/my-enterprise/"


def test_enterprise_user_cannot_open_officer_pages(enterprise_user):
    client = signed_in(enterprise_user)
    assert client.get("/en/officer/").status_code == 403
    assert client.get("/en/officer/audit/").status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in_from_officer_pages():
    response = Client().get("/en/officer/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{SIGN_IN}?next=/en/officer/")


def test_wrong_password_and_unknown_user_get_the_same_generic_message(officer):
    wrong_password = sign_in(Client(), officer.username, "not-the-password")
    unknown_user = sign_in(Client(), "nobody-here", "not-the-password")
    for response in (wrong_password, unknown_user):
        assert response.status_code == 200
        assert GENERIC in response.content.decode()
        assert "_auth_user_id" not in response.wsgi_request.session


def test_inactive_account_gets_the_generic_message(officer):
    officer.is_active = False
    officer.save()
    response = sign_in(Client(), officer.username, PASSWORD)
    assert GENERIC in response.content.decode()


def test_five_failures_lock_that_account_from_that_address(officer):
    for _ in range(5):
        sign_in(Client(), officer.username, "wrong", address="10.0.0.7")
    locked = sign_in(Client(), officer.username, PASSWORD, address="10.0.0.7")
    assert locked.status_code == 429
    assert "Try again in 15 minutes" in locked.content.decode()
    assert "_auth_user_id" not in locked.wsgi_request.session


def test_the_lock_does_not_spread_to_other_addresses_or_accounts(officer, manager):
    for _ in range(5):
        sign_in(Client(), officer.username, "wrong", address="10.0.0.7")
    from_elsewhere = sign_in(Client(), officer.username, PASSWORD, address="10.0.0.8")
    assert from_elsewhere.status_code == 302
    other_account = sign_in(Client(), manager.username, PASSWORD, address="10.0.0.7")
    assert other_account.status_code == 302


def test_one_password_sprayed_over_many_accounts_locks_the_address(officer, settings):
    for n in range(settings.SIGN_IN_ADDRESS_FAILURE_LIMIT):
        UserFactory.create(username=f"staff{n}")
        sign_in(Client(), f"staff{n}", "Summer2026!", address="10.0.0.66")
    # The next try from that address is refused, even with a right password...
    locked = sign_in(Client(), officer.username, PASSWORD, address="10.0.0.66")
    assert locked.status_code == 429
    assert "_auth_user_id" not in locked.wsgi_request.session
    # ...while the same account signs in from another address.
    assert sign_in(Client(), officer.username, PASSWORD, address="10.0.0.67").status_code == 302


def test_a_few_mistakes_across_accounts_do_not_lock_an_office(officer, manager):
    for username in (officer.username, manager.username, "nobody"):
        for _ in range(3):
            sign_in(Client(), username, "wrong", address="10.0.0.70")
    assert sign_in(Client(), officer.username, PASSWORD, address="10.0.0.70").status_code == 302


def test_four_failures_do_not_lock(officer):
    for _ in range(4):
        sign_in(Client(), officer.username, "wrong", address="10.0.0.9")
    assert sign_in(Client(), officer.username, PASSWORD, address="10.0.0.9").status_code == 302


def test_failed_sign_in_changes_nothing_in_the_audit_log(officer):
    before = AuditEvent.objects.count()
    for _ in range(6):
        sign_in(Client(), officer.username, "wrong")
    assert AuditEvent.objects.count() == before


def test_sign_out_needs_a_post_and_ends_the_session(officer):
    client = signed_in(officer)
    assert client.get("/en/account/sign-out/").status_code == 405
    client.post("/en/account/sign-out/")
    assert client.get("/en/officer/").status_code == 302


def test_changing_the_password_works_and_is_audited(officer):
    client = signed_in(officer)
    response = client.post(
        "/en/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Zhaoqing-river-2027",
            "new_password2": "Zhaoqing-river-2027",
        },
    )
    assert response.status_code == 302
    assert client.get("/en/officer/").status_code == 200  # still signed in
    officer.refresh_from_db()
    assert officer.check_password("Zhaoqing-river-2027")
    event = AuditEvent.objects.filter(object_id=str(officer.pk), action="update").latest("at")
    assert event.changes == {"password": {"old": "•••", "new": "•••"}}
    assert event.actor == officer


def test_password_reset_mails_a_link_that_sets_a_new_password(officer):
    client = Client()
    client.post("/en/account/reset/", {"email": officer.email})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/en/account/reset/\S+/)", str(mail.outbox[0].body))
    assert link is not None
    form_page = client.get(link.group(1), follow=True)
    assert "Choose a new password" in form_page.content.decode()
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Lotus-hills-4412", "new_password2": "Lotus-hills-4412"},
    )
    assert User.objects.get(pk=officer.pk).check_password("Lotus-hills-4412")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same():
    response = Client().post("/en/account/reset/", {"email": "stranger@example.com"})
    assert response.status_code == 302
    assert response["Location"] == "/en/account/reset/sent/"
    assert mail.outbox == []


def test_django_admin_is_for_administrators_only(administrator, officer):
    assert signed_in(administrator).get("/admin/").status_code == 200
    refused = signed_in(officer).get("/admin/")
    assert refused.status_code == 302
    assert refused["Location"].startswith("/admin/login/")


def test_user_create_refuses_a_weak_password_and_writes_nothing():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        UserFactory.create(username="weak", password="123")
    assert "password" in caught.value.message_dict
    assert not User.objects.filter(username="weak").exists()


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_the_sign_in_page_title_names_the_site(language):
    site_settings_update(
        actor=None,
        center_name_en="Sihui Investment Promotion Center",
        center_name_zh_hans="四会市投资促进中心",
        center_name_zh_hant="四會市投資促進中心",
    )
    html = Client().get(f"/{language}/account/sign-in/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None
    name = {"en": "Sihui Investment", "zh-hans": "四会市投资", "zh-hant": "四會市投資"}[language]
    assert name in title.group(1)
