"""Activities and follow-ups: dates in order, "My follow-ups" shows what is due today and
overdue, leads without activity go cold, and reminders arrive once a day."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from tests.leads.factories import LeadFactory, activity_make
from tests.support import signed_in
from zhaoshang.core.models import Notification, Task
from zhaoshang.core.tasks import task_run_next, task_submit
from zhaoshang.leads.models import Activity, Lead
from zhaoshang.leads.selectors import stale_leads
from zhaoshang.leads.services import activity_follow_up_done, activity_log

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_a_follow_up_before_the_activity_is_refused_and_nothing_is_recorded(sihui_officer):
    lead = LeadFactory.create(officers=[sihui_officer])
    with pytest.raises(ValidationError) as caught:
        activity_log(
            actor=sihui_officer,
            lead=lead,
            kind="call",
            occurred_on=TODAY(),
            summary="Call",
            follow_up_on=TODAY() - datetime.timedelta(days=1),
        )
    assert "before the activity date" in caught.value.message_dict["follow_up_on"][0]
    assert not Activity.objects.exists()
    lead.refresh_from_db()
    assert lead.last_activity_at is None


def test_an_activity_in_the_future_is_refused(sihui_officer):
    lead = LeadFactory.create()
    with pytest.raises(ValidationError) as caught:
        activity_log(
            actor=sihui_officer,
            lead=lead,
            kind="meeting",
            occurred_on=TODAY() + datetime.timedelta(days=3),
            summary="Meeting",
        )
    assert list(caught.value.message_dict) == ["occurred_on"]
    assert not Activity.objects.exists()


def test_the_page_form_names_the_field_with_the_wrong_date(sihui_officer):
    lead = LeadFactory.create(officers=[sihui_officer])
    response = signed_in(sihui_officer).post(
        f"/en/officer/leads/{lead.pk}/activities/",
        {
            "kind": "call",
            "occurred_on": TODAY().isoformat(),
            "summary": "Called",
            "follow_up_on": (TODAY() - datetime.timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 400
    assert "is before the activity date" in response.content.decode()
    assert not Activity.objects.exists()


def test_my_follow_ups_lists_due_today_and_overdue_but_not_later_or_others(
    sihui_officer, zhaoqing_manager
):
    lead = LeadFactory.create(company="Formosa Chemicals", officers=[sihui_officer])
    activity_make(lead, sihui_officer, days_ago=5, follow_up_in=-2, summary="Overdue one")
    activity_make(lead, sihui_officer, days_ago=1, follow_up_in=0, summary="Today one")
    activity_make(lead, sihui_officer, days_ago=1, follow_up_in=3, summary="Later one")
    activity_make(lead, zhaoqing_manager, days_ago=1, follow_up_in=0, summary="Manager one")
    done = activity_make(lead, sihui_officer, days_ago=4, follow_up_in=-1, summary="Done one")
    activity_follow_up_done(actor=sihui_officer, activity=done)
    page = signed_in(sihui_officer).get("/en/officer/leads/follow-ups/").content.decode()
    overdue, today = page.split("Due today")
    assert "Next: Overdue one" in overdue
    assert "Next: Today one" in today
    assert "Next: Today one" not in overdue
    for absent in ("Later one", "Manager one", "Done one"):
        assert absent not in page


def test_marking_a_follow_up_done_removes_it(sihui_officer):
    lead = LeadFactory.create(officers=[sihui_officer])
    activity = activity_make(lead, sihui_officer, follow_up_in=0)
    signed_in(sihui_officer).post(f"/en/officer/leads/follow-ups/{activity.pk}/done/")
    activity.refresh_from_db()
    assert activity.follow_up_done_at is not None
    assert (
        "Mark done"
        not in signed_in(sihui_officer).get("/en/officer/leads/follow-ups/").content.decode()
    )


def test_a_lead_without_activity_for_the_set_days_is_flagged(sihui_officer, settings):
    settings.LEADS_STALE_DAYS = 10
    quiet = LeadFactory.create(company="Quiet Co", officers=[sihui_officer])
    busy = LeadFactory.create(company="Busy Co", officers=[sihui_officer])
    Lead.objects.update(created_at=timezone.now() - datetime.timedelta(days=40))
    activity_make(quiet, sihui_officer, days_ago=11)
    activity_make(busy, sihui_officer, days_ago=9)
    assert [lead.company for lead in stale_leads(sihui_officer)] == ["Quiet Co"]
    page = signed_in(sihui_officer).get("/en/officer/leads/?stale=on").content.decode()
    assert "Quiet Co" in page
    assert "Busy Co" not in page
    assert "going cold" in page


def test_reminders_arrive_once_per_follow_up_and_day(
    sihui_officer, django_capture_on_commit_callbacks
):
    lead = LeadFactory.create(company="Saigon Home", officers=[sihui_officer])
    activity_make(lead, sihui_officer, days_ago=3, follow_up_in=-1)
    activity_make(lead, sihui_officer, follow_up_in=0)
    activity_make(lead, sihui_officer, follow_up_in=2)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_follow_up_reminders")
        call_command("send_follow_up_reminders")
    notes = Notification.objects.filter(user=sihui_officer).order_by("title")
    assert notes.count() == 2
    assert all("Saigon Home" in n.title for n in notes)
    assert len(mail.outbox) == 2
    assert mail.outbox[0].to == [sihui_officer.email]
    tomorrow = (TODAY() + datetime.timedelta(days=1)).isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_follow_up_reminders", date=tomorrow)
    assert Notification.objects.filter(user=sihui_officer).count() == 4  # the same two, a day on


def test_reminders_run_as_a_background_task(sihui_officer):
    lead = LeadFactory.create(officers=[sihui_officer])
    activity_make(lead, sihui_officer, follow_up_in=0)
    task_submit("leads.send_follow_up_reminders", actor=None)
    finished = task_run_next()
    assert finished is not None
    assert finished.status == Task.Status.DONE
    assert finished.result == {"due": 1, "sent": 1}


def test_closing_a_follow_up_never_redirects_off_site(sihui_officer):
    lead = LeadFactory.create(officers=[sihui_officer])
    activity = activity_make(lead, sihui_officer, follow_up_in=0)
    response = signed_in(sihui_officer).post(
        f"/en/officer/leads/follow-ups/{activity.pk}/done/", {"next": "/\\evil.example/"}
    )
    assert response["Location"] == "/en/officer/leads/follow-ups/"
