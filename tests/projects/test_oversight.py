"""Warnings (computed in bulk, notified once, cleared when resolved) and supervision tasks
(replies, escalation to the managers of the region above)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from tests.leads.factories import regions_give
from tests.projects.conftest import DAY
from zhaoshang.core.models import AuditEvent, Notification
from zhaoshang.core.roles import Role
from zhaoshang.projects.figures.services import figures_save
from zhaoshang.projects.models import ProjectWarning, SupervisionTask
from zhaoshang.projects.oversight.rules import warning_settings_save
from zhaoshang.projects.oversight.supervision import (
    supervision_escalate,
    supervision_open,
    supervision_reply,
)
from zhaoshang.projects.oversight.warnings import warnings_compute
from zhaoshang.projects.quarters import quarter_add, quarter_of
from zhaoshang.projects.services import milestones_record, project_contract_save

pytestmark = pytest.mark.django_db


def _promise(project, officer, **planned):
    return project_contract_save(
        actor=officer,
        project=project,
        values={"contract_on": project.contract_on, "land_mu": project.land_mu},
        planned=planned,
    )


def test_a_milestone_due_soon_is_yellow_overdue_red_and_each_is_notified_once(
    project, sihui_officer, zhaoqing_manager
):
    today = timezone.localdate()
    _promise(project, sihui_officer, land=today - 5 * DAY, construction=today + 10 * DAY)
    report = warnings_compute()
    levels = dict(ProjectWarning.objects.values_list("subject", "level"))
    assert levels == {"land": "red", "construction": "yellow"}
    assert report.raised == 2
    # the officer of the lead and the manager of Zhaoqing, once per warning
    assert Notification.objects.filter(user=sihui_officer).count() == 2
    assert Notification.objects.filter(user=zhaoqing_manager).count() == 2
    again = warnings_compute()
    assert (again.raised, Notification.objects.count()) == (0, 4)


def test_a_warning_is_cleared_when_the_milestone_is_reached(project, sihui_officer):
    today = timezone.localdate()
    _promise(project, sihui_officer, land=today - 5 * DAY)
    warnings_compute()
    milestones_record(actor=sihui_officer, project=project, actual={"land": today - DAY})
    report = warnings_compute()
    assert report.cleared == 1
    assert not ProjectWarning.objects.filter(cleared_at__isnull=True).exists()


def test_figures_behind_plan_by_more_than_the_managers_margin_are_red(
    project, sihui_officer, zhaoqing_manager
):
    past = quarter_add(quarter_of(timezone.localdate()), -1)
    figures_save(
        actor=sihui_officer,
        project=project,
        rows=[{"year": past[0], "quarter": past[1], "planned_tax": "100", "actual_tax": "85"}],
    )
    warnings_compute()
    assert not ProjectWarning.objects.filter(kind="behind").exists()  # 15 % short, margin 20 %
    warning_settings_save(actor=zhaoqing_manager, due_days=30, figures_margin="10")
    warnings_compute()
    warning = ProjectWarning.objects.get(kind="behind")
    assert (warning.subject, warning.level, warning.detail["share"]) == ("tax", "red", "0.8500")


def test_a_lost_leads_project_raises_no_warning(project, sihui_officer):
    from zhaoshang.leads.services import lead_move

    _promise(project, sihui_officer, land=timezone.localdate() - 5 * DAY)
    lead = project.lead
    lead_move(actor=sihui_officer, lead=lead, version=lead.version, stage="lost", reason="gone")
    assert warnings_compute().open == 0


def test_a_supervision_task_past_its_deadline_escalates_to_the_region_above(project, sihui_officer):
    county_manager = regions_give(
        UserFactory.create(username="kai", roles=[Role.MANAGER]), "441284"
    )
    prefecture_manager = regions_give(
        UserFactory.create(username="lan", roles=[Role.MANAGER]), "441200"
    )
    today = timezone.localdate()
    task = supervision_open(
        actor=county_manager,
        project=project,
        owner=sihui_officer,
        deadline=today,
        text="Get the land handed over this week.",
    )
    assert Notification.objects.filter(user=sihui_officer, kind="project_supervision").exists()
    supervision_reply(actor=sihui_officer, task=task, text="The bureau signs on Friday.")
    assert supervision_escalate(today=today) == 0  # the deadline has not passed
    assert supervision_escalate(today=today + DAY) == 1
    task = SupervisionTask.objects.get(pk=task.pk)
    assert (task.region_id, task.escalations) == ("441200", 1)
    assert Notification.objects.filter(
        user=prefecture_manager, message="projects.supervision_escalated"
    ).exists()
    assert supervision_escalate(today=today + 2 * DAY) == 0  # once per deadline
    assert AuditEvent.objects.filter(object_id=str(task.pk), actor__isnull=True).exists()


def test_a_supervision_owner_must_see_the_project(project, zhaoqing_manager):
    from django.core.exceptions import ValidationError

    outsider = regions_give(
        UserFactory.create(username="gao", roles=[Role.PROMOTION_OFFICER]), "441204"
    )
    with pytest.raises(ValidationError) as refused:
        supervision_open(
            actor=zhaoqing_manager,
            project=project,
            owner=outsider,
            deadline=timezone.localdate(),
            text="Check.",
        )
    assert "owner" in refused.value.message_dict
