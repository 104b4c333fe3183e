"""What a lead must satisfy: amounts in a known currency converted to yuan, dates in order,
stage moves with what they need. Each refusal names the field and changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.leads.factories import GAOYAO, ZHAOQING, CurrencyRateFactory, LeadFactory
from zhaoshang.core.models import AuditEvent
from zhaoshang.leads.errors import LeadConflict
from zhaoshang.leads.models import Lead, LeadContact, StageChange
from zhaoshang.leads.services import lead_move, lead_update, lead_values_of
from zhaoshang.leads.stages import Stage

pytestmark = pytest.mark.django_db


def values_of(lead: Lead, **changes) -> dict:
    return {**lead_values_of(lead), **changes}


def db_state() -> list[object]:
    """Everything a refused write could have touched."""
    return [
        tuple(Lead.objects.order_by("pk").values_list()),
        tuple(StageChange.objects.order_by("pk").values_list()),
        tuple(LeadContact.objects.order_by("pk").values_list()),
        AuditEvent.objects.count(),
    ]


def test_an_amount_in_dollars_is_kept_in_yuan_at_the_stored_rate(usd):
    CurrencyRateFactory.create(
        currency="USD", valid_from=datetime.date(2020, 1, 1), yuan_per_unit="6.50"
    )
    lead = LeadFactory.create(investment_amount=Decimal("5000000"), investment_currency="usd")
    assert lead.investment_currency == "USD"
    assert lead.investment_rate == Decimal("7.10")  # the latest rate, not the 2020 one
    assert lead.investment_yuan == Decimal("35500000.00")
    assert lead.investment_10k_yuan == Decimal("3550.00")


def test_a_rate_from_the_future_is_not_used(db):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    CurrencyRateFactory.create(currency="EUR", valid_from=tomorrow)
    with pytest.raises(ValidationError) as caught:
        LeadFactory.create(investment_amount=Decimal(1), investment_currency="EUR")
    assert "investment_currency" in caught.value.message_dict


@pytest.mark.parametrize("code", ["XYZ", "US", "€"])
def test_an_unknown_currency_is_refused_and_nothing_is_written(db, code):
    before = db_state()
    with pytest.raises(ValidationError) as caught:
        LeadFactory.create(investment_amount=Decimal(100), investment_currency=code)
    message = " ".join(caught.value.message_dict["investment_currency"])
    assert code.upper() in message
    assert db_state() == before


def test_expected_start_before_the_lead_was_created_is_refused(db):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    before = db_state()
    with pytest.raises(ValidationError) as caught:
        LeadFactory.create(expected_start=yesterday)
    assert "before the lead was created" in caught.value.message_dict["expected_start"][0]
    assert db_state() == before


def test_a_lead_needs_a_county_and_a_division(db):
    with pytest.raises(ValidationError) as caught:
        LeadFactory.create(region=ZHAOQING, industry="C")
    assert set(caught.value.message_dict) == {"region", "industry"}


def test_contacts_phones_are_kept_in_e164_and_bad_ones_refused(db):
    lead = LeadFactory.create(
        contacts=[{"name": "Chan Tai-man", "phone": "0758 361 1228", "email": "tm@wingfat.hk"}]
    )
    contact = lead.contacts.get()
    assert contact.phone == "+867583611228"
    assert contact.email_domain == "wingfat.hk"
    before = db_state()
    with pytest.raises(ValidationError) as caught:
        LeadFactory.create(contacts=[{"name": "X", "phone": "12"}])
    assert "phone" in caught.value.message_dict
    assert db_state() == before


def test_every_stage_change_is_timestamped_with_its_reason(officer):
    lead = LeadFactory.create(actor=officer)
    lead = lead_move(actor=officer, lead=lead, version=lead.version, stage=Stage.CONTACTED)
    lead = lead_move(
        actor=officer,
        lead=lead,
        version=lead.version,
        stage=Stage.ON_HOLD,
        reason="Waits for a lease",
    )
    changes = list(lead.stage_changes.order_by("at", "id"))
    assert [(c.from_stage, c.to_stage) for c in changes] == [
        ("", "lead"),
        ("lead", "contacted"),
        ("contacted", "on_hold"),
    ]
    assert changes[-1].reason == "Waits for a lease"
    assert changes[-1].actor == officer
    assert changes[-1].days_in_from_stage is not None
    assert lead.stage_changed_at == changes[-1].at
    assert lead.furthest_rank == 1


def test_moving_to_signed_without_an_amount_is_refused_and_nothing_changes(officer):
    lead = LeadFactory.create()
    before = db_state()
    with pytest.raises(ValidationError) as caught:
        lead_move(actor=officer, lead=lead, version=lead.version, stage=Stage.SIGNED)
    assert "investment amount" in caught.value.message_dict["investment_amount"][0]
    assert db_state() == before


def test_moving_to_signed_with_the_amount_records_it_and_the_signing_day(officer, usd):
    lead = LeadFactory.create()
    lead = lead_move(
        actor=officer,
        lead=lead,
        version=lead.version,
        stage=Stage.SIGNED,
        investment_amount=Decimal(2_000_000),
        investment_currency="USD",
    )
    assert lead.investment_yuan == Decimal("14200000.00")
    assert lead.signed_on == timezone.localdate()
    assert lead.furthest_rank == 4


@pytest.mark.parametrize("stage", [Stage.LOST, Stage.ON_HOLD])
def test_lost_or_on_hold_without_a_reason_is_refused(officer, stage):
    lead = LeadFactory.create()
    before = db_state()
    with pytest.raises(ValidationError) as caught:
        lead_move(actor=officer, lead=lead, version=lead.version, stage=stage, reason="  ")
    assert list(caught.value.message_dict) == ["reason"]
    assert db_state() == before


def test_a_signed_lead_cannot_lose_its_amount(officer):
    lead = LeadFactory.create(investment_amount=Decimal(100))
    lead = lead_move(actor=officer, lead=lead, version=lead.version, stage=Stage.SIGNED)
    with pytest.raises(ValidationError) as caught:
        lead_update(
            actor=officer,
            lead=lead,
            version=lead.version,
            values=values_of(lead, investment_amount=None),
        )
    assert "investment_amount" in caught.value.message_dict


def test_a_stale_save_is_refused_with_both_versions_and_nothing_changes(officer, manager):
    lead = LeadFactory.create(product="LED panels")
    read_by_both = lead.version
    lead_update(
        actor=manager, lead=lead, version=read_by_both, values=values_of(lead, product="LED lamps")
    )
    before = db_state()
    with pytest.raises(LeadConflict) as caught:
        lead_update(
            actor=officer,
            lead=lead,
            version=read_by_both,
            values=values_of(lead, product="LED strips", region=GAOYAO),
        )
    assert caught.value.saved.product == "LED lamps"
    assert caught.value.yours["product"] == "LED strips"
    assert db_state() == before


def test_edits_are_audited_field_by_field(officer):
    lead = LeadFactory.create(actor=officer, product="valves")
    lead_update(
        actor=officer, lead=lead, version=lead.version, values=values_of(lead, product="pumps")
    )
    event = AuditEvent.objects.filter(object_id=str(lead.pk), action="update").latest("id")
    assert event.changes["product"] == {"old": "valves", "new": "pumps"}
    assert event.changes["version"] == {"old": 1, "new": 2}
    assert event.actor == officer
