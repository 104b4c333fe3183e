"""The policy editor: saving with the rule in either form, refusals that name the field and
change nothing, the text ↔ JSON endpoints, and who may do what."""

from __future__ import annotations

import json

import pytest

from tests.factories import UserFactory
from tests.policies.factories import RULE_TEXT, PolicyFactory
from tests.policies.pages import editor_data, messages_of, policy_data, triggered
from tests.support import signed_in
from zhaoshang.core.roles import Role
from zhaoshang.policies.models import Policy
from zhaoshang.rules import parse_rule, parse_text

pytestmark = pytest.mark.django_db
NEW = "/en/officer/policies/new/"
PARSE = "/en/officer/policies/rule/parse/"
FORMAT = "/en/officer/policies/rule/format/"


def structure(data):
    return parse_rule(data).structure()


def test_a_policy_officer_creates_a_policy_whose_rule_is_typed_as_text(policy_officer):
    response = signed_in(policy_officer).post(NEW, editor_data())
    policy = Policy.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/officer/policies/{policy.pk}/"
    assert structure(policy.rule) == parse_text(RULE_TEXT).structure()
    assert policy.title_zh_hant == "技術改造獎勵"
    assert policy.created_by == policy_officer


def test_the_builders_json_counts_when_the_builder_was_changed_last(policy_officer):
    built = {"all": [{"field": "employees", "op": ">=", "value": 100}]}
    signed_in(policy_officer).post(
        NEW, editor_data(rule=json.dumps(built), rule_text="revenue >= 1", rule_origin="builder")
    )
    assert structure(Policy.objects.get().rule) == parse_text("all (employees >= 100)").structure()


def test_the_text_counts_when_it_was_typed_last_and_stored_labels_do_not_go_stale(
    policy_officer,
):
    signed_in(policy_officer).post(NEW, editor_data(rule_text="revenue >= 3000"))
    stored = Policy.objects.get().rule
    assert (stored["op"], stored["value"]) == (">=", 3000)
    assert "label" not in stored  # a label that only repeated the text is not kept


def test_a_syntax_error_shows_line_column_and_caret_and_nothing_is_saved(policy_officer):
    response = signed_in(policy_officer).post(
        NEW, editor_data(rule_text="revenue >= 2000\nand industry_code within")
    )
    assert response.status_code == 200
    assert not Policy.objects.exists()
    page = response.content.decode()
    assert "Line 2, column 25" in page
    assert "    and industry_code within\n                            ^" in page
    assert any(m.startswith("Rule as text: Line 2, column 25") for m in messages_of(response))
    assert "Nothing was saved." in messages_of(response)


def test_a_refusal_by_the_service_names_the_field_and_changes_nothing(policy_officer):
    policy = PolicyFactory.create(title_en="Before")
    response = signed_in(policy_officer).post(
        f"/en/officer/policies/{policy.pk}/",
        policy_data(
            policy,
            title_en="After",
            benefit_kind="formula",
            benefit_formula="min(10% * rd_spending, 500)",
        ),
    )
    assert response.status_code == 200
    assert any(
        m.startswith("Benefit formula (10,000 yuan): ") and "rd_spending" in m
        for m in messages_of(response)
    )
    assert Policy.objects.get().title_en == "Before"


def test_a_window_that_closes_before_it_opens_is_refused_on_its_field(policy_officer):
    response = signed_in(policy_officer).post(
        NEW, editor_data(opens_on="2026-03-01", closes_on="2026-02-01")
    )
    assert response.context["form"].errors["closes_on"] == [
        "The window must close on or after the day it opens."
    ]
    assert not Policy.objects.exists()


def test_saving_an_existing_policy_keeps_the_ids_of_its_criteria(policy_officer):
    policy = PolicyFactory.create()
    before = [c.id for c in parse_rule(policy.rule).criteria]
    signed_in(policy_officer).post(
        f"/en/officer/policies/{policy.pk}/", policy_data(policy, rule_origin="builder")
    )
    policy.refresh_from_db()
    assert [c.id for c in parse_rule(policy.rule).criteria] == before


