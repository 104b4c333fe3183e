from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from tests.leads.factories import SIHUI, ZHAOQING, LeadFactory, regions_give
from zhaoshang.core.models import User
from zhaoshang.core.roles import Role
from zhaoshang.leads.services import lead_move
from zhaoshang.projects.models import Project
from zhaoshang.projects.services import project_contract_save

DAY = datetime.timedelta(days=1)


@pytest.fixture
def sihui_officer(db) -> User:
    return regions_give(
        UserFactory.create(username="wei", first_name="Wei", roles=[Role.PROMOTION_OFFICER]), SIHUI
    )


@pytest.fixture
def zhaoqing_manager(db) -> User:
    return regions_give(
        UserFactory.create(username="meng", first_name="Meng", roles=[Role.MANAGER]), ZHAOQING
    )


def signed_project(officer: User, *, contract_days_ago: int = 400, **contract: object) -> Project:
    """A lead moved to signed by ``officer`` (its project opened by the move), with a
    contract dated ``contract_days_ago`` days back."""
    lead = LeadFactory.create(actor=officer, officers=[officer], investment_amount=Decimal("5e7"))
    lead = lead_move(actor=officer, lead=lead, version=lead.version, stage="signed")
    project = Project.objects.get(lead=lead)
    values = {
        "contract_on": timezone.localdate() - contract_days_ago * DAY,
        "parties": "Sihui Investment Promotion Center; Harbour Precision Ltd",
        "investment_yuan": Decimal("50000000"),
        "land_mu": Decimal("50"),
        **contract,
    }
    return project_contract_save(actor=officer, project=project, values=values)


@pytest.fixture
def project(sihui_officer) -> Project:
    return signed_project(sihui_officer)
