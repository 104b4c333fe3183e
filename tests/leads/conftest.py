from __future__ import annotations

import pytest

from tests.factories import UserFactory
from tests.leads.factories import SIHUI, ZHAOQING, CurrencyRateFactory, regions_give
from zhaoshang.core.models import User
from zhaoshang.core.roles import Role


@pytest.fixture
def sihui_officer(db) -> User:
    """A promotion officer who works in Sihui."""
    return regions_give(
        UserFactory.create(username="wei", first_name="Wei", roles=[Role.PROMOTION_OFFICER]), SIHUI
    )


@pytest.fixture
def zhaoqing_manager(db) -> User:
    """A manager of the whole of Zhaoqing (the prefecture: all its counties)."""
    return regions_give(
        UserFactory.create(username="meng", first_name="Meng", roles=[Role.MANAGER]), ZHAOQING
    )


@pytest.fixture
def usd(db):
    return CurrencyRateFactory.create(currency="USD", yuan_per_unit="7.10")
