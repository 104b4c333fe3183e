"""Everything a proposal shows, in one language, as plain JSON values (texts already
formatted for that reader): built live for the composer's preview and frozen in the
snapshot when the proposal is sent. The investor's page and the PDF are drawn from it
alone, so what the investor saw does not change when a site, a policy or a tariff does."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from zhaoshang.core import formatting
from zhaoshang.core.models import localized
from zhaoshang.core.phones import phone_display
from zhaoshang.core.selectors import site_settings_current
from zhaoshang.leads.reports.charts import bar_chart
from zhaoshang.proposals.compose.costs import (
    ILLUSTRATIVE_SOURCE,
    CostCell,
    CostTable,
    cost_table,
    labour_rows,
    site_cost,
)
from zhaoshang.proposals.compose.facts import ProjectFacts, rule_facts
from zhaoshang.proposals.compose.policies import PolicyOffer, policy_offers
from zhaoshang.proposals.models import CostItem, Proposal
from zhaoshang.registry.models import Industry, Region
from zhaoshang.sites.geo.coords import from_wgs84
from zhaoshang.sites.matching.engine import KindWanted, SiteKind, Verdict, match
from zhaoshang.sites.matching.selectors import lead_needs, sites_table
from zhaoshang.sites.models import Building, Parcel, SitePhoto
from zhaoshang.sites.templatetags.site_matching import requirement_label, verdict_text

LANGUAGES = [code for code, _name in settings.LANGUAGES]
TEXT_FIELDS = ("greeting", "summary", "logistics", "next_steps")
SUFFIX = {"en": "en", "zh-hans": "zh_hans", "zh-hant": "zh_hant"}
MAX_SITES = 6


class _Texts:
    """The proposal's texts as ``<field>_<suffix>`` attributes, for ``localized``."""

    def __init__(self, texts: dict[str, str]) -> None:
        for key, value in texts.items():
            setattr(self, key, value)


def proposal_text(proposal: Proposal, name: str, language: str) -> str:
    """An officer's text in ``language``, falling back as posts do (Traditional readers get
    the Simplified text converted before the English one)."""
    texts = {k: str(v) for k, v in (proposal.texts or {}).items() if isinstance(v, str)}
    return localized(_Texts(texts), name, language)


def chosen_sites(proposal: Proposal) -> list[Parcel | Building]:
    """The proposal's sites in its order (sites since deleted are left out)."""
    keys = [
        (str(s.get("kind")), int(s.get("id", 0)))
        for s in (proposal.sites or [])
        if isinstance(s, dict) and str(s.get("id", "")).isdigit()
    ][:MAX_SITES]
    photos = Prefetch("photos", queryset=SitePhoto.objects.order_by("position", "id"))
    parcels = (
        Parcel.objects.select_related("park", "region")
        .prefetch_related(photos)
        .in_bulk([i for k, i in keys if k == "parcel"])
    )
    buildings = (
        Building.objects.select_related("park", "region")
        .prefetch_related(photos)
        .in_bulk([i for k, i in keys if k == "building"])
    )
    found: list[Parcel | Building] = []
    for kind, pk in keys:
        site = parcels.get(pk) if kind == "parcel" else buildings.get(pk)
        if site is not None:
            found.append(site)
    return found


def site_key(site: Parcel | Building) -> str:
    return f"{'parcel' if isinstance(site, Parcel) else 'building'}:{site.pk}"


def proposal_county(proposal: Proposal, sites: list[Parcel | Building]) -> str:
    """The county the project's figures are read for: the first chosen site's, else the
    lead's region."""
    return sites[0].region_id if sites else proposal.lead.region_id


def _cell(cell: CostCell | None) -> dict[str, str] | None:
    if cell is None:
        return None
    if cell.currency == "%":
        value = formatting.format_percent(cell.value / 100, places=1)
    else:
        value = formatting.format_money(cell.value, cell.currency, exact=True)
    return {
        "value": value,
        "date": formatting.format_date(cell.valid_from),
        "source": _(ILLUSTRATIVE_SOURCE) if cell.source == ILLUSTRATIVE_SOURCE else cell.source,
    }