def test_the_editor_carries_the_builders_field_catalogue(policy_officer):
    page = signed_in(policy_officer).get(NEW).content.decode()
    start = page.index('<script id="rule-catalogue" type="application/json">')
    catalogue = json.loads(page[start:].split(">", 1)[1].split("</script>", 1)[0])
    revenue = next(f for f in catalogue["fields"] if f["name"] == "revenue")
    assert revenue == {
        "name": "revenue",
        "type": "number",
        "label": "main-business revenue",
        "unit": "10,000 yuan",
        "yearly": True,
        "nullable": False,
        "ops": ["=", "!=", "<", "<=", ">", ">=", "in", "not_in", "between"],
        "choices": [],
    }
    assert catalogue["qualifications"][0]["name"] == "high_tech"
    assert catalogue["parameters"][0]["name"] == "above_size_threshold"


def test_text_is_read_into_json_for_the_builder(policy_officer):
    response = signed_in(policy_officer).post(PARSE, {"rule_text": RULE_TEXT})
    rule = triggered(response)["rule-parsed"]["rule"]
    assert structure(rule) == parse_text(RULE_TEXT).structure()
    assert "2 criteria" in response.content.decode()


def test_text_that_does_not_read_is_located_for_the_officer(policy_officer):
    response = signed_in(policy_officer).post(PARSE, {"rule_text": "revenue >== 5"})
    page = response.content.decode()
    assert "rule-text-invalid" in triggered(response)
    assert "Line 1, column 11" in page
    assert "    revenue &gt;== 5\n              ^" in page


def test_the_builders_json_is_printed_as_text(policy_officer):
    built = {
        "any": [{"qualification": "high_tech"}, {"field": "employees", "op": ">", "value": 50}]
    }
    response = signed_in(policy_officer).post(
        FORMAT, {"rule": json.dumps(built), "rule_text": "old"}
    )
    assert triggered(response)["rule-formatted"] == {"text": "high_tech valid or employees > 50"}


def test_an_incomplete_builder_rule_keeps_the_text_and_names_the_node(policy_officer):
    built = {"all": [{"field": "revenue", "op": ">=", "value": 1}, {"any": []}]}
    response = signed_in(policy_officer).post(
        FORMAT, {"rule": json.dumps(built), "rule_text": "revenue >= 1"}
    )
    events = triggered(response)
    assert "rule-formatted" not in events
    assert events["rule-invalid"]["path"] == "$.all[1].any"
    assert "the text keeps the last complete rule" in response.content.decode()


def test_promotion_officers_read_policies_but_cannot_change_them(officer):
    policy = PolicyFactory.create(title_en="Read me")
    client = signed_in(officer)
    page = client.get(f"/en/officer/policies/{policy.pk}/")
    assert page.status_code == 200
    assert page.context["form"].fields["title_en"].disabled
    assert client.post(f"/en/officer/policies/{policy.pk}/", policy_data(policy)).status_code == 403
    assert client.post(f"/en/officer/policies/{policy.pk}/publish/").status_code == 403
    assert client.post(NEW, editor_data()).status_code == 302  # sent back to the list
    assert Policy.objects.count() == 1


def test_managers_and_administrators_edit_policies_too(manager, administrator):
    for user, slug in ((manager, "by-manager"), (administrator, "by-admin")):
        signed_in(user).post(NEW, editor_data(slug=slug))
    assert set(Policy.objects.values_list("slug", flat=True)) == {"by-manager", "by-admin"}


def test_enterprise_users_and_visitors_cannot_open_the_officer_pages(client):
    enterprise = UserFactory.create(roles=[Role.ENTERPRISE_USER])
    assert signed_in(enterprise).get("/en/officer/policies/").status_code == 403
    assert signed_in(enterprise).post(PARSE, {"rule_text": "x"}).status_code == 403
    assert client.get("/en/officer/policies/").status_code == 302
