"""Demo targets and transformation projects.

- The province's 2024 targets of the transformation programme, as the Guangdong Provincial
  High-Quality Development Conference (18 February 2024) set them: technological
  transformation of 9,000 industrial enterprises, digital transformation of 9,200
  enterprises above designated size. These two are real figures, not demonstration data.
- Targets for Zhaoqing and its counties for 2025 and 2026 (invented: demonstration data).
  Zhaoqing sets its own transformation targets; its project targets are the sum of its
  counties', so the dashboard shows both kinds.
- Transformation projects of demo enterprises in Zhaoqing (demonstration data), a few of
  them proposed and still waiting for an officer.

Loaded once: nothing is added when demo targets exist already."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import TextIO

from django.utils import timezone

from zhaoshang.projects.models import MaturityLevel, Target, TransformationProject
from zhaoshang.projects.targets.services import targets_save
from zhaoshang.projects.transformation.services import transformation_record
from zhaoshang.registry.models import Enterprise, Region

SEED = 2024
GUANGDONG, ZHAOQING = "440000", "441200"
PROGRAMME_SOURCE = "Guangdong Provincial High-Quality Development Conference, 2024-02-18"
PROVINCE_2024 = {"tech_transformation": Decimal(9000), "digital_transformation": Decimal(9200)}
# A county's yearly targets: (low, high) for each project measure (money in yuan).
COUNTY_RANGES = {
    "signed_projects": (8, 30),
    "signed_investment": (1_500_000_000, 6_000_000_000),
    "started": (5, 20),
    "in_production": (3, 15),
    "investment_made": (800_000_000, 3_000_000_000),
}
ZHAOQING_TRANSFORMATION = {
    2025: {"tech_transformation": Decimal(320), "digital_transformation": Decimal(260)},
    2026: {"tech_transformation": Decimal(360), "digital_transformation": Decimal(300)},
}
# What an enterprise in Sihui would type (in Chinese): the work and the equipment.
TECH_WORK = [
    ("冲压生产线自动化改造", "伺服压力机6台，工业机器人4台"),
    ("节能熔炼炉改造", "蓄热式熔炼炉2台"),
    ("贴片生产线升级", "贴片线3条，自动光学检测设备"),
    ("涂装车间废气治理", "蓄热式焚烧炉1套"),
]
DIGITAL_WORK = [
    "生产执行系统上线并与企业资源计划系统打通",
    "条码仓储管理与自动导引车物流",
    "设备联网监测与预测性维护",
    "从原料到出货的质量追溯",
]
DEMO_NOTE = "演示数据"


def load(*, out: TextIO) -> None:
    if Target.objects.filter(region_id=GUANGDONG, year=2024).exists():
        return
    if not Region.objects.filter(code=ZHAOQING).exists():
        return
    targets_save(
        actor=None,
        year=2024,
        cells={(GUANGDONG, m): v for m, v in PROVINCE_2024.items()},
        source=PROGRAMME_SOURCE,
        is_demo=False,
    )
    rng = random.Random(SEED)
    counties = list(
        Region.objects.filter(parent_id=ZHAOQING).order_by("code").values_list("code", flat=True)
    )
    for year in (2025, 2026):
        cells: dict[tuple[str, str], Decimal | str | None] = {}
        for code in counties:
            for measure, (low, high) in COUNTY_RANGES.items():
                value = rng.randint(low, high)
                if value > 1_000_000:
                    value = round(value, -7)
                cells[code, measure] = Decimal(value)
        for measure, target in ZHAOQING_TRANSFORMATION[year].items():
            cells[ZHAOQING, measure] = target
        targets_save(actor=None, year=year, cells=cells, is_demo=True)
    made = _transformation(rng)
    out.write(f"targets: province 2024, Zhaoqing 2025-2026; transformation projects: {made}\n")


def _transformation(rng: random.Random) -> int:
    if TransformationProject.objects.filter(is_demo=True).exists():
        return 0
    today = timezone.localdate()
    enterprises = list(
        Enterprise.objects.filter(region__parent_id=ZHAOQING, division__parent_id="C").order_by(
            "id"
        )[:400]
    )
    if not enterprises:
        return 0
    levels = list(MaturityLevel.objects.order_by("rank"))
    chosen = rng.sample(enterprises, min(120, len(enterprises)))
    made = 0
    for index, enterprise in enumerate(chosen):
        digital = enterprise.above_designated_size and index % 2 == 0
        year = rng.choice([2025, 2026])
        start = datetime.date(year, 1, 1) + datetime.timedelta(days=rng.randint(0, 200))
        end: datetime.date | None = start + datetime.timedelta(days=rng.randint(60, 300))
        if end is not None and end > today:
            end = None  # still under way
        investment = Decimal(rng.randint(20, 800) * 100_000)
        values: dict[str, object] = {
            "investment_yuan": investment,
            "started_on": start,
            "completed_on": end,
            "subsidy_yuan": (investment * Decimal("0.1")).quantize(Decimal("1")),
        }
        if digital and levels:
            before = rng.randint(0, max(len(levels) - 3, 0))
            values.update(
                kind=TransformationProject.Kind.DIGITAL,
                title=rng.choice(DIGITAL_WORK),
                description=DEMO_NOTE,
                level_before=levels[before],
                level_after=levels[before + rng.randint(1, 2)],
            )
        else:
            work, equipment = rng.choice(TECH_WORK)
            values.update(
                kind=TransformationProject.Kind.TECHNOLOGICAL,
                title=work,
                description=DEMO_NOTE,
                equipment=equipment,
            )
        transformation_record(
            actor=None,
            enterprise=enterprise,
            values=values,
            proposed=index % 10 == 9,
            is_demo=True,
        )
        made += 1
    return made
