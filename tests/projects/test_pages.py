"""The project pages: seen by whoever sees the lead, in one language, with the rule that
set each promise; refusals shown by field."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import UserFactory
from tests.leads.factories import GAOYAO, regions_give
from tests.projects.conftest import DAY
from tests.support import signed_in
from zhaoshang.core.roles import Role
from zhaoshang.projects.models import Milestone

pytestmark = pytest.mark.django_db


def test_the_project_page_shows_contract_milestones_figures_and_performance(project, sihui_officer):
    page = signed_in(sihui_officer).get(reverse("projects-detail", args=[project.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    for part in ('id="contract"', 'id="milestones"', 'id="figures"', 'id="performance"'):
        assert part in text
    assert "Milestone dates" in text


def test_the_lead_page_links_to_its_project(project, sihui_officer):
    page = signed_in(sihui_officer).get(reverse("leads-detail", args=[project.lead_id]))
    assert reverse("projects-detail", args=[project.pk]) in page.content.decode()


def test_an_officer_of_another_county_neither_sees_nor_lists_the_project(project, db):
    stranger = regions_give(
        UserFactory.create(username="gao", roles=[Role.PROMOTION_OFFICER]), GAOYAO
    )
    client = signed_in(stranger)
    assert client.get(reverse("projects-detail", args=[project.pk])).status_code == 404
    listing = client.get(reverse("projects-list"))
    assert project.lead.company not in listing.content.decode()


def test_the_list_filters_by_warning_level(project, sihui_officer, zhaoqing_manager):
    from zhaoshang.projects.oversight.warnings import warnings_compute
    from zhaoshang.projects.services import project_contract_save

    project_contract_save(
        actor=sihui_officer,
        project=project,
        values={"contract_on": project.contract_on},
        planned={"land": timezone.localdate() - DAY},
    )
    warnings_compute(notify=False)
    client = signed_in(zhaoqing_manager)
    red = client.get(reverse("projects-list"), {"warning": "red"}).content.decode()
    none = client.get(reverse("projects-list"), {"warning": "none"}).content.decode()
    assert project.lead.company in red
    assert project.lead.company not in none


def test_a_milestone_before_the_contract_on_the_page_is_refused_with_the_reason(
    project, sihui_officer
):
    response = signed_in(sihui_officer).post(
        reverse("projects-milestones", args=[project.pk]),
        {"actual_land": (project.contract_on - DAY).isoformat()},
    )
    assert response.status_code == 400
    assert "before the contract date" in response.content.decode()
    assert not Milestone.objects.filter(actual_on__isnull=False).exists()


def test_the_figures_grid_refuses_a_negative_investment_and_keeps_what_was_typed(
    project, sihui_officer
):
    from zhaoshang.projects.quarters import quarter_add, quarter_of

    past = quarter_add(quarter_of(timezone.localdate()), -1)
    response = signed_in(sihui_officer).post(
        reverse("projects-figures", args=[project.pk]),
        {f"{past[0]}-{past[1]}:actual_investment": "-7"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "Nothing was saved" in text
    assert 'value="-7"' in text


def test_an_officer_reads_the_rules_but_only_a_manager_changes_them(
    sihui_officer, zhaoqing_manager
):
    officer = signed_in(sihui_officer)
    assert officer.get(reverse("projects-rules")).status_code == 200
    assert officer.post(reverse("projects-rule-add"), {}).status_code == 403
    response = signed_in(zhaoqing_manager).post(
        reverse("projects-rule-add"),
        {"promise": "tax_per_mu", "test": "share_below", "threshold": "0.8", "status": "behind"},
    )
    assert response.status_code == 400
    assert "is judged by the test" in response.content.decode()
