"""The policies API: create with the text form, refuse bad rules, publish, preview, explain
and matches, with the same checks as the pages."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from tests.factories import UserFactory
from tests.policies.factories import EnterpriseFactory, PolicyFactory
from tests.support import signed_in
from zhaoshang.core.roles import Role
from zhaoshang.core.tasks import task_run_next
from zhaoshang.policies.models import Policy, PolicyVersion
from zhaoshang.registry.services import enterprise_member_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy_officer():
    return signed_in(UserFactory.create(username="polly", roles=[Role.POLICY_OFFICER]))


def post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_a_policy_is_created_from_the_text_form_and_published(policy_officer):
    EnterpriseFactory.with_figures(revenue=Decimal(2500))
    created = post(
        policy_officer,
        "/api/policies/policies",
        {
            "slug": "tech-award",
            "title_en": "Technological transformation award",
            "issuing_body": "Sihui",
            "rule_text": "revenue >= above_size_threshold and industry_code within C13..C43",
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["rule"]["all"][0]["field"] == "revenue"
    published = post(policy_officer, "/api/policies/policies/tech-award/publish", {})
    assert published.status_code == 201
    task_run_next()
    matches = policy_officer.get("/api/policies/policies/tech-award/versions/1/matches")
    assert [m["outcome"] for m in matches.json()["items"]] == ["eligible"]


def test_a_text_rule_with_a_syntax_error_points_to_the_column(policy_officer):
    response = post(
        policy_officer,
        "/api/policies/policies",
        {"slug": "x", "issuing_body": "Sihui", "rule_text": "revenue >= = 5"},
    )
    assert response.status_code == 422
    assert "column" in response.json()["detail"]
    assert not Policy.objects.exists()


def test_an_unknown_field_is_refused_with_its_path(policy_officer):
    response = post(
        policy_officer,
        "/api/policies/policies",
        {
            "slug": "x",
            "issuing_body": "Sihui",
            "rule": {"all": [{"field": "turnover", "op": ">=", "value": 1}]},
        },
    )
    assert response.status_code == 422
    assert "$.all[0]" in response.json()["detail"]
    assert "turnover" in response.json()["detail"]
    assert not Policy.objects.exists()


def test_preview_counts_what_a_rule_admits(policy_officer):
    EnterpriseFactory.with_figures(revenue=Decimal(2500))
    EnterpriseFactory.with_figures(revenue=Decimal(10))
    response = post(
        policy_officer,
        "/api/policies/preview",
        {"rule_text": "revenue >= 100", "benefit_kind": "fixed", "benefit_amount": "5"},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["total"], body["eligible"], Decimal(body["benefit_total"])) == (2, 1, 5)


def test_an_enterprise_user_explains_its_own_enterprise_only():
    mine, other = EnterpriseFactory.with_figures(revenue=Decimal(100)), EnterpriseFactory.create()
    user = UserFactory.create(roles=[Role.ENTERPRISE_USER])
    enterprise_member_add(actor=None, user=user, enterprise=mine)
    policy = PolicyFactory.create(status=Policy.Status.OPEN)
    PolicyVersion.objects.create(
        policy=policy, number=1, rule=policy.rule, benefit_kind="none", as_of="2025-06-01"
    )
    client = signed_in(user)
    explained = client.get(f"/api/policies/policies/{policy.slug}/explain/{mine.uscc}")
    assert explained.status_code == 200
    assert explained.json()["outcome"] == "not_eligible"
    revenue = explained.json()["criteria"][0]
    assert (revenue["status"], revenue["observed"], revenue["threshold"]) == (
        "fail",
        "100.00",
        "2000",
    )
    assert (
        client.get(f"/api/policies/policies/{policy.slug}/explain/{other.uscc}").status_code == 403
    )


def test_reading_policies_needs_a_role():
    client = signed_in(UserFactory.create(roles=[Role.ENTERPRISE_USER]))
    assert client.get("/api/policies/policies").status_code == 403


def test_a_type_mismatch_and_malformed_json_are_refused(policy_officer):
    mismatch = post(
        policy_officer,
        "/api/policies/preview",
        {"rule": {"field": "revenue", "op": ">=", "value": "a lot"}},
    )
    assert mismatch.status_code == 422
    assert "$.value" in mismatch.json()["detail"]
    malformed = policy_officer.post(
        "/api/policies/preview", '{"rule": {', content_type="application/json"
    )
    assert malformed.status_code in (400, 422)
    assert not Policy.objects.exists()
