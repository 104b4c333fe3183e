"""Demo data of proposals: illustrative cost tables for the demo's counties and for a
province of Vietnam (marked "illustrative, not official" wherever shown: none of these
figures is a published tariff), and two sent proposals for demo leads, one of them viewed.
Loading twice changes nothing."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TextIO

from django.db.models import Q

from zhaoshang.core.models import User
from zhaoshang.leads.demo.data import LEADS
from zhaoshang.leads.models import Lead
from zhaoshang.proposals import services
from zhaoshang.proposals.compose.costs import ILLUSTRATIVE_SOURCE
from zhaoshang.proposals.models import CostFigure, CostPlace, Proposal
from zhaoshang.registry.models import Region

SOURCE = ILLUSTRATIVE_SOURCE
VALID_FROM = datetime.date(2026, 1, 1)

# slug, county, names (en, 简, 繁), currency, and the figures: power per kWh, water per m³,
# gas per m³, monthly wages (operator, technician, engineer), employer's social insurance %.
PLACES: list[tuple[str, str | None, tuple[str, str, str], str, tuple[str, ...]]] = [
    (
        "sihui",
        "441284",
        ("Sihui", "四会市", "四會市"),
        "CNY",
        ("0.68", "3.10", "4.20", "4600", "6800", "11000", "26"),
    ),
    (
        "gaoyao",
        "441204",
        ("Gaoyao", "高要区", "高要區"),
        "CNY",
        ("0.69", "3.20", "4.30", "4500", "6600", "10500", "26"),
    ),
    (
        "dinghu",
        "441203",
        ("Dinghu", "鼎湖区", "鼎湖區"),
        "CNY",
        ("0.70", "3.30", "4.40", "4700", "7000", "11500", "26"),
    ),
    (
        "duanzhou",
        "441202",
        ("Duanzhou", "端州区", "端州區"),
        "CNY",
        ("0.71", "3.40", "4.40", "4900", "7300", "12000", "26"),
    ),
    (
        "binh-duong-vn",
        None,
        ("Binh Duong province, Vietnam", "越南平阳省", "越南平陽省"),
        "USD",
        ("0.080", "0.75", "0.90", "380", "560", "1100", "21.5"),
    ),
]
ITEMS = (
    "power_kwh",
    "water_m3",
    "gas_m3",
    "wage_operator",
    "wage_technician",
    "wage_engineer",
    "social_insurance",
)

TEXTS = {
    "summary_en": "Two sites in Sihui meet your land and power needs; the support below is "
    "estimated from the figures you gave us. (Demonstration.)",
    "summary_zh_hans": "四会有两块用地满足贵司的用地和用电需求；"
    "以下扶持按贵司提供的数据估算。（演示）",
    "logistics_en": "About 90 minutes by road to Guangzhou Baiyun airport; river port at Sihui.",
    "logistics_zh_hans": "经公路约90分钟到达广州白云机场；四会设有内河港口。",
    "next_steps_en": "Tell us two or three dates for a site visit; we will arrange the meetings.",
    "next_steps_zh_hans": "请告知两三个方便考察的日期，我们将安排会面。",
}


def _places(out: TextIO) -> None:
    for slug, county, names, currency, values in PLACES:
        if county is not None and not Region.objects.filter(pk=county).exists():
            continue
        place, _made = CostPlace.objects.get_or_create(
            slug=slug,
            defaults={
                "region_id": county,
                "name_en": names[0],
                "name_zh_hans": names[1],
                "name_zh_hant": names[2],
                "currency": currency,
                "illustrative": True,
            },
        )
        for item, value in zip(ITEMS, values, strict=True):
            CostFigure.objects.get_or_create(
                place=place,
                item=item,
                valid_from=VALID_FROM,
                defaults={"value": Decimal(value), "source": SOURCE},
            )
    out.write(f"Proposals: {CostPlace.objects.count()} cost places (illustrative)\n")


def load(*, demo_password: str, out: TextIO) -> None:
    _places(out)
    if Proposal.objects.filter(is_demo=True).exists():
        return
    officer = User.objects.filter(username="officer").first()
    if officer is None:
        return
    demo = Lead.objects.filter(company__in=[spec[0] for spec in LEADS])
    looking = demo.filter(stage__in=("contacted", "site_visit", "negotiating")).filter(
        Q(land_mu__isnull=False) | Q(building_m2__isnull=False)
    )
    vietnam = CostPlace.objects.filter(slug="binh-duong-vn").first()
    made = 0
    for lead in looking.filter(officers=officer).order_by("id")[:2]:
        proposal = services.proposal_create(actor=officer, lead=lead)
        if not proposal.sites:
            proposal.delete()
            continue
        Proposal.objects.filter(pk=proposal.pk).update(
            is_demo=True,
            texts={**proposal.texts, **TEXTS},
            comparison=vietnam if lead.origin == "VN" or made == 0 else None,
            facts={**proposal.facts, "revenue_wan": "8000", "high_tech": made == 0},
        )
        proposal.refresh_from_db()
        sent, token = services.proposal_send(actor=officer, proposal=proposal)
        out.write(
            f"Proposals: the investor's link of {lead.company}: /{sent.language}/p/{token}/\n"
        )
        if made == 0:
            services.proposal_viewed(proposal=sent)
        made += 1
    out.write(f"Proposals: {made} demo proposals sent\n")
