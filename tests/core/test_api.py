"""The JSON API: schema and docs, token and session authentication, CSRF, errors."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.support import signed_in
from zhaoshang.core.models import ApiToken, SiteSettings
from zhaoshang.core.services import api_token_create, api_token_revoke, site_settings_update

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def test_openapi_schema_describes_the_endpoints_and_both_auth_schemes():
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Zhaoshang API"
    assert "/api/core/me" in schema["paths"]
    assert "/api/core/audit-events" in schema["paths"]
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} >= {"http", "apiKey"}


def test_interactive_docs_are_served_from_our_own_static_files():
    html = Client().get("/api/docs").content.decode()
    assert "swagger-ui" in html
    assert "/static/ninja/swagger-ui-bundle" in html
    assert "cdn." not in html


@pytest.mark.parametrize(
    "headers",
    [{}, bearer("zs_not-a-real-token"), bearer("garbage"), {"Authorization": "Basic eDp5"}],
)
def test_without_a_valid_token_or_session_the_api_answers_401_json(headers):
    response = Client().get("/api/core/me", headers=headers)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "detail" in response.json()


def test_a_token_authenticates_a_script(officer):
    _token, raw = api_token_create(actor=officer, name="crm sync")
    response = Client().get("/api/core/me", headers=bearer(raw))
    assert response.status_code == 200
    assert response.json() == {
        "username": officer.username,
        "name": officer.display_name,
        "email": officer.email,
        "roles": ["promotion_officer"],
    }
    assert ApiToken.objects.get(user=officer).last_used_at is not None


def test_tokens_are_stored_hashed(officer):
    token, raw = api_token_create(actor=officer, name="crm sync")
    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw not in json.dumps(stored, default=str)
    assert stored["digest"] != raw
    assert len(stored["digest"]) == 64


def test_a_revoked_token_stops_working(officer):
    token, raw = api_token_create(actor=officer, name="crm sync")
    api_token_revoke(actor=officer, token=token)
    assert Client().get("/api/core/me", headers=bearer(raw)).status_code == 401


def test_a_deactivated_users_token_stops_working(officer):
    _token, raw = api_token_create(actor=officer, name="crm sync")
    officer.is_active = False
    officer.save()
    assert Client().get("/api/core/me", headers=bearer(raw)).status_code == 401


def test_a_browser_session_reads_the_api(officer):
    assert signed_in(officer).get("/api/core/me").json()["username"] == officer.username


def test_a_session_write_without_csrf_token_is_refused_and_changes_nothing(administrator):
    site_settings_update(actor=administrator, city_en="Sihui")
    client = Client(enforce_csrf_checks=True)
    client.force_login(administrator)
    response = client.patch(
        "/api/core/site-settings", {"city_en": "Forged"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert SiteSettings.objects.get().city_en == "Sihui"


def test_a_session_write_with_the_csrf_token_goes_through(administrator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(administrator)
    client.get("/en/officer/settings/")  # sets the CSRF cookie, as the browser would have
    token = client.cookies["csrftoken"].value
    response = client.patch(
        "/api/core/site-settings",
        {"city_en": "Sihui, Zhaoqing"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200, response.content
    assert SiteSettings.objects.get().city_en == "Sihui, Zhaoqing"


def test_a_token_write_needs_no_csrf_but_needs_the_permission(administrator, officer):
    _t, admin_raw = api_token_create(actor=administrator, name="a")
    _t, officer_raw = api_token_create(actor=officer, name="o")
    client = Client(enforce_csrf_checks=True)
    refused = client.patch(
        "/api/core/site-settings",
        {"city_en": "X"},
        content_type="application/json",
        headers=bearer(officer_raw),
    )
    assert refused.status_code == 403
    done = client.patch(
        "/api/core/site-settings",
        {"city_en": "Sihui"},
        content_type="application/json",
        headers=bearer(admin_raw),
    )
    assert done.status_code == 200
    assert done.json()["city_en"] == "Sihui"


def test_a_bad_phone_number_is_refused_with_its_field_and_changes_nothing(administrator):
    site_settings_update(actor=administrator, city_en="Sihui", phone="+86 758 3611228")
    _t, raw = api_token_create(actor=administrator, name="a")
    response = Client().patch(
        "/api/core/site-settings",
        {"city_en": "Elsewhere", "phone": "12345"},
        content_type="application/json",
        headers=bearer(raw),
    )
    assert response.status_code == 422
    assert "phone" in response.json()["detail"]
    row = SiteSettings.objects.get()
    assert (row.city_en, row.phone) == ("Sihui", "+867583611228")


def test_audit_events_endpoint_filters_and_refuses_officers(manager, officer, administrator):
    site_settings_update(actor=administrator, city_en="Sihui")
    client = signed_in(manager)
    body = client.get("/api/core/audit-events", {"object_type": "core.sitesettings"}).json()
    assert body["count"] >= 1
    assert {item["object_type"] for item in body["items"]} == {"core.sitesettings"}
    unknown = client.get("/api/core/audit-events", {"object_type": "core.nothing"})
    assert unknown.status_code == 422
    assert "object_type" in unknown.json()["detail"]
    assert signed_in(officer).get("/api/core/audit-events").status_code == 403
