from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import UserFactory
from tests.policies.factories import EnterpriseFactory
from zhaoshang.chains.classification import placements_rebuild
from zhaoshang.chains.services import chains_load_if_empty
from zhaoshang.core.models import User
from zhaoshang.core.roles import Role
from zhaoshang.registry.models import Enterprise

BATTERY_SCOPE = "一般项目：锂离子电池制造；电池销售。"


def battery_maker(region: str, revenue: int, **extra: object) -> Enterprise:
    return EnterpriseFactory.create(
        region_id=region,
        industry_code="3841",
        business_scope=BATTERY_SCOPE,
        latest_year=2025,
        latest_revenue=Decimal(revenue),
        **extra,
    )


@pytest.fixture
def chains(db) -> None:
    chains_load_if_empty()


@pytest.fixture
def registry(chains) -> dict[str, Enterprise]:
    """Battery makers in Sihui (441284) and elsewhere in Zhaoqing and Guangdong, a battery
    shop (placed on nothing), then the whole registry classified."""
    found = {
        "sihui_big": battery_maker("441284", 90_000, above_designated_size=True),
        "sihui_small": battery_maker("441284", 3_000),
        "duanzhou": battery_maker("441202", 20_000),
        "guangzhou": battery_maker("440106", 500_000),
        "shop": EnterpriseFactory.create(
            region_id="441284", industry_code="5274", business_scope="日用百货、电池销售。"
        ),
    }
    placements_rebuild()
    return found


@pytest.fixture
def policy_officer(db) -> User:
    return UserFactory.create(username="polly", roles=[Role.POLICY_OFFICER])
