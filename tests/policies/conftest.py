from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _snapshots_in_tmp(settings, tmp_path) -> None:
    settings.VAR_DIR = tmp_path


@pytest.fixture
def policy_officer(db):
    from tests.factories import UserFactory
    from zhaoshang.core.roles import Role

    return UserFactory.create(username="fang", roles=[Role.POLICY_OFFICER])


@pytest.fixture
def registry(db):
    """Two above-size manufacturers in Sihui, one in Duanzhou, a small one, a trader, and one
    without figures."""
    from decimal import Decimal

    from django.utils import timezone

    from tests.policies.factories import EnterpriseFactory

    year = timezone.localdate().year - 1
    for region in ("441284", "441284", "441202"):
        EnterpriseFactory.with_figures(year=year, revenue=Decimal(2500), region_id=region)
    EnterpriseFactory.with_figures(year=year, revenue=Decimal(100))
    EnterpriseFactory.with_figures(year=year, revenue=Decimal(9000), industry_code="5191")
    EnterpriseFactory.create()