def _site_facts(site: Parcel | Building) -> list[list[str]]:
    rows: list[list[str]] = []
    if isinstance(site, Parcel):
        rows.append([_("Area"), formatting.format_area(site.area_m2, land=True)])
        rows.append([_("Land use"), str(site.get_land_use_display())])
        if site.price_per_mu is not None:
            rows.append([_("Price per mu"), formatting.format_money(site.price_per_mu)])
        if site.tenure_years:
            rows.append([_("Tenure"), _("%(years)s years") % {"years": site.tenure_years}])
        if site.plot_ratio_max is not None:
            rows.append([_("Plot ratio (maximum)"), formatting.format_number(site.plot_ratio_max)])
        power = (site.park.utilities or {}).get("power_kva") if site.park else None
        if isinstance(power, int | float):
            rows.append(
                [
                    _("Power"),
                    _("%(number)s kVA") % {"number": formatting.format_number(power, places=0)},
                ]
            )
    else:
        rows.append([_("Kind"), str(site.get_kind_display())])
        rows.append([_("Floor area"), formatting.format_area(site.floor_area_m2)])
        if site.ceiling_height_m is not None:
            rows.append(
                [
                    _("Ceiling height"),
                    _("%(number)s m") % {"number": formatting.format_number(site.ceiling_height_m)},
                ]
            )
        if site.floor_load_kn_m2 is not None:
            rows.append(
                [
                    _("Floor load"),
                    _("%(number)s kN/m²")
                    % {"number": formatting.format_number(site.floor_load_kn_m2)},
                ]
            )
        if site.power_kva is not None:
            rows.append(
                [
                    _("Power"),
                    _("%(number)s kVA")
                    % {"number": formatting.format_number(site.power_kva, places=0)},
                ]
            )
        if site.rent_per_m2_month is not None:
            rows.append(
                [_("Rent per m² and month"), formatting.format_money(site.rent_per_m2_month)]
            )
        if site.sale_price is not None:
            rows.append([_("Sale price"), formatting.format_money(site.sale_price)])
    rows.append(
        [
            _("Available from"),
            formatting.format_date(site.available_on) if site.available_on else _("now"),
        ]
    )
    return rows


def _site_name(site: Parcel | Building) -> str:
    if isinstance(site, Parcel):
        return _("Land parcel %(number)s") % {"number": site.number}
    return _("%(kind)s %(code)s") % {
        "kind": str(site.get_kind_display()).capitalize(),
        "code": site.code,
    }


def _site_cost_text(site: Parcel | Building, space: Decimal | None) -> str:
    cost = site_cost(site, space)
    if cost is None:
        return ""
    amount = formatting.format_money(cost.amount)
    if cost.kind == "land":
        return _("Land price: %(amount)s (price per mu × area)") % {"amount": amount}
    if cost.kind == "sale":
        return _("Sale price: %(amount)s") % {"amount": amount}
    return _("Rent: %(amount)s a year for %(area)s") % {
        "amount": amount,
        "area": formatting.format_area(cost.area_m2),
    }


def _sites(proposal: Proposal, sites: list[Parcel | Building]) -> list[dict[str, Any]]:
    lead = proposal.lead
    needs = lead_needs(lead)
    verdicts: dict[str, tuple[Verdict, ...]] = {}
    # Every chosen site is judged, whatever kind of site the lead asked for.
    for kind, wanted, model in (("parcel", "land", Parcel), ("building", "building", Building)):
        ids = [s.pk for s in sites if isinstance(s, model)]
        if not ids:
            continue
        table = sites_table(
            kinds=frozenset({cast(SiteKind, kind)}),
            parcels=Parcel.objects.filter(pk__in=ids) if kind == "parcel" else None,
            buildings=Building.objects.filter(pk__in=ids) if kind == "building" else None,
        )
        for found in match(replace(needs, kind=cast(KindWanted, wanted)), table, limit=len(ids)):
            verdicts[f"{found.kind}:{found.id}"] = found.verdicts
    shown = []
    for site in sites:
        point = None
        if site.lat is not None and site.lng is not None:
            lat, lng = from_wgs84(float(site.lat), float(site.lng), settings.MAP_TILES_COORDS)
            point = [round(lat, 5), round(lng, 5)]
        key = site_key(site)
        shown.append(
            {
                "key": key,
                "name": _site_name(site),
                "park": site.park.name if site.park else "",
                "county": site.region.name,
                "description": localized(site, "description"),
                "point": point,
                "facts": _site_facts(site),
                "cost": _site_cost_text(site, lead.building_m2),
                "verdicts": [
                    {
                        "label": requirement_label(v),
                        "outcome": v.outcome,
                        "text": verdict_text(v),
                    }
                    for v in verdicts.get(key, ())
                ],
                "photos": [
                    {"url": p.image.url, "caption": p.caption, "width": p.width, "height": p.height}
                    for p in list(site.photos.all())[:3]
                ],
            }
        )
    return shown


OUTCOME_LABELS = {
    "eligible": lambda: _("Qualifies"),
    "possibly_eligible": lambda: _("May qualify"),
    "not_eligible": lambda: _("Does not qualify yet"),
}


def _policy(offer: PolicyOffer, language: str) -> dict[str, Any]:
    with translation.override(language):
        url = reverse("policies-detail", args=[offer.policy.slug])
    return {
        "slug": offer.policy.slug,
        "title": offer.policy.title,
        "summary": offer.policy.summary,
        "outcome": offer.outcome,
        "outcome_label": OUTCOME_LABELS[offer.outcome](),
        "missing": offer.missing,
        "benefit": formatting.format_wan(offer.benefit) if offer.benefit is not None else "",
        "criteria": [
            {"text": c.text, "status": c.status, "observed": c.observed, "threshold": c.threshold}
            for c in offer.criteria
        ],
        "url": url,
    }


