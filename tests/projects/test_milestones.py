"""A signed lead gets its project; milestones' actual dates are checked against the contract,
the calendar and each other; the lead's stage follows construction and production."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.projects.conftest import DAY
from zhaoshang.core.models import AuditEvent
from zhaoshang.leads.models import StageChange
from zhaoshang.projects.models import Milestone, Project
from zhaoshang.projects.services import milestones_record, project_contract_save

pytestmark = pytest.mark.django_db


def test_signing_a_lead_opens_its_project_with_six_milestones(project):
    assert project.lead.stage == "signed"
    assert sorted(project.milestones.values_list("kind", flat=True)) == sorted(
        ["land", "construction", "topped_out", "completed", "production", "full_capacity"]
    )


def test_a_milestone_before_the_contract_is_refused_naming_the_field(project, sihui_officer):
    early = project.contract_on - DAY
    with pytest.raises(ValidationError) as refused:
        milestones_record(actor=sihui_officer, project=project, actual={"land": early})
    assert "actual_land" in refused.value.message_dict
    assert "before the contract date" in refused.value.message_dict["actual_land"][0]
    assert not Milestone.objects.filter(project=project, actual_on__isnull=False).exists()


def test_a_milestone_in_the_future_is_refused(project, sihui_officer):
    with pytest.raises(ValidationError) as refused:
        milestones_record(
            actor=sihui_officer,
            project=project,
            actual={"land": timezone.localdate() + DAY},
        )
    assert "in the future" in refused.value.message_dict["actual_land"][0]


def test_a_milestone_before_an_earlier_ones_date_is_refused_and_nothing_is_written(
    project, sihui_officer
):
    today = timezone.localdate()
    milestones_record(actor=sihui_officer, project=project, actual={"land": today - 100 * DAY})
    with pytest.raises(ValidationError) as refused:
        milestones_record(
            actor=sihui_officer,
            project=project,
            actual={"topped_out": today - 50 * DAY, "construction": today - 120 * DAY},
        )
    message = refused.value.message_dict["actual_construction"][0]
    assert "before land handed over" in message
    assert project.milestones.get(kind="topped_out").actual_on is None
    assert Project.objects.get(pk=project.pk).lead.stage == "signed"


def test_the_lead_follows_construction_then_production_through_its_stage_history(
    project, sihui_officer
):
    today = timezone.localdate()
    milestones_record(
        actor=sihui_officer,
        project=project,
        actual={"construction": today - 90 * DAY, "production": today - 10 * DAY},
    )
    moves = list(
        StageChange.objects.filter(lead=project.lead)
        .order_by("at", "id")
        .values_list("to_stage", flat=True)
    )
    assert moves[-2:] == ["construction", "operating"]
    assert AuditEvent.objects.filter(
        object_id=str(project.milestones.get(kind="production").pk), action="update"
    ).exists()


def test_a_contract_date_after_a_reached_milestone_is_refused(project, sihui_officer):
    reached = timezone.localdate() - 100 * DAY
    milestones_record(actor=sihui_officer, project=project, actual={"land": reached})
    with pytest.raises(ValidationError) as refused:
        project_contract_save(
            actor=sihui_officer,
            project=project,
            values={"contract_on": reached + DAY},
        )
    assert "contract_on" in refused.value.message_dict


def test_a_negative_promise_is_refused_naming_the_field(project, sihui_officer):
    with pytest.raises(ValidationError) as refused:
        project_contract_save(
            actor=sihui_officer,
            project=project,
            values={"contract_on": project.contract_on, "investment_yuan": "-5"},
        )
    assert refused.value.message_dict["investment_yuan"] == ["May not be negative."]
    assert Project.objects.get(pk=project.pk).investment_yuan == project.investment_yuan


def test_a_promised_date_before_the_contract_is_refused(project, sihui_officer):
    with pytest.raises(ValidationError) as refused:
        project_contract_save(
            actor=sihui_officer,
            project=project,
            values={"contract_on": project.contract_on},
            planned={"construction": project.contract_on - DAY},
        )
    assert "planned_construction" in refused.value.message_dict
