"""Aftercare visits: a questionnaire, every issue an action with an owner and a due date
tracked to resolution, every visit on the enterprise's page, and a warning before a
second visit within a month."""

from __future__ import annotations

import datetime
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import UserFactory
from tests.leads.factories import enterprise_make
from tests.support import signed_in
from zhaoshang.core.roles import Role
from zhaoshang.leads.aftercare.services import visit_action_update, visit_record
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


class _FormFields(HTMLParser):
    """What a browser submits for an untouched form: each select on its selected option (or
    its first), each input with its value, each textarea with its text; not what is inside
    a <template>, and no buttons or unticked boxes."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, str] = {}
        self._in_template = 0
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "template":
            self._in_template += 1
        if self._in_template:
            return
        if tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select:
            if self._select not in self.data or "selected" in a:
                self.data[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self.data[a["name"]] = ""
        elif tag == "input" and a.get("name") and a.get("type") not in ("checkbox", "submit"):
            self.data[a["name"]] = a.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self._in_template -= 1
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea and not self._in_template:
            self.data[self._textarea] += data.lstrip("\n")


def _as_the_browser_sends(client, url: str, **extra: str) -> dict[str, str]:
    parser = _FormFields()
    parser.feed(client.get(url).content.decode())
    return {**parser.data, **extra}


def test_a_visit_with_no_action_saves_though_the_empty_row_has_a_topic_and_owner(sihui_officer):
    firm = enterprise_make()
    client = signed_in(sihui_officer)
    url = f"/en/officer/enterprises/{firm.pk}/visits/new/"
    data = _as_the_browser_sends(client, url, expansion="Plans a second line")
    assert data["actions-TOTAL_FORMS"] == "1"
    assert data["actions-0-topic"]
    assert data["actions-0-owner"] == str(sihui_officer.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    recorded = AftercareVisit.objects.get()
    assert recorded.expansion == "Plans a second line"
    assert not recorded.actions.exists()


def test_a_half_filled_action_row_names_what_is_missing_and_keeps_nothing(sihui_officer):
    firm = enterprise_make()
    client = signed_in(sihui_officer)
    url = f"/en/officer/enterprises/{firm.pk}/visits/new/"
    data = _as_the_browser_sends(client, url, **{"actions-0-description": "Needs a loan"})
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Every action needs a due date." in response.content.decode()
    assert not AftercareVisit.objects.exists()


def test_add_an_action_without_javascript_shows_one_more_row_and_keeps_what_was_typed(
    sihui_officer,
):
    firm = enterprise_make()
    client = signed_in(sihui_officer)
    url = f"/en/officer/enterprises/{firm.pk}/visits/new/"
    data = _as_the_browser_sends(
        client, url, summary="Met the owner", add_action="1", **{"actions-0-description": "Loan"}
    )
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="actions-TOTAL_FORMS" value="2"' in page
    assert 'name="actions-1-description"' in page
    assert "Met the owner" in page
    assert 'value="Loan"' in page
    assert not AftercareVisit.objects.exists()
    data = _as_the_browser_sends(
        client,
        url,
        **{
            "actions-TOTAL_FORMS": "2",
            "actions-1-topic": "financing",
            "actions-1-description": "Loan",
            "actions-1-owner": str(sihui_officer.pk),
            "actions-1-due_on": days(7).isoformat(),
        },
    )
    assert client.post(url, data).status_code == 302
    assert [a.description for a in VisitAction.objects.all()] == ["Loan"]