def _short_place(name: str, longest: int = 22) -> str:
    """A place's name for the chart's labels: up to its first comma, cut between words."""
    short = name.split(",")[0].split("，")[0].strip()
    if len(short) <= longest:
        return short
    cut = short[: longest - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def _costs(table: CostTable) -> dict[str, Any]:
    labels = dict(CostItem.choices)
    labour = labour_rows(table)
    here = table.place.name if table.place else ""
    there = table.comparison.name if table.comparison else ""
    here_short, there_short = (_short_place(n) for n in (here, there))
    chart_rows: list[list[Any]] = []
    for item, mine, theirs in labour:
        short = {
            CostItem.WAGE_OPERATOR: _("operator"),
            CostItem.WAGE_TECHNICIAN: _("technician"),
            CostItem.WAGE_ENGINEER: _("engineer"),
        }[CostItem(item)]
        if mine is not None:
            chart_rows.append([f"{short} · {here_short}", float(mine.quantize(Decimal(1)))])
        if theirs is not None:
            chart_rows.append([f"{short} · {there_short}", float(theirs.quantize(Decimal(1)))])
    chart = ""
    if chart_rows:
        chart = str(
            bar_chart(
                [(str(label), value) for label, value in chart_rows],
                title=_("A month of one employee for the employer (wage and social insurance)"),
                category_axis=_("Employee and place"),
                value_axis=_("yuan a month"),
                text=lambda v: formatting.format_number(v, places=0),  # the axis names the unit
            )
        )
    note = ""
    if table.comparison is not None and table.comparison.currency != "CNY":
        if table.comparison_rate is None:
            note = _(
                "No exchange rate is kept for %(currency)s: its figures are not converted."
            ) % {"currency": table.comparison.currency}
        else:
            note = _("%(place)s converted at %(rate)s.") % {
                "place": there,
                "rate": formatting.format_rate(table.comparison_rate, table.comparison.currency),
            }
    return {
        "place": here,
        "comparison": there,
        "illustrative": table.illustrative,
        "rows": [
            {
                "label": capfirst(str(labels[row.item])),
                "site": _cell(row.site),
                "other": _cell(row.other),
            }
            for row in table.rows
        ],
        "chart": chart,
        "chart_rows": chart_rows,
        "chart_title": _("A month of one employee for the employer (wage and social insurance)"),
        "note": note,
    }


def _facts_shown(facts: ProjectFacts, county: str) -> list[list[str]]:
    rows: list[list[str]] = []
    if facts.industry_code:
        industry = Industry.objects.filter(pk=facts.industry_code[:2]).first()
        rows.append(
            [
                _("Industry class"),
                f"{facts.industry_code} {industry.name if industry else ''}".strip(),
            ]
        )
    if facts.investment_wan is not None:
        rows.append([_("Planned investment"), formatting.format_wan(facts.investment_wan)])
    if facts.jobs is not None:
        rows.append([_("Jobs"), formatting.format_count(facts.jobs)])
    if facts.revenue_wan is not None:
        rows.append([_("Expected yearly revenue"), formatting.format_wan(facts.revenue_wan)])
    rows.append([_("High-tech enterprise"), _("yes") if facts.high_tech else _("no")])
    region = Region.objects.filter(pk=county).first()
    if region is not None:
        rows.append([_("County"), region.name])
    return rows


def proposal_content(proposal: Proposal, as_of: datetime.date | None = None) -> dict[str, Any]:
    """The proposal in every language: {"languages": {code: {...}}, ...}. Reads the sites,
    policies and tariffs as they are now."""
    from django.utils import timezone

    as_of = as_of or timezone.localdate()
    sites = chosen_sites(proposal)
    county = proposal_county(proposal, sites)
    facts = ProjectFacts.from_json(proposal.facts)
    engine_facts = rule_facts(facts, county, as_of)
    center = site_settings_current()
    languages: dict[str, Any] = {}
    for language in LANGUAGES:
        with translation.override(language):
            offers = policy_offers(engine_facts, as_of)
            table = cost_table(county, proposal.comparison, as_of)
            languages[language] = {
                "title": _("A proposal for %(company)s") % {"company": proposal.lead.company},
                "center": {
                    "name": center.center_name,
                    "city": center.city,
                    "address": center.address,
                    "phone": phone_display(center.phone),
                    "fax": phone_display(center.fax),
                    "email": center.email,
                },
                "texts": {name: proposal_text(proposal, name, language) for name in TEXT_FIELDS},
                "facts": _facts_shown(facts, county),
                "sites": _sites(proposal, sites),
                "policies": [_policy(o, language) for o in offers],
                "costs": _costs(table),
                "as_of": formatting.format_date(as_of),
                "expires": formatting.format_date(proposal.expires_on)
                if proposal.expires_on
                else "",
            }
    return {
        "format": 1,
        "company": proposal.lead.company,
        "language": proposal.language,
        "is_demo": proposal.is_demo,
        "as_of": as_of.isoformat(),
        "sites": [site_key(s) for s in sites],
        "contacts": [
            {**c, "phone_display": phone_display(str(c.get("phone") or ""))}
            for c in (proposal.contacts or [])
            if isinstance(c, dict)
        ],
        "attachments": [
            {
                "id": a.pk,
                "title": a.title,
                "type": a.content_type,
                "name": a.file.name,
                "size": a.file.size,
            }
            for a in proposal.attachments.select_related("file")
        ],
        "languages": languages,
    }
