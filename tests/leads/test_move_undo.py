"""Undoing a stage move made by mistake: the lead is back where it was, with its days in
stage; only one's own last move, within the undo window, and not a signing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import UserFactory
from tests.leads.factories import SIHUI, LeadFactory, regions_give
from zhaoshang.core.models import AuditEvent
from zhaoshang.core.roles import Role
from zhaoshang.leads.errors import LeadConflict
from zhaoshang.leads.models import Lead, StageChange
from zhaoshang.leads.services import lead_move
from zhaoshang.leads.stages import Stage
from zhaoshang.leads.undo import UNDO_SECONDS, lead_move_undo

pytestmark = pytest.mark.django_db


def old_lead(officer) -> Lead:
    lead = LeadFactory.create(company="Kam Lung Electronics", officers=[officer])
    since = timezone.now() - datetime.timedelta(days=12, hours=3)
    Lead.objects.filter(pk=lead.pk).update(stage_changed_at=since)
    return Lead.objects.get(pk=lead.pk)


def test_undo_puts_the_lead_back_with_its_days_in_stage(sihui_officer):
    lead = old_lead(sihui_officer)
    since, changes = lead.stage_changed_at, lead.stage_changes.count()
    moved = lead_move(actor=sihui_officer, lead=lead, version=lead.version, stage="contacted")
    assert moved.days_in_stage == 0
    back = lead_move_undo(actor=sihui_officer, lead=moved, version=moved.version)
    back.refresh_from_db()
    assert back.stage == Stage.LEAD
    assert back.stage_changed_at == since
    assert back.days_in_stage == 12
    assert back.furthest_rank == lead.furthest_rank
    assert back.stage_changes.count() == changes  # the funnel does not count it
    event = AuditEvent.objects.filter(object_id=str(lead.pk)).order_by("-pk").first()
    assert event is not None
    assert event.changes["stage"] == {"old": "contacted", "new": "lead"}


def test_undo_of_a_move_to_on_hold_restores_the_stage_before(sihui_officer):
    lead = old_lead(sihui_officer)
    moved = lead_move(
        actor=sihui_officer, lead=lead, version=lead.version, stage="on_hold", reason="Waiting"
    )
    back = lead_move_undo(actor=sihui_officer, lead=moved, version=moved.version)
    assert back.stage == Stage.LEAD


def test_only_ones_own_last_move_within_the_window_is_undone(sihui_officer):
    colleague = regions_give(
        UserFactory.create(username="li", roles=[Role.PROMOTION_OFFICER]), SIHUI
    )
    lead = old_lead(sihui_officer)
    moved = lead_move(actor=sihui_officer, lead=lead, version=lead.version, stage="contacted")
    with pytest.raises(ValidationError) as caught:
        lead_move_undo(actor=colleague, lead=moved, version=moved.version)
    assert "stage" in caught.value.message_dict
    StageChange.objects.filter(lead=moved).update(
        at=timezone.now() - datetime.timedelta(seconds=UNDO_SECONDS + 1)
    )
    with pytest.raises(ValidationError):
        lead_move_undo(actor=sihui_officer, lead=moved, version=moved.version)
    assert Lead.objects.get(pk=lead.pk).stage == "contacted"


def test_a_lead_changed_since_the_move_is_not_undone(sihui_officer):
    lead = old_lead(sihui_officer)
    moved = lead_move(actor=sihui_officer, lead=lead, version=lead.version, stage="contacted")
    with pytest.raises(LeadConflict):
        lead_move_undo(actor=sihui_officer, lead=moved, version=moved.version - 1)
    assert Lead.objects.get(pk=lead.pk).stage == "contacted"


def test_a_signing_is_not_undone(sihui_officer):
    lead = LeadFactory.create(officers=[sihui_officer], investment_amount=Decimal(1_000_000))
    moved = lead_move(actor=sihui_officer, lead=lead, version=lead.version, stage="signed")
    with pytest.raises(ValidationError):
        lead_move_undo(actor=sihui_officer, lead=moved, version=moved.version)
    assert Lead.objects.get(pk=lead.pk).stage == "signed"


def test_the_board_undoes_a_move_and_answers_with_the_board(sihui_officer):
    from tests.support import signed_in

    lead = old_lead(sihui_officer)
    moved = lead_move(actor=sihui_officer, lead=lead, version=lead.version, stage="contacted")
    response = signed_in(sihui_officer).post(
        "/en/officer/leads/board/undo/", {"lead": lead.pk, "version": moved.version}
    )
    assert response.status_code == 200
    assert f'id="card-{lead.pk}"' in response.content.decode()
    assert Lead.objects.get(pk=lead.pk).stage == "lead"
