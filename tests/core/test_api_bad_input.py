"""Bad API input answers 422 naming the field (or 401 without a caller), never 500: numbers
beyond what a database holds, NUL and control characters, null where null means nothing."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.policies.factories import PolicyFactory
from zhaoshang.core.models import SiteSettings
from zhaoshang.core.services import api_token_create, site_settings_update
from zhaoshang.policies.models import Policy
from zhaoshang.registry.services import reference_sync

pytestmark = pytest.mark.django_db

HUGE = str(2**64 + 1)


@pytest.fixture
def admin_api(administrator) -> Client:
    _token, raw = api_token_create(actor=administrator, name="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def _fields(response) -> set[str]:
    return {str(error["loc"][-1]) for error in response.json()["detail"]}


@pytest.mark.parametrize("name", ["limit", "offset"])
@pytest.mark.parametrize(
    "path",
    [
        "/api/core/audit-events",
        "/api/leads/leads",
        "/api/policies/policies",
        "/api/registry/enterprises",
    ],
)
def test_a_page_number_beyond_64_bits_answers_422_naming_it(admin_api, path, name):
    response = admin_api.get(path, {name: HUGE})
    assert response.status_code == 422
    assert _fields(response) == {name}


def test_an_id_beyond_64_bits_answers_422_naming_it(admin_api):
    response = admin_api.get(f"/api/leads/leads/{HUGE}")
    assert response.status_code == 422
    assert _fields(response) == {"lead_id"}


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/api/core/audit-events", "user"),
        ("/api/leads/leads", "q"),
        ("/api/leads/visits", "enterprise"),
        ("/api/registry/enterprises", "region"),
    ],
)
def test_a_nul_character_in_a_query_parameter_answers_422_naming_it(admin_api, path, name):
    response = admin_api.get(path, {name: "a\x00b"})
    assert response.status_code == 422
    assert _fields(response) == {name}


def test_a_control_character_in_a_field_answers_422_naming_it_and_changes_nothing(admin_api):
    site_settings_update(actor=None, city_en="Sihui")
    response = admin_api.patch(
        "/api/core/site-settings", {"city_en": "Si\x00hui"}, content_type="application/json"
    )
    assert response.status_code == 422
    assert _fields(response) == {"city_en"}
    assert SiteSettings.objects.get().city_en == "Sihui"


def test_null_for_a_text_setting_answers_422_naming_it(admin_api):
    response = admin_api.patch(
        "/api/core/site-settings", {"city_en": None}, content_type="application/json"
    )
    assert response.status_code == 422
    assert _fields(response) == {"city_en"}


@pytest.mark.parametrize("name", ["benefit_kind", "title_en", "issuing_body"])
def test_null_for_a_policy_field_that_cannot_be_empty_answers_422(admin_api, name):
    policy = PolicyFactory.create()
    before = Policy.objects.values().get(pk=policy.pk)
    response = admin_api.patch(
        f"/api/policies/policies/{policy.slug}",
        json.dumps({name: None}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert _fields(response) == {name}
    assert Policy.objects.values().get(pk=policy.pk) == before


@pytest.mark.parametrize("method", ["post", "patch", "delete", "put"])
def test_an_unauthenticated_write_answers_401_json_not_a_csrf_403(method):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(
        "/api/core/site-settings", "{}", content_type="application/json"
    )
    assert response.status_code in {401, 405}
    if method == "patch":
        assert response.status_code == 401
        assert response["Content-Type"].startswith("application/json")
        assert "detail" in response.json()


def test_every_operation_declares_the_errors_it_can_answer():
    schema = Client().get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert "401" in declared, (method, path)
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in declared, (method, path)
            if "{" in path:
                assert "404" in declared, (method, path)


@pytest.mark.parametrize(("sent", "stored"), [("", None), ("441284", "441284")])
def test_an_empty_region_scope_clears_the_scope_instead_of_failing(admin_api, sent, stored):
    # Found by Schemathesis: "" passed the model's check and failed the foreign key (500).
    reference_sync()
    policy = PolicyFactory.create()
    response = admin_api.patch(
        f"/api/policies/policies/{policy.slug}",
        json.dumps({"region_scope": sent}),
        content_type="application/json",
    )
    assert response.status_code == 200
    policy.refresh_from_db()
    assert policy.region_scope_id == stored


def test_an_unknown_region_scope_answers_422_naming_it(admin_api):
    policy = PolicyFactory.create()
    response = admin_api.patch(
        f"/api/policies/policies/{policy.slug}",
        json.dumps({"region_scope": "999999"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "region_scope" in response.json()["detail"]
