"""The audit log obeys the visibility of the objects it describes: an event about an object a
user may not see does not reach that user through the log page, its API, the object
history or the start page. One test per model that has a visibility rule."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from tests.factories import UserFactory
from tests.leads.factories import (
    FOSHAN_NANHAI,
    SIHUI,
    ZHAOQING,
    LeadFactory,
    activity_make,
    enquiry_make,
    regions_give,
)
from tests.support import signed_in
from zhaoshang.core.audit import audit_fields_changed
from zhaoshang.core.models import AuditEvent, User
from zhaoshang.core.roles import Role
from zhaoshang.core.visibility import models_with_rules
from zhaoshang.leads.contacts import contact_add
from zhaoshang.leads.models import (
    Activity,
    EnquiryTriage,
    Lead,
    LeadContact,
    SavedFilter,
    StageChange,
)
from zhaoshang.leads.saved_filters import saved_filter_save
from zhaoshang.leads.triage.services import enquiry_convert
from zhaoshang.projects.figures.services import figures_save
from zhaoshang.projects.models import (
    Milestone,
    Project,
    ProjectWarning,
    QuarterFigure,
    SupervisionReply,
    SupervisionTask,
    TransformationProject,
)
from zhaoshang.projects.oversight.supervision import supervision_open, supervision_reply
from zhaoshang.projects.services import milestones_record, project_contract_save
from zhaoshang.proposals.models import Proposal, ProposalAnswer
from zhaoshang.sites.holds.services import site_hold
from zhaoshang.sites.models import SiteHold

SECRET = "Project Falcon: USD 80 million battery plant"


def _confidential_lead(officer: User) -> Lead:
    return LeadFactory.create(
        company="Falcon Energy Ltd",
        region=SIHUI,
        confidential=True,
        notes=SECRET,
        actor=officer,
        officers=[officer],
    )


def _contact(officer: User) -> LeadContact:
    return contact_add(
        actor=officer, lead=_confidential_lead(officer), name="Chan Tai Man", role=SECRET
    )


def _activity(officer: User) -> Activity:
    return activity_make(_confidential_lead(officer), officer, summary=SECRET)


def _stage_change(officer: User) -> StageChange:
    change = _confidential_lead(officer).stage_changes.get()
    audit_fields_changed(actor=officer, instance=change, changes={"reason": {"new": SECRET}})
    return change


def _triage(officer: User) -> EnquiryTriage:
    enquiry = enquiry_make()
    lead = enquiry_convert(
        actor=officer,
        enquiry=enquiry,
        values={
            "company": "Falcon Energy Ltd",
            "origin": "HK",
            "source": Lead.Source.WEB_ENQUIRY,
            "region": SIHUI,
            "industry": "39",
            "confidential": True,
            "notes": SECRET,
        },
    )
    triage = EnquiryTriage.objects.get(lead=lead)
    audit_fields_changed(actor=officer, instance=triage, changes={"note": {"new": SECRET}})
    return triage


def _saved_filter(officer: User) -> SavedFilter:
    return saved_filter_save(actor=officer, name=SECRET[:60], query="stage=signed")


# One way to make a hidden object (with its audit events) for each model with a rule.
def _site_hold(officer: User) -> SiteHold:
    from tests.sites.match_factories import parcel_make

    until = datetime.date.today() + datetime.timedelta(days=20)
    lead = _confidential_lead(officer)
    return site_hold(actor=officer, site=parcel_make(), lead=lead, until=until, reason=SECRET)


def _project(officer: User) -> Project:
    """The project of a confidential lead that signed, its parties the secret."""
    from zhaoshang.leads.services import lead_move

    lead = _confidential_lead(officer)
    lead = lead_move(
        actor=officer, lead=lead, version=lead.version, stage="signed", investment_amount=Decimal(1)
    )
    contract_on = datetime.date.today() - datetime.timedelta(days=200)
    return project_contract_save(
        actor=officer,
        project=Project.objects.get(lead=lead),
        values={"contract_on": contract_on, "parties": SECRET},
    )


def _milestone(officer: User) -> Milestone:
    project = _project(officer)
    land = datetime.date.today() - datetime.timedelta(days=100)
    milestones_record(actor=officer, project=project, actual={"land": land})
    return project.milestones.get(kind="land")


def _figure(officer: User) -> QuarterFigure:
    project = _project(officer)
    figures_save(
        actor=officer,
        project=project,
        rows=[{"year": 2024, "quarter": 1, "actual_investment": "80000000"}],
    )
    return QuarterFigure.objects.get(project=project)


def _warning(officer: User) -> ProjectWarning:
    # The daily task writes warnings without audit; an event about one must still be hidden.
    project = _project(officer)
    warning = ProjectWarning.objects.create(
        project=project,
        key=f"due:{project.pk}:land:x",
        kind="due",
        level="yellow",
        subject="land",
    )
    audit_fields_changed(actor=None, instance=warning, changes={"detail": {"new": SECRET}})
    return warning


def _supervision_task(officer: User) -> SupervisionTask:
    manager = regions_give(UserFactory.create(username="mo", roles=[Role.MANAGER]), ZHAOQING)
    return supervision_open(
        actor=manager,
        project=_project(officer),
        owner=officer,
        deadline=datetime.date.today(),
        text=SECRET,
    )


def _supervision_reply(officer: User) -> SupervisionReply:
    return supervision_reply(actor=officer, task=_supervision_task(officer), text=SECRET)


def _proposal(officer: User) -> Any:
    from zhaoshang.proposals.services import proposal_create, proposal_update

    draft = proposal_create(actor=officer, lead=_confidential_lead(officer))
    values = {"greeting_en": SECRET, "language": "en"}
    return proposal_update(actor=officer, proposal=draft, values=values)


def _proposal_answer(officer: User) -> Any:
    from zhaoshang.proposals.models import Proposal
    from zhaoshang.proposals.services import answer_submit

    proposal = _proposal(officer)
    Proposal.objects.filter(pk=proposal.pk).update(
        status=Proposal.Status.SENT, snapshot={"sites": [], "languages": {}}
    )
    proposal.refresh_from_db()
    return answer_submit(proposal=proposal, kind="question", message=SECRET)


def _transformation(officer: User) -> TransformationProject:
    """A Sihui enterprise's transformation project, what was done the secret."""
    from tests.leads.factories import enterprise_make
    from zhaoshang.projects.transformation.services import transformation_record

    return transformation_record(
        actor=officer,
        enterprise=enterprise_make(),
        values={"kind": "tech", "title": "Kiln retrofit", "description": SECRET},
    )


