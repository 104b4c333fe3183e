"""Aftercare visits: a questionnaire, every issue an action with an owner and a due date
tracked to resolution, every visit on the enterprise's page, and a warning before a
second visit within a month."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import UserFactory
from tests.leads.factories import enterprise_make
from tests.support import signed_in
from zhaoshang.core.roles import Role
from zhaoshang.leads.aftercare import visit_action_update, visit_record
from zhaoshang.leads.models import AftercareVisit, VisitAction

pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def visit(actor, enterprise, *, on: int = 0, confirm: bool = False, actions=(), department=""):
    return visit_record(
        actor=actor,
        enterprise=enterprise,
        visited_on=days(on),
        department=department,
        answers={"expansion": "A second line in 2027", "talent": "Short of electricians"},
        actions=actions,
        confirm_recent=confirm,
    )


def test_a_visit_records_answers_and_turns_issues_into_actions(sihui_officer):
    firm = enterprise_make()
    recorded = visit(
        sihui_officer,
        firm,
        actions=[
            {
                "topic": "talent",
                "description": "Introduce the CNC class",
                "owner": sihui_officer,
                "due_on": days(14),
            }
        ],
    )
    assert recorded.talent == "Short of electricians"
    action = recorded.actions.get()
    assert (action.owner, action.due_on, action.status) == (sihui_officer, days(14), "open")


def test_a_second_visit_within_30_days_names_the_earlier_one_and_is_not_recorded(sihui_officer):
    firm = enterprise_make(name="四会市华盛电子有限公司")
    other = UserFactory.create(first_name="Fang", last_name="Huang", roles=[Role.PROMOTION_OFFICER])
    visit(other, firm, on=-12, department="Bureau of Industry")
    with pytest.raises(ValidationError) as caught:
        visit(sihui_officer, firm)
    warning = caught.value.message_dict["confirm_recent"][0]
    assert days(-12).isoformat() in warning
    assert "Fang Huang (Bureau of Industry)" in warning
    assert "四会市华盛电子有限公司" in warning
    assert AftercareVisit.objects.count() == 1
    visit(sihui_officer, firm, confirm=True)
    assert AftercareVisit.objects.count() == 2


def test_a_visit_after_a_month_needs_no_confirmation(sihui_officer):
    firm = enterprise_make()
    visit(sihui_officer, firm, on=-31)
    visit(sihui_officer, firm)
    assert AftercareVisit.objects.count() == 2


def test_the_visit_page_shows_the_warning_and_keeps_nothing_until_confirmed(sihui_officer):
    firm = enterprise_make()
    visit(sihui_officer, firm, on=-3, department="Tax Bureau")
    client = signed_in(sihui_officer)
    form = client.get(f"/en/officer/enterprises/{firm.pk}/visits/new/").content.decode()
    assert "Visited recently" in form
    assert "Tax Bureau" in form
    data = {
        "visited_on": days(0).isoformat(),
        "expansion": "Plans",
        "actions-TOTAL_FORMS": "1",
        "actions-INITIAL_FORMS": "0",
        "actions-MIN_NUM_FORMS": "0",
        "actions-MAX_NUM_FORMS": "20",
    }
    refused = client.post(f"/en/officer/enterprises/{firm.pk}/visits/new/", data)
    assert refused.status_code == 400
    assert f"was visited on {days(-3).isoformat()}" in refused.content.decode()
    assert AftercareVisit.objects.count() == 1
    accepted = client.post(
        f"/en/officer/enterprises/{firm.pk}/visits/new/", {**data, "confirm_recent": "on"}
    )
    assert accepted.status_code == 302
    assert AftercareVisit.objects.count() == 2


def test_an_action_due_before_the_visit_is_refused_and_nothing_recorded(sihui_officer):
    firm = enterprise_make()
    with pytest.raises(ValidationError) as caught:
        visit(
            sihui_officer,
            firm,
            on=-2,
            actions=[
                {
                    "topic": "financing",
                    "description": "Loan",
                    "owner": sihui_officer,
                    "due_on": days(-5),
                }
            ],
        )
    assert "is before the visit" in caught.value.message_dict["actions[0].due_on"][0]
    assert not AftercareVisit.objects.exists()
    assert not VisitAction.objects.exists()


def test_an_action_is_tracked_to_resolution_with_a_note(sihui_officer):
    firm = enterprise_make()
    recorded = visit(
        sihui_officer,
        firm,
        actions=[
            {
                "topic": "public_services",
                "description": "Power cuts",
                "owner": sihui_officer,
                "due_on": days(7),
            }
        ],
    )
    action = recorded.actions.get()
    action = visit_action_update(actor=sihui_officer, action=action, status="in_progress")
    assert action.status == "in_progress"
    with pytest.raises(ValidationError) as caught:
        visit_action_update(actor=sihui_officer, action=action, status="resolved")
    assert list(caught.value.message_dict) == ["resolution_note"]
    action.refresh_from_db()
    assert action.status == "in_progress"
    with pytest.raises(ValidationError):
        visit_action_update(
            actor=sihui_officer, action=action, status="in_progress", due_on=days(-1)
        )
    action = visit_action_update(
        actor=sihui_officer,
        action=action,
        status="resolved",
        resolution_note="The bureau replaced a transformer.",
    )
    assert action.status == "resolved"
    assert action.resolved_at is not None


def test_the_enterprise_page_shows_every_visit_by_every_officer(sihui_officer, zhaoqing_manager):
    firm = enterprise_make()
    visit(sihui_officer, firm, on=-60, department="Investment Promotion Center")
    visit(zhaoqing_manager, firm, on=-5, department="Bureau of Commerce")
    page = signed_in(sihui_officer).get(f"/en/officer/enterprises/{firm.pk}/").content.decode()
    assert "Aftercare visits" in page
    assert "Investment Promotion Center" in page
    assert "Bureau of Commerce" in page
    assert days(-60).isoformat() in page
    assert days(-5).isoformat() in page
