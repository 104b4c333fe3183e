"""The demo: Sihui's signed demo leads get contracts, milestones (some late) and quarterly
figures, marked as demonstration data; loading twice changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from zhaoshang.leads.stages import SIGNED_STAGES
from zhaoshang.projects.models import Milestone, Project, ProjectWarning, QuarterFigure

pytestmark = pytest.mark.django_db


def test_signed_demo_leads_get_contracts_late_milestones_and_figures():
    call_command("load_demo", demo_password="Sihui-harbour-2026", stdout=io.StringIO())
    projects = Project.objects.select_related("lead")
    assert projects.count() >= 5
    assert all(p.is_demo and p.contract_on for p in projects)
    assert all(p.lead.stage in SIGNED_STAGES for p in projects)
    late = [
        m
        for m in Milestone.objects.exclude(actual_on=None).exclude(planned_on=None)
        if m.actual_on and m.planned_on and m.actual_on > m.planned_on
    ]
    assert late
    assert QuarterFigure.objects.filter(actual_investment__isnull=False).exists()
    assert ProjectWarning.objects.filter(level="red").exists()
    counts = (Project.objects.count(), QuarterFigure.objects.count())
    call_command("load_demo", demo_password="Sihui-harbour-2026", stdout=io.StringIO())
    assert (Project.objects.count(), QuarterFigure.objects.count()) == counts


def test_demo_targets_and_transformation_projects():
    from zhaoshang.projects.models import Target, TransformationProject

    call_command("load_demo", demo_password="Sihui-harbour-2026", stdout=io.StringIO())
    province = dict(
        Target.objects.filter(region_id="440000", year=2024).values_list("measure", "value")
    )
    assert province == {"tech_transformation": 9000, "digital_transformation": 9200}
    assert not Target.objects.filter(region_id="440000", is_demo=True).exists()
    assert Target.objects.filter(region_id="441284", year=2026, is_demo=True).count() == 5
    assert Target.objects.filter(region_id="441200", year=2025, is_demo=True).count() == 2
    assert TransformationProject.objects.filter(is_demo=True, status="pending").exists()
    assert TransformationProject.objects.filter(is_demo=True, kind="digital").exists()
    counts = (Target.objects.count(), TransformationProject.objects.count())
    call_command("load_demo", demo_password="Sihui-harbour-2026", stdout=io.StringIO())
    assert (Target.objects.count(), TransformationProject.objects.count()) == counts
