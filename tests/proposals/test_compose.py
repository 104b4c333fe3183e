"""Composing and sending: policies through the eligibility engine, costs side by side, a
frozen snapshot, versions."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.factories import UserFactory
from tests.leads.factories import GAOYAO, LeadFactory, regions_give
from tests.proposals.conftest import compose_values
from zhaoshang.core.roles import Role
from zhaoshang.proposals import services
from zhaoshang.proposals.models import CostFigure, Proposal
from zhaoshang.proposals.tokens import token_digest
from zhaoshang.sites.holds.services import site_hold

pytestmark = pytest.mark.django_db


def test_a_new_draft_starts_from_the_lead(wei, lead, parcel):
    proposal = services.proposal_create(actor=wei, lead=lead)
    assert proposal.status == Proposal.Status.DRAFT
    assert proposal.sites == [{"kind": "parcel", "id": parcel.pk}]
    assert proposal.facts["jobs"] == 120
    assert proposal.contacts[0]["name"] == wei.display_name
    assert "Saigon Lamps Co." in proposal.texts["greeting_en"]


def test_policies_are_judged_on_the_projects_facts(sent):
    proposal, _token = sent
    assert proposal.snapshot is not None
    policies = proposal.snapshot["languages"]["en"]["policies"]
    assert [(p["slug"], p["outcome"]) for p in policies] == [("jobs-grant", "eligible")]
    assert policies[0]["benefit"]


def test_a_missing_figure_makes_a_policy_may_qualify_naming_it(wei, lead, parcel, policy, costs):
    proposal = services.proposal_create(actor=wei, lead=lead)
    proposal = services.proposal_update(
        actor=wei, proposal=proposal, values=compose_values(parcel, jobs="")
    )
    proposal, _token = services.proposal_send(actor=wei, proposal=proposal)
    assert proposal.snapshot is not None
    shown = proposal.snapshot["languages"]["en"]["policies"][0]
    assert shown["outcome"] == "possibly_eligible"
    assert shown["missing"] == ["employees"]


def test_costs_show_both_places_with_date_and_source(sent):
    costs = sent[0].snapshot["languages"]["en"]["costs"]
    assert costs["place"] == "Sihui"
    assert costs["comparison"] == "Binh Duong, Vietnam"
    power = next(r for r in costs["rows"] if "power" in r["label"])
    assert power["site"]["source"] == "demo"
    assert power["other"]["value"]
    assert costs["illustrative"] is True
    # a month of one operator: 4,800 × 1.25 here, 2,600 × 1.25 there
    assert [v for _label, v in costs["chart_rows"]] == [6000.0, 3250.0]


def test_sending_freezes_what_the_investor_sees(sent, parcel, costs):
    proposal, _token = sent
    before = proposal.snapshot
    parcel.price_per_mu = Decimal(999999)
    parcel.save()
    CostFigure.objects.filter(item="power_kwh").update(value=Decimal(9))
    proposal.refresh_from_db()
    assert proposal.snapshot == before
    assert "9.00" not in str(proposal.snapshot)


def test_only_the_tokens_digest_is_kept(sent):
    proposal, token = sent
    assert len(token) >= 43  # 256 bits in base64
    assert proposal.token_hash == token_digest(token)
    assert token not in str(Proposal.objects.filter(pk=proposal.pk).values().first())


def test_a_sent_proposal_does_not_change(wei, sent, parcel):
    proposal, _token = sent
    with pytest.raises(ValidationError) as caught:
        services.proposal_update(actor=wei, proposal=proposal, values=compose_values(parcel))
    assert "status" in caught.value.message_dict


def test_a_new_version_links_to_the_old_and_replaces_its_link(wei, sent):
    old, _token = sent
    fresh = services.proposal_create(actor=wei, lead=old.lead, previous=old)
    assert fresh.previous == old
    assert fresh.number == 2
    services.proposal_send(actor=wei, proposal=fresh)
    old.refresh_from_db()
    assert old.status == Proposal.Status.REVOKED


def test_bad_values_name_their_field_and_change_nothing(wei, draft, parcel):
    with pytest.raises(ValidationError) as caught:
        services.proposal_update(
            actor=wei,
            proposal=draft,
            values=compose_values(parcel, industry_code="38", jobs="-3", greeting_en="x" * 6000),
        )
    assert {"industry_code", "jobs", "greeting_en"} <= set(caught.value.message_dict)
    draft.refresh_from_db()
    assert draft.facts["industry_code"] == "3872"


def test_an_officer_cannot_send_a_proposal_on_a_lead_they_cannot_see(draft):
    stranger = regions_give(
        UserFactory.create(username="gao", roles=[Role.PROMOTION_OFFICER]), GAOYAO
    )
    with pytest.raises(PermissionDenied):
        services.proposal_send(actor=stranger, proposal=draft)
    draft.refresh_from_db()
    assert draft.status == Proposal.Status.DRAFT


def test_the_send_page_refuses_a_lead_the_officer_cannot_see(draft, client):
    from tests.support import signed_in

    stranger = regions_give(
        UserFactory.create(username="gao", roles=[Role.PROMOTION_OFFICER]), GAOYAO
    )
    response = signed_in(stranger).post(f"/en/officer/proposals/{draft.pk}/send/")
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.status == Proposal.Status.DRAFT


def test_sending_needs_a_site_and_a_contact(wei, lead):
    LeadFactory  # noqa: B018
    proposal = Proposal.objects.create(lead=lead, created_by=wei)
    with pytest.raises(ValidationError) as caught:
        services.proposal_send(actor=wei, proposal=proposal)
    assert {"sites", "contacts_0_name", "expires_on"} <= set(caught.value.message_dict)


def test_a_new_draft_leaves_out_a_site_held_for_another_lead(wei, lead, parcel):
    other = LeadFactory.create(company="Pearl Delta Packaging", officers=[wei])
    site_hold(
        actor=wei, site=parcel, lead=other, until=timezone.localdate() + datetime.timedelta(days=9)
    )
    proposal = services.proposal_create(actor=wei, lead=lead)
    assert proposal.sites == []
