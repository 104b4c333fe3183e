"""Pages show money, areas and codes as people read them, never the raw stored values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import UserFactory
from tests.policies.factories import EnterpriseFactory, PolicyFactory
from tests.support import signed_in
from zhaoshang.core.roles import Role
from zhaoshang.registry.services import enterprise_member_add

pytestmark = pytest.mark.django_db


def test_a_computed_benefit_reads_once_rounded_in_chinese(client):
    policy = PolicyFactory.create(
        slug="formula-award", benefit_kind="fixed", benefit_amount=Decimal("46.4827")
    )
    from zhaoshang.policies.services import policy_publish

    policy_publish(actor=None, policy=policy)
    page = client.get("/zh-hans/policies/formula-award/").content.decode()
    assert "46.4827万元（46.48万元）" not in page
    assert "46.48万元" in page


def test_my_enterprise_shows_names_and_labels_not_codes():
    enterprise = EnterpriseFactory.create(
        region_id="441284",
        industry_code="3431",
        ownership="foreign_invested",
        foreign_country="US",
    )
    user = UserFactory.create(username="ent", roles=[Role.ENTERPRISE_USER])
    enterprise_member_add(actor=None, user=user, enterprise=enterprise)
    page = signed_in(user).get("/zh-hans/my-enterprise/").content.decode()
    assert "四会市 (441284)" in page
    assert "通用设备制造业 (3431)" in page
    assert "外商投资" in page
    assert "美国 (US)" in page