HIDDEN_OBJECT: dict[type[models.Model], Callable[[User], Any]] = {
    Lead: _confidential_lead,
    LeadContact: _contact,
    Activity: _activity,
    StageChange: _stage_change,
    EnquiryTriage: _triage,
    SavedFilter: _saved_filter,
    SiteHold: _site_hold,
    Project: _project,
    Milestone: _milestone,
    QuarterFigure: _figure,
    ProjectWarning: _warning,
    SupervisionTask: _supervision_task,
    SupervisionReply: _supervision_reply,
    Proposal: _proposal,
    ProposalAnswer: _proposal_answer,
    TransformationProject: _transformation,
}


def _history_url(model: type[models.Model], pk: Any) -> str:
    meta = model._meta
    return reverse("object-history", args=[meta.app_label, meta.model_name, pk])


@pytest.fixture
def sihui_officer(db) -> User:
    user = UserFactory.create(username="wei", roles=[Role.PROMOTION_OFFICER])
    return regions_give(user, SIHUI)


@pytest.fixture
def foshan_manager(db) -> User:
    """A manager of another prefecture: reads the audit log, not Zhaoqing's leads."""
    return regions_give(UserFactory.create(username="fang", roles=[Role.MANAGER]), FOSHAN_NANHAI)


def test_every_model_with_a_visibility_rule_has_an_audit_test():
    assert set(models_with_rules()) == set(HIDDEN_OBJECT)


@pytest.mark.parametrize("model", list(HIDDEN_OBJECT), ids=lambda m: m._meta.label)
def test_audit_events_of_a_hidden_object_reach_no_one_who_may_not_see_it(
    model, sihui_officer, foshan_manager, administrator
):
    hidden = HIDDEN_OBJECT[model](sihui_officer)
    object_type = f"{model._meta.app_label}.{model._meta.model_name}"
    content_type = ContentType.objects.get_for_model(model)
    events = AuditEvent.objects.filter(content_type=content_type, object_id=str(hidden.pk))
    assert events.exists(), "the object's changes must be in the log for the test to mean much"

    client = signed_in(foshan_manager)
    api = client.get("/api/core/audit-events", {"object_type": object_type, "object_id": hidden.pk})
    assert api.status_code == 200
    assert api.json()["items"] == []
    assert SECRET not in client.get("/api/core/audit-events", {"limit": 1000}).content.decode()
    log_page = client.get(reverse("audit-log"), {"object_type": content_type.pk})
    assert log_page.status_code == 200
    assert SECRET not in log_page.content.decode()
    assert client.get(_history_url(model, hidden.pk)).status_code == 404

    # The administrator, who may see the object, reads the same events.
    admin_api = signed_in(administrator).get(
        "/api/core/audit-events", {"object_type": object_type, "object_id": hidden.pk}
    )
    assert len(admin_api.json()["items"]) == events.count()


def test_a_manager_of_the_region_reads_the_confidential_leads_history(sihui_officer, db):
    zhaoqing_manager = regions_give(
        UserFactory.create(username="meng", roles=[Role.MANAGER]), ZHAOQING
    )
    lead = _confidential_lead(sihui_officer)
    client = signed_in(zhaoqing_manager)
    api = client.get(
        "/api/core/audit-events", {"object_type": "leads.lead", "object_id": str(lead.pk)}
    )
    all_events = AuditEvent.objects.filter(object_id=str(lead.pk), content_type__model="lead")
    assert api.json()["count"] == all_events.count() >= 1
    history = client.get(_history_url(Lead, lead.pk))
    assert history.status_code == 200
    assert "Falcon Energy" in history.content.decode()


def test_the_start_page_lists_no_event_of_a_lead_the_officer_no_longer_sees(sihui_officer):
    lead = _confidential_lead(sihui_officer)
    page = signed_in(sihui_officer).get(reverse("officer-start"))
    assert "Falcon Energy" in page.content.decode()
    lead.officers.clear()
    Lead.objects.filter(pk=lead.pk).update(region_id=FOSHAN_NANHAI)
    page = signed_in(sihui_officer).get(reverse("officer-start"))
    assert "Falcon Energy" not in page.content.decode()
