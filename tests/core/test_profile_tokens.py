"""Users create and revoke their API tokens on the profile page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.support import signed_in
from zhaoshang.core.models import ApiToken
from zhaoshang.core.services import api_token_create

pytestmark = pytest.mark.django_db


def test_a_token_made_on_the_profile_page_is_shown_once_and_works(officer):
    client = signed_in(officer)
    page = client.post("/en/account/profile/", {"name": "nightly report"}).content.decode()
    match = re.search(r'<code class="token" id="new-token">(zs_[\w-]+)</code>', page)
    assert match is not None
    raw = match.group(1)
    assert (
        Client().get("/api/core/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 200
    )
    assert raw not in client.get("/en/account/profile/").content.decode()


def test_an_empty_token_name_is_refused(officer):
    client = signed_in(officer)
    response = client.post("/en/account/profile/", {"name": "   "})
    assert "This field is required." in response.content.decode()
    assert not ApiToken.objects.exists()


def test_revoking_from_the_profile_page(officer):
    _token, raw = api_token_create(actor=officer, name="old script")
    client = signed_in(officer)
    token = ApiToken.objects.get()
    client.post(f"/en/account/tokens/{token.pk}/revoke/")
    assert (
        Client().get("/api/core/me", headers={"Authorization": f"Bearer {raw}"}).status_code == 401
    )


def test_nobody_revokes_another_users_token(officer, manager):
    api_token_create(actor=officer, name="officer's")
    token = ApiToken.objects.get()
    response = signed_in(manager).post(f"/en/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_forms_without_a_csrf_token_are_refused_and_change_nothing(officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post("/en/account/profile/", {"name": "forged"})
    assert response.status_code == 403
    assert not ApiToken.objects.exists()
    sign_in = Client(enforce_csrf_checks=True).post(
        "/en/account/sign-in/", {"username": officer.username, "password": "x"}
    )
    assert sign_in.status_code == 403
