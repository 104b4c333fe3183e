"""“My policies”: what the enterprise qualifies for (window, benefit, how to apply, marking
it applied), what it may qualify for and what to supply, and why it fails the rest."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.policies.factories import EnterpriseFactory, PolicyFactory
from tests.policies.pages import messages_of
from tests.support import signed_in
from zhaoshang.core.roles import Role
from zhaoshang.policies.models import Application, Policy
from zhaoshang.policies.services import policy_publish
from zhaoshang.registry.services import enterprise_member_add
from zhaoshang.rules import parse_text

pytestmark = pytest.mark.django_db


def published(slug: str, rule: str, **fields) -> Policy:
    policy = PolicyFactory.create(
        slug=slug, title_en=slug, rule=parse_text(rule).to_json(), **fields
    )
    policy_publish(actor=None, policy=policy)
    return Policy.objects.get(pk=policy.pk)


@pytest.fixture
def member():
    today = timezone.localdate()
    enterprise = EnterpriseFactory.with_figures(
        year=today.year - 1,
        revenue=Decimal(2500),
        rd_expenditure=Decimal(120),
        high_tech_issued_on=today - datetime.timedelta(days=400),
        high_tech_expires_on=today + datetime.timedelta(days=400),
    )
    user = UserFactory.create(roles=[Role.ENTERPRISE_USER])
    enterprise_member_add(actor=None, user=user, enterprise=enterprise)
    return user


@pytest.fixture
def policies():
    today = timezone.localdate()
    return {
        "apply": published(
            "tech-award",
            "revenue >= above_size_threshold",
            closes_on=today + datetime.timedelta(days=10),
            documents="Application form\nAudited accounts",
        ),
        "granted": published(
            "rd-subsidy",
            "rd_expenditure > 0",
            mode="granted",
            benefit_kind="formula",
            benefit_amount=None,
            benefit_formula="min(10% * rd_expenditure, 500)",
        ),
        "possibly": published("jobs-award", "employees >= 100"),
        "too_small": published("giant-award", "revenue >= 5000"),
        "excluded": published("newcomer-award", "not high_tech valid"),
    }


def mine(user):
    return signed_in(user).get("/en/my-policies/")


def titles(items):
    return [item.policy.slug for item in items]


def test_policies_are_grouped_by_what_the_enterprise_can_expect(member, policies):
    context = mine(member).context
    assert sorted(titles(context["eligible"])) == ["rd-subsidy", "tech-award"]
    assert titles(context["possibly"]) == ["jobs-award"]
    assert sorted(titles(context["not_eligible"])) == ["giant-award", "newcomer-award"]


def test_a_qualifying_policy_shows_its_deadline_benefit_and_documents(member, policies):
    page = mine(member).content.decode()
    assert "10 days left" in page
    assert "500,000 yuan" in page
    assert "<li>Audited accounts</li>" in page
    assert "120,000 yuan" in page  # 10% of 1.2 million, the granted R&D subsidy
    assert "Granted without an application: nothing to do." in page


def test_marking_a_policy_applied_records_it_once(member, policies):
    client = signed_in(member)
    url = reverse("policies-mark-applied", args=[policies["apply"].pk])
    response = client.post(url, {"reference": "SH-2026-17"}, follow=True)
    assert messages_of(response) == ["Recorded: you applied for “tech-award”."]
    client.post(url, {"reference": "again"})
    application = Application.objects.get()
    assert application.reference == "SH-2026-17"
    assert application.recorded_by == member
    assert "Reference: SH-2026-17" in response.content.decode()


def test_a_granted_policy_cannot_be_marked_applied(member, policies):
    url = reverse("policies-mark-applied", args=[policies["granted"].pk])
    response = signed_in(member).post(url, follow=True)
    assert messages_of(response) == ["This policy is granted without an application."]
    assert not Application.objects.exists()


def test_a_possible_match_says_what_to_supply_and_which_criteria_are_open(member, policies):
    response = mine(member)
    item = response.context["possibly"][0]
    assert item.missing == ["employees"]
    assert [c.text for c in item.unknown] == ["employees is at least 100 persons"]
    assert "The registry lacks figures this policy needs: employees." in (response.content.decode())


def test_a_failed_policy_shows_the_figure_against_the_threshold(member, policies):
    items = {item.policy.slug: item for item in mine(member).context["not_eligible"]}
    reason, excludes = items["giant-award"].reasons[0]
    assert (reason.observed, reason.threshold, excludes) == (
        "25 million yuan",
        "50 million yuan",
        False,
    )
    reason, excludes = items["newcomer-award"].reasons[0]
    assert reason.text == "holds a valid qualification: high-tech enterprise"
    assert excludes


def test_an_account_without_an_enterprise_is_told_how_to_get_linked(enterprise_user):
    page = signed_in(enterprise_user).get("/en/my-policies/").content.decode()
    assert "not linked to an enterprise yet" in page


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/en/my-policies/")
    assert response.status_code == 302
    assert "/account/sign-in/" in response["Location"]


def test_the_page_reads_in_traditional_chinese(member, policies):
    page = signed_in(member).get("/zh-hant/my-policies/")
    assert page.status_code == 200
    assert "zh-hant" in page.content.decode()[:200]


def test_enterprise_users_find_their_policies_in_the_navigation(member, policies):
    page = signed_in(member).get("/en/").content.decode()
    assert '<a href="/en/my-policies/">My policies</a>' in page
    assert '<a href="/en/policies/">Support policies</a>' in page


def test_my_policies_answers_in_a_bounded_number_of_queries(member, django_assert_max_num_queries):
    for n in range(6):
        published(f"policy-{n}", "revenue >= above_size_threshold")
    client = signed_in(member)
    client.get("/en/my-policies/")  # warm the session and the sites
    with django_assert_max_num_queries(14) as counted:
        client.get("/en/my-policies/")
    few = len(counted.captured_queries)
    published("policy-more", "revenue >= above_size_threshold")
    with django_assert_max_num_queries(few):  # one more policy, no more queries
        client.get("/en/my-policies/")
