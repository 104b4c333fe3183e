"""Demo data of the registry: a few thousand generated enterprises in Zhaoqing, and the
demo enterprise user linked to one of them in Sihui."""

from __future__ import annotations

from typing import TextIO

from django.db.models import F

from zhaoshang.core.models import User
from zhaoshang.registry import generator
from zhaoshang.registry.generator.population import region_names, region_weights
from zhaoshang.registry.imports.pipeline import enterprise_records_save
from zhaoshang.registry.models import Enterprise, EnterpriseMember
from zhaoshang.registry.services import enterprise_member_add

DEMO_COUNT = 3000
DEMO_SEED = 4412


def load(*, demo_password: str, out: TextIO) -> None:
    if not Enterprise.objects.exists():
        records = generator.generate(
            DEMO_COUNT,
            seed=DEMO_SEED,
            regions=region_weights("4412"),
            region_names=region_names(),
        )
        report = enterprise_records_save(records, actor=None)
        out.write(f"enterprises: {report.created} in Zhaoqing\n")
    user = User.objects.filter(username="enterprise").first()
    if user is not None and not EnterpriseMember.objects.filter(user=user).exists():
        enterprise = (
            Enterprise.objects.filter(region_id="441284", division__parent_id="C")
            .order_by(F("latest_revenue").desc(nulls_last=True), "id")
            .first()
        )
        if enterprise is not None:
            enterprise_member_add(actor=None, user=user, enterprise=enterprise)
            out.write(f"demo enterprise user linked to {enterprise.name}\n")
