"""The public policy pages in three languages: the list (open first, paused and closed kept
with their status), a policy with its criteria in words, and the eligibility check for
enterprises not registered yet, which stores nothing; and the page cache."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.policies.factories import PolicyFactory
from tests.policies.pages import policy_data
from tests.support import signed_in
from zhaoshang.core.models import AuditEvent
from zhaoshang.policies.models import Application, Match, Policy
from zhaoshang.policies.services import policy_publish
from zhaoshang.registry.models import Enterprise
from zhaoshang.rules import parse_text

pytestmark = pytest.mark.django_db

HIGH_TECH_RULE = (
    "region_code within 4412 and industry_code within C13..C43 "
    "and revenue >= above_size_threshold and (high_tech valid or rd_expenditure / revenue >= 3%)"
)


@pytest.fixture
def policies():
    """An open, a paused, a closed and a draft policy; the open one published."""
    made = {
        "closed": PolicyFactory.create(slug="closed-one", status="closed", title_en="Closed award"),
        "paused": PolicyFactory.create(slug="paused-one", status="paused", title_en="Paused award"),
        "draft": PolicyFactory.create(slug="draft-one", title_en="Draft award"),
        "open": PolicyFactory.create(
            slug="rd-award",
            title_en="R&D award",
            title_zh_hans="研发奖励",
            title_zh_hant="研發獎勵",
            summary_en="Money for research.",
            body_en="Read **this** first.",
            issuing_body="Zhaoqing Bureau of Science and Technology",
            document_number="肇科〔2025〕8号",
            closes_on=datetime.date(2099, 12, 31),
            documents="Application form\nR&D expense audit",
            rule=parse_text(HIGH_TECH_RULE).to_json(),
        ),
    }
    policy_publish(actor=None, policy=made["open"])
    return made


def test_the_list_puts_open_policies_first_and_keeps_paused_and_closed_ones(client, policies):
    response = client.get("/en/policies/")
    titles = [p.title for p in response.context["page"].object_list]
    assert titles == ["R&D award", "Paused award", "Closed award"]
    page = response.content.decode()
    assert '<span class="status status-paused">paused</span>' in page
    assert '<span class="status status-closed">closed</span>' in page
    assert "Draft award" not in page


def test_the_list_is_in_the_readers_language(client, policies):
    assert "研發獎勵" in client.get("/zh-hant/policies/").content.decode()
    assert "研发奖励" in client.get("/zh-hans/policies/").content.decode()


def test_the_list_answers_in_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    for n in range(25):
        PolicyFactory.create(status="open", slug=f"open-{n}")
    with django_assert_max_num_queries(4):
        response = client.get("/en/policies/")
    assert len(response.context["page"].object_list) == 20


def test_a_policy_shows_its_texts_facts_documents_and_criteria_in_words(client, policies):
    page = client.get("/en/policies/rd-award/").content.decode()
    for text in (
        "Money for research.",
        "<strong>this</strong>",
        "Zhaoqing Bureau of Science and Technology",
        "肇科〔2025〕8号",
        "until 2099-12-31",
        "A fixed award of 500,000 yuan.",
        "<li>R&amp;D expense audit</li>",
        "region is within Zhaoqing City (4412)",
        "industry class is within Manufacturing (C13..C43)",
        "main-business revenue is at least 20 million yuan",
        "At least one of these:",
        "holds a valid qualification: high-tech enterprise",
        "R&amp;D expenditure as a share of main-business revenue is at least 3%",
    ):
        assert text in page, text


def test_a_policy_reads_in_chinese_too(client, policies):
    page = client.get("/zh-hans/policies/rd-award/").content.decode()
    assert "研发奖励" in page
    assert "主营业务收入" in page


def test_drafts_are_not_public(client, policies):
    assert client.get("/en/policies/draft-one/").status_code == 404
    assert client.get("/en/policies/draft-one/check/").status_code == 404


def test_the_check_asks_only_for_what_the_rule_reads(client, policies):
    form = client.get("/en/policies/rd-award/check/").context["form"]
    assert list(form.fields) == [
        "region_code",
        "industry_code",
        "revenue",
        "high_tech_issued_on",
        "high_tech_expires_on",
        "rd_expenditure",
    ]


def check(client, **figures):
    return client.post("/en/policies/rd-award/check/", figures)


def test_the_check_explains_each_criterion_of_a_qualifying_enterprise(client, policies):
    response = check(
        client, region_code="441284", industry_code="3971", revenue="2500", rd_expenditure="100"
    )
    result = response.context["result"]
    assert result["outcome"] == "eligible"
    assert [c.status for c in result["criteria"]] == ["pass", "pass", "pass", "fail", "pass"]
    rd = result["criteria"][4]
    assert (rd.observed, rd.threshold) == ("4%", "3%")
    assert "Your enterprise qualifies" in response.content.decode()
    assert "Estimated benefit:" in response.content.decode()


def test_the_check_says_what_to_supply_when_a_figure_is_missing(client, policies):
    response = check(client, region_code="441284", industry_code="3971", rd_expenditure="100")
    assert response.context["result"]["outcome"] == "possibly_eligible"
    assert "Supply these to find out: main-business revenue." in response.content.decode()


def test_the_check_shows_the_failed_figure_against_the_threshold(client, policies):
    response = check(client, region_code="440103", industry_code="3971", revenue="800")
    criteria = response.context["result"]["criteria"]
    assert response.context["result"]["outcome"] == "not_eligible"
    assert (criteria[0].status, criteria[0].observed) == ("fail", "Liwan District (440103)")
    assert (criteria[2].observed, criteria[2].threshold) == (
        "8 million yuan",
        "20 million yuan",
    )


def test_bad_figures_are_refused_on_their_fields(client, policies):
    response = check(client, region_code="999999", industry_code="99x", revenue="lots")
    errors = response.context["form"].errors
    assert response.context["result"] is None
    assert "Select a valid choice." in errors["region_code"][0]
    assert errors["industry_code"] == [
        "Give the four-digit industry class of GB/T 4754-2017, such as 3971."
    ]
    assert errors["revenue"] == ["Enter a number."]
    assert check(client, industry_code="9901").context["form"].errors["industry_code"] == [
        "There is no industry division 99."
    ]


def test_the_check_stores_nothing(client, policies):
    counts = [m.objects.count() for m in (Enterprise, Match, Application, AuditEvent, Policy)]
    with CaptureQueriesContext(connection) as queries:
        response = check(client, region_code="441284", industry_code="3971", revenue="2500")
    assert response.status_code == 200
    writes = [
        q["sql"] for q in queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")
    ]
    assert writes == []
    assert [m.objects.count() for m in (Enterprise, Match, Application, AuditEvent, Policy)] == (
        counts
    )
    assert "X-Page-Cache" not in response.headers


def test_public_pages_are_cached_and_a_saved_change_shows_at_once(client, policies, policy_officer):
    assert client.get("/en/policies/").headers["X-Page-Cache"] == "miss"
    assert client.get("/en/policies/").headers["X-Page-Cache"] == "hit"
    assert client.get("/en/policies/rd-award/").headers["X-Page-Cache"] == "miss"
    policy = policies["open"]
    signed_in(policy_officer).post(
        f"/en/officer/policies/{policy.pk}/", policy_data(policy, title_en="R&D award 2026")
    )
    assert "R&amp;D award 2026" in client.get("/en/policies/").content.decode()
    assert "R&amp;D award 2026" in client.get("/en/policies/rd-award/").content.decode()


def test_publishing_refreshes_the_cached_criteria(client, policies, policy_officer):
    policy = policies["paused"]
    client.get("/en/policies/paused-one/")
    Policy.objects.filter(pk=policy.pk).update(
        rule=parse_text("employees >= 300").to_json(), benefit_amount=Decimal(80)
    )
    signed_in(policy_officer).post(f"/en/officer/policies/{policy.pk}/publish/")
    assert (
        "employees is at least 300 persons"
        in client.get("/en/policies/paused-one/").content.decode()
    )


def test_chinese_readers_see_criteria_and_money_in_their_words(client, policies):
    simplified = client.get("/zh-hans/policies/rd-award/").content.decode()
    assert "主营业务收入不低于2,000万元（规模以上工业企业主营业务收入标准）" in simplified
    assert "固定奖励50万元。" in simplified
    traditional = client.get("/zh-hant/policies/rd-award/").content.decode()
    assert "主營業務收入不低於2,000萬元（規模以上工業企業主營業務收入標準）" in traditional
    assert "至少滿足其中一項：" in traditional


def test_a_document_named_in_two_languages_reads_in_the_readers_own():
    from django.utils import translation

    from zhaoshang.policies.models import document_name

    line = "设备购置发票复印件 / Copies of equipment invoices"
    with translation.override("zh-hans"):
        assert document_name(line) == "设备购置发票复印件"
    assert document_name(line, "zh-hant") == "設備購置發票複印件"
    assert document_name(line, "en") == "Copies of equipment invoices"
    assert document_name("营业执照复印件", "en") == "营业执照复印件"  # one name: as it is
    assert document_name("Form A / Form B", "zh-hans") == "Form A / Form B"
