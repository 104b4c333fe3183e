"""Demo data of the sites app: three parks, twelve land parcels and eight buildings in Sihui
and in Zhaoqing's districts (Duanzhou, Gaoyao, Dinghu), each placed near its county's
centre, marked ``is_demo`` (the pages say "demonstration data" in every language), with a
generated photo each park. Written through the services, so the same checks apply; a site
already there (by slug, number or code) is left as it is, so loading twice changes
nothing."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from typing import Any, TextIO

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from zhaoshang.sites import services
from zhaoshang.sites.models import Building, Parcel, Park

SIHUI = "441284"
DUANZHOU = "441202"
DINGHU = "441203"
GAOYAO = "441204"

_DEMO_EN = "Demonstration data: not a real offer."
_DEMO_HANS = "示范数据，并非真实招商信息。"
_DEMO_HANT = "示範數據，並非真實招商資訊。"

PARKS: list[dict[str, Any]] = [
    {
        "slug": "demo-sihui-industrial-park",
        "name_en": "Sihui Industrial Park (demo)",
        "name_zh_hans": "四会工业园（示范）",
        "name_zh_hant": "四會工業園（示範）",
        "region": SIHUI,
        "lat": 23.352,
        "lng": 112.705,
        "outline": {
            "type": "Polygon",
            "coordinates": [
                [
                    [112.690, 23.340],
                    [112.720, 23.340],
                    [112.722, 23.364],
                    [112.692, 23.366],
                    [112.690, 23.340],
                ]
            ],
        },
        "managing_body": "四会工业园管理委员会（示范）",
        "contact_phone": "0758-0000000",
        "utilities": {
            "power_kva": 120000,
            "substations": 2,
            "water_t_day": 50000,
            "gas": True,
            "steam": True,
            "wastewater_t_day": 30000,
        },
        "distances": [
            {"place": "Guangzhou Baiyun airport", "km": 75, "minutes": 60},
            {"place": "Guangzhou Nansha port", "km": 140, "minutes": 110},
            {"place": "Hong Kong", "km": 230, "minutes": 190},
            {"place": "Sihui expressway entrance", "km": 4, "minutes": 6},
            {"place": "Sihui railway station", "km": 9, "minutes": 15},
        ],
    },
    {
        "slug": "demo-zhaoqing-hi-tech-zone",
        "name_en": "Zhaoqing Hi-tech Zone, Dinghu area (demo)",
        "name_zh_hans": "肇庆高新区鼎湖片区（示范）",
        "name_zh_hant": "肇慶高新區鼎湖片區（示範）",
        "region": DINGHU,
        "lat": 23.170,
        "lng": 112.580,
        "managing_body": "肇庆高新区管委会（示范）",
        "utilities": {"power_kva": 200000, "substations": 3, "gas": True, "steam": False},
        "distances": [
            {"place": "Guangzhou Baiyun airport", "km": 90, "minutes": 70},
            {"place": "Zhaoqing East railway station", "km": 12, "minutes": 18},
        ],
    },
    {
        "slug": "demo-gaoyao-logistics-park",
        "name_en": "Gaoyao Logistics Park (demo)",
        "name_zh_hans": "高要物流园（示范）",
        "name_zh_hant": "高要物流園（示範）",
        "region": GAOYAO,
        "lat": 23.010,
        "lng": 112.440,
        "managing_body": "高要区物流园服务中心（示范）",
        "utilities": {"power_kva": 40000, "water_t_day": 8000},
        "distances": [{"place": "Zhaoqing new port", "km": 15, "minutes": 20}],
    },
]

# number, park, county, lat, lng, area (mu), land use, industries, price per mu, status
_PARCELS = [
    ("DEMO-SH-01", 0, SIHUI, 23.345, 112.695, "52", "0601", ["C33..C35"], "180000", "available"),
    ("DEMO-SH-02", 0, SIHUI, 23.349, 112.702, "30", "0601", ["C38", "C39"], "185000", "available"),
    ("DEMO-SH-03", 0, SIHUI, 23.356, 112.710, "85", "0601", [], "170000", "reserved"),
    ("DEMO-SH-04", 0, SIHUI, 23.360, 112.715, "20", "0604", [], "160000", "available"),
    (
        "DEMO-SH-05",
        None,
        SIHUI,
        23.300,
        112.760,
        "45",
        "0601",
        ["C13..C43"],
        "150000",
        "negotiating",
    ),
    (
        "DEMO-SH-06",
        None,
        SIHUI,
        23.390,
        112.690,
        "120",
        "0601",
        ["C30..C32"],
        "140000",
        "available",
    ),
    ("DEMO-DH-01", 1, DINGHU, 23.168, 112.575, "60", "0601", ["C39", "C40"], "220000", "available"),
    ("DEMO-DH-02", 1, DINGHU, 23.172, 112.585, "35", "0601", ["C27"], "230000", "available"),
    ("DEMO-DH-03", 1, DINGHU, 23.176, 112.578, "15", "05", [], "400000", "transferred"),
    ("DEMO-GY-01", 2, GAOYAO, 23.008, 112.435, "40", "0604", [], "160000", "available"),
    ("DEMO-GY-02", 2, GAOYAO, 23.013, 112.445, "70", "0601", ["C33..C36"], "155000", "available"),
    ("DEMO-DZ-01", None, DUANZHOU, 23.070, 112.470, "10", "05", [], "600000", "available"),
]

# code, park, county, lat, lng, kind, floor area, floors, power, rent, smallest unit, status
_BUILDINGS = [
    (
        "DEMO-SHB-01",
        0,
        SIHUI,
        23.347,
        112.698,
        "factory",
        "20000",
        4,
        "2000",
        "14",
        "2500",
        "available",
    ),
    (
        "DEMO-SHB-02",
        0,
        SIHUI,
        23.351,
        112.705,
        "factory",
        "8000",
        1,
        "1250",
        "16",
        None,
        "available",
    ),
    (
        "DEMO-SHB-03",
        0,
        SIHUI,
        23.358,
        112.712,
        "warehouse",
        "12000",
        1,
        "400",
        "12",
        "3000",
        "available",
    ),
    (
        "DEMO-SHB-04",
        None,
        SIHUI,
        23.330,
        112.735,
        "office",
        "3000",
        6,
        "250",
        "35",
        "200",
        "available",
    ),
    (
        "DEMO-DHB-01",
        1,
        DINGHU,
        23.170,
        112.582,
        "factory",
        "30000",
        5,
        "3150",
        "18",
        "6000",
        "available",
    ),
    (
        "DEMO-DHB-02",
        1,
        DINGHU,
        23.174,
        112.588,
        "factory",
        "6000",
        2,
        "800",
        "17",
        None,
        "reserved",
    ),
    (
        "DEMO-GYB-01",
        2,
        GAOYAO,
        23.011,
        112.440,
        "warehouse",
        "25000",
        1,
        "630",
        "11",
        "5000",
        "available",
    ),
    (
        "DEMO-DZB-01",
        None,
        DUANZHOU,
        23.055,
        112.480,
        "office",
        "4500",
        12,
        "400",
        "45",
        "150",
        "available",
    ),
]


def _description(what_en: str, what_hans: str, what_hant: str) -> dict[str, str]:
    return {
        "description_en": f"{what_en} {_DEMO_EN}",
        "description_zh_hans": f"{what_hans}{_DEMO_HANS}",
        "description_zh_hant": f"{what_hant}{_DEMO_HANT}",
    }


def _photo(seed: int) -> SimpleUploadedFile:
    """A drawn picture (sky, ground, a factory hall) so that the demo shows photos without
    shipping any."""
    picture = Image.new("RGB", (800, 500), (135, 180 + seed * 10 % 60, 230))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 330, 800, 500), fill=(110, 140, 90))
    draw.rectangle((160 + seed * 20, 200, 620, 360), fill=(200, 200, 205))
    draw.polygon([(150 + seed * 20, 200), (390, 130), (630, 200)], fill=(90, 110, 140))
    data = io.BytesIO()
    picture.save(data, "JPEG", quality=80)
    return SimpleUploadedFile(f"demo-{seed}.jpg", data.getvalue(), content_type="image/jpeg")


def load(*, demo_password: str, out: TextIO) -> None:
    parks: list[Park] = []
    for n, values in enumerate(PARKS):
        park = Park.objects.filter(slug=values["slug"]).first()
        if park is None:
            park = services.park_save(
                actor=None,
                values={
                    **values,
                    "is_demo": True,
                    **_description("An industrial park.", "工业园区。", "工業園區。"),
                },
            )
            services.site_photo_add(actor=None, site=park, upload=_photo(n), caption=park.name_en)
        parks.append(park)
    for number, park_n, county, lat, lng, mu, use, industries, price, status in _PARCELS:
        if Parcel.objects.filter(number=number).exists():
            continue
        services.parcel_save(
            actor=None,
            values={
                "number": number,
                "park": parks[park_n] if park_n is not None else None,
                "region": county,
                "lat": lat,
                "lng": lng,
                "area_mu": Decimal(mu),
                "land_use": use,
                "industries_allowed": industries,
                "price_per_mu": Decimal(price),
                "plot_ratio_min": Decimal("1.2") if use == "0601" else None,
                "plot_ratio_max": Decimal("3.0") if use == "0601" else None,
                "building_density_min": Decimal("30") if use == "0601" else None,
                "green_ratio_max": Decimal("20") if use == "0601" else None,
                "min_investment_per_mu": Decimal("3000000") if use == "0601" else None,
                "min_tax_per_mu": Decimal("150000") if use == "0601" else None,
                "tenure_years": 50 if use in ("0601", "0604") else 40,
                "status": status,
                "is_demo": True,
                **_description("A land parcel.", "一宗用地。", "一宗用地。"),
            },
        )
    for code, park_n, county, lat, lng, kind, area, floors, power, rent, unit, status in _BUILDINGS:
        if Building.objects.filter(code=code).exists():
            continue
        services.building_save(
            actor=None,
            values={
                "code": code,
                "park": parks[park_n] if park_n is not None else None,
                "region": county,
                "lat": lat,
                "lng": lng,
                "kind": kind,
                "floor_area_m2": Decimal(area),
                "floors": floors,
                "area_per_floor_m2": (Decimal(area) / floors).quantize(Decimal("0.01")),
                "ceiling_height_m": Decimal("8") if kind != "office" else Decimal("3.6"),
                "floor_load_kn_m2": Decimal("10") if kind != "office" else Decimal("3"),
                "power_kva": Decimal(power),
                "rent_per_m2_month": Decimal(rent),
                "smallest_unit_m2": Decimal(unit) if unit else None,
                "status": status,
                "is_demo": True,
                **_description("A building.", "一栋楼宇。", "一棟樓宇。"),
            },
        )
    holds = _holds()
    out.write(
        f"Sites: {Park.objects.filter(is_demo=True).count()} parks, "
        f"{Parcel.objects.filter(is_demo=True).count()} parcels, "
        f"{Building.objects.filter(is_demo=True).count()} buildings (demo), {holds} holds\n"
    )


# Three of the demo's open leads state where and when they need a site, and each holds its
# best match: one land, one building, one ending within the warning's three days.
_NEEDS = (
    ("land", [SIHUI], 120, 20),
    ("building", [SIHUI, "441200"], 60, 2),
    ("either", ["441200"], 200, 45),
)


def _holds() -> int:
    """Give three open demo leads a site's needs and a hold on their best match. Leads
    already holding a site are left alone (loading twice changes nothing)."""
    from django.utils import timezone

    from zhaoshang.leads.demo.data import LEADS
    from zhaoshang.leads.models import Lead
    from zhaoshang.leads.services import lead_update, lead_values_of
    from zhaoshang.sites.holds.services import site_hold
    from zhaoshang.sites.matching.selectors import lead_matches
    from zhaoshang.sites.models import SiteHold

    demo_leads = Lead.objects.filter(company__in=[spec[0] for spec in LEADS])
    if SiteHold.objects.filter(lead__in=demo_leads).exists():
        return SiteHold.objects.filter(lead__in=demo_leads).count()
    leads = demo_leads.filter(stage__in=("contacted", "site_visit", "negotiating")).order_by("id")
    today = timezone.localdate()
    made = 0
    for lead, (kind, counties, needed_in, hold_days) in zip(leads, _NEEDS, strict=False):
        officer = lead.officers.order_by("id").first()
        if officer is None:
            continue
        lead = lead_update(
            actor=None,
            lead=lead,
            version=lead.version,
            values={
                **lead_values_of(lead),
                "site_kind": kind,
                "preferred_counties": counties,
                "needed_by": today + datetime.timedelta(days=needed_in),
            },
        )
        held = {
            (h.parcel_id, h.building_id) for h in SiteHold.objects.filter(released_at__isnull=True)
        }
        for shown in lead_matches(lead, limit=10):
            key = (shown.site.pk, None) if shown.result.kind == "parcel" else (None, shown.site.pk)
            if key in held:
                continue
            site_hold(
                actor=officer,
                site=shown.site,
                lead=lead,
                until=today + datetime.timedelta(days=hold_days),
                reason="Demonstration hold.",
            )
            made += 1
            break
    return made
