"""Audit events on the pages read as people read them: labels instead of field names, names
instead of ids, choice labels, formatted money and dates, rules as text, no bookkeeping."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType

from tests.factories import UserFactory
from tests.leads.factories import SIHUI, LeadFactory, activity_make, regions_give
from tests.policies.factories import EnterpriseFactory
from tests.support import signed_in
from zhaoshang.core.audit import audit_create
from zhaoshang.core.audit_display import events_display
from zhaoshang.core.models import AuditEvent
from zhaoshang.core.roles import Role
from zhaoshang.policies.models import Policy
from zhaoshang.registry.services import enterprise_member_add, profile_correction_propose
from zhaoshang.rules import parse_text

pytestmark = pytest.mark.django_db


def lines_of(obj) -> list[tuple[str, str, str]]:
    content_type = ContentType.objects.get_for_model(obj)
    events = AuditEvent.objects.filter(content_type=content_type, object_id=str(obj.pk))
    return [(x.label, x.old, x.new) for e in events_display(events) for x in e.lines]


def test_a_foreign_key_reads_as_the_persons_name_and_bookkeeping_is_left_out(administrator):
    wang = UserFactory.create(username="wangfang", first_name="Fang", last_name="Wang")
    lead = LeadFactory.create()
    activity = activity_make(lead, wang)
    lines = lines_of(activity)
    labels = [label for label, _old, _new in lines]
    assert ("Officer", "∅", "Fang Wang") in lines
    assert not any(label in {"Id", "ID", "Created at", "Updated at"} for label in labels)
    assert ("Kind", "∅", "call") in lines


def test_money_choices_and_a_rule_read_as_on_the_pages(administrator):
    policy = Policy.objects.create(
        slug="award",
        title_en="Award",
        benefit_kind="fixed",
        benefit_amount=Decimal("46.4827"),
        rule=parse_text("employees >= 300").to_json(),
    )
    audit_create(actor=administrator, instance=policy)
    lines = {label: new for label, _old, new in lines_of(policy)}
    assert lines["Eligibility rule"] == "employees >= 300"
    assert "464,827 yuan" in lines.values()


def test_a_profile_correction_lists_old_and_new_values_by_name(officer):
    enterprise = EnterpriseFactory.create(ownership="domestic_private")
    user = UserFactory.create(username="ent", roles=[Role.ENTERPRISE_USER])
    enterprise_member_add(actor=None, user=user, enterprise=enterprise)
    correction = profile_correction_propose(
        actor=user, enterprise=enterprise, changes={"ownership": "state_owned"}
    )
    assert ("Ownership", "domestic private", "state-owned") in lines_of(correction)
    page = signed_in(officer).get(f"/en/officer/enterprises/{enterprise.pk}/").content.decode()
    assert "Ownership: <del>domestic private</del> → <ins>state-owned</ins>" in page
    assert "<code>ownership</code>" not in page


def test_the_audit_log_page_shows_labels_and_names_not_field_names_and_ids(manager):
    wang = UserFactory.create(username="wangfang", first_name="Fang", last_name="Wang")
    activity = activity_make(LeadFactory.create(region=SIHUI), wang)
    regions_give(manager, SIHUI)  # the lead's events are seen by those who see the lead
    html = signed_in(manager).get("/en/officer/audit/").content.decode()
    assert "Fang Wang</ins>" in html
    assert f"<code>owner</code>: <del>∅</del> → <ins>{wang.pk}</ins>" not in html
    assert "<code>created_at</code>" not in html
    assert activity.pk  # the event is the activity's creation
