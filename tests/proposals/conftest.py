from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import UserFactory
from tests.leads.factories import SIHUI, LeadFactory, regions_give
from tests.policies.factories import PolicyFactory
from tests.sites.match_factories import parcel_make
from tests.support import signed_in
from zhaoshang.core.models import User
from zhaoshang.core.roles import Role
from zhaoshang.leads.models import Lead
from zhaoshang.policies.models import Policy
from zhaoshang.policies.services import policy_publish
from zhaoshang.proposals import services
from zhaoshang.proposals.models import CostFigure, CostPlace, Proposal
from zhaoshang.rules import parse_text
from zhaoshang.sites.models import Parcel


@pytest.fixture
def wei(db) -> User:
    return regions_give(
        UserFactory.create(username="wei", first_name="Wei", roles=[Role.PROMOTION_OFFICER]), SIHUI
    )


@pytest.fixture
def wei_client(wei) -> Client:
    return signed_in(wei)


@pytest.fixture
def lead(wei) -> Lead:
    return LeadFactory.create(
        company="Saigon Lamps Co.",
        origin="VN",
        officers=[wei],
        land_mu=Decimal(30),
        jobs=120,
        industry="38",
        preferred_counties=[SIHUI],
    )


@pytest.fixture
def parcel(db) -> Parcel:
    return parcel_make(area_m2=Decimal(30000), price_per_mu=Decimal(150000))


@pytest.fixture
def policy(db) -> Policy:
    """Open, for manufacturing with 100 jobs or more; a fixed 50 (10,000 yuan)."""
    made = PolicyFactory.create(
        slug="jobs-grant",
        title_en="Jobs grant",
        title_zh_hans="就业补贴",
        status=Policy.Status.OPEN,
        rule=parse_text("employees >= 100 and industry_code within C13..C43").to_json(),
    )
    policy_publish(actor=None, policy=made)
    return Policy.objects.get(pk=made.pk)


@pytest.fixture
def costs(db) -> dict[str, CostPlace]:
    sihui = CostPlace.objects.create(
        slug="sihui", region_id=SIHUI, name_en="Sihui", name_zh_hans="四会", illustrative=True
    )
    vietnam = CostPlace.objects.create(
        slug="binh-duong",
        name_en="Binh Duong, Vietnam",
        name_zh_hans="越南平阳省",
        currency="CNY",
        illustrative=True,
    )
    day = datetime.date(2025, 1, 1)
    for place, power, wage in ((sihui, "0.65", "4800"), (vietnam, "0.55", "2600")):
        CostFigure.objects.create(
            place=place, item="power_kwh", value=Decimal(power), valid_from=day, source="demo"
        )
        CostFigure.objects.create(
            place=place, item="wage_operator", value=Decimal(wage), valid_from=day, source="demo"
        )
        CostFigure.objects.create(
            place=place, item="social_insurance", value=Decimal("25"), valid_from=day, source="demo"
        )
    return {"sihui": sihui, "vietnam": vietnam}


def compose_values(parcel: Parcel, **extra: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "language": "en",
        "greeting_en": "Dear Mr Nguyen, welcome to Sihui.",
        "greeting_zh_hans": "阮先生您好，欢迎来到四会投资。",
        "sites": [f"parcel:{parcel.pk}"],
        "industry_code": "3872",
        "jobs": "120",
        "contacts": [
            {
                "name": "Wei Chen",
                "phone": "+86 758 3611228",
                "email": "wei@example.org",
                "wechat": "sihui_wei",
            }
        ],
        "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    }
    values.update(extra)
    return values


@pytest.fixture
def draft(wei, lead, parcel, policy, costs) -> Proposal:
    proposal = services.proposal_create(actor=wei, lead=lead)
    return services.proposal_update(
        actor=wei,
        proposal=proposal,
        values=compose_values(parcel, comparison=str(costs["vietnam"].pk)),
    )


@pytest.fixture
def sent(wei, draft) -> tuple[Proposal, str]:
    return services.proposal_send(actor=wei, proposal=draft)
