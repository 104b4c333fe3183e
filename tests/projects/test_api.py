"""The projects API: the same rules and the same visibility as the pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory
from tests.leads.factories import GAOYAO, regions_give
from tests.projects.conftest import DAY
from zhaoshang.core.roles import Role
from zhaoshang.core.services import api_token_create
from zhaoshang.projects.models import QuarterFigure
from zhaoshang.projects.quarters import quarter_add, quarter_of

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    _token, raw = api_token_create(actor=user, name="tests")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_a_project_its_milestones_and_performance_are_read(project, sihui_officer):
    api = _client(sihui_officer)
    body = api.get(f"/api/projects/projects/{project.pk}").json()
    assert (body["company"], body["region"], body["stage"]) == (
        project.lead.company,
        "441284",
        "signed",
    )
    kinds = [m["kind"] for m in api.get(f"/api/projects/projects/{project.pk}/milestones").json()]
    assert kinds[0] == "land"
    assert kinds[-1] == "full_capacity"
    promises = api.get(f"/api/projects/projects/{project.pk}/performance").json()
    assert {p["promise"] for p in promises} >= {"investment", "tax_per_mu", "milestones"}


def test_a_milestone_before_the_contract_answers_422_naming_the_field(project, sihui_officer):
    response = _client(sihui_officer).patch(
        f"/api/projects/projects/{project.pk}/milestones/land",
        {"actual_on": (project.contract_on - DAY).isoformat()},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "actual_on" in response.json()["errors"]


def test_figures_with_a_negative_investment_answer_422_and_write_nothing(project, sihui_officer):
    past = quarter_add(quarter_of(timezone.localdate()), -1)
    rows = [
        {"year": past[0], "quarter": past[1], "actual_tax": "10"},
        {"year": past[0], "quarter": past[1] - 1 or 1, "actual_investment": "-1"},
    ]
    response = _client(sihui_officer).put(
        f"/api/projects/projects/{project.pk}/figures",
        {"rows": rows},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not QuarterFigure.objects.exists()


def test_another_countys_officer_gets_404(project, db):
    stranger = regions_give(
        UserFactory.create(username="gao", roles=[Role.PROMOTION_OFFICER]), GAOYAO
    )
    api = _client(stranger)
    assert api.get(f"/api/projects/projects/{project.pk}").status_code == 404
    assert api.get("/api/projects/projects").json()["count"] == 0
