"""The chain map, a link's page, targets (weights, leads, export), the chain file page, the
thresholds, the API and who may use them."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.support import signed_in
from zhaoshang.chains.engine.targets import Weights
from zhaoshang.chains.models import Chain, Link, LinkNote, MapSettings, PlacementDecision
from zhaoshang.chains.selectors import chain_map
from zhaoshang.chains.services import placement_decide
from zhaoshang.chains.targeting import leads_from_targets, targets_for_link
from zhaoshang.core.models import AuditEvent
from zhaoshang.leads.models import Lead
from zhaoshang.registry.models import Enterprise, Region
from zhaoshang.registry.signals import enterprises_changed

pytestmark = pytest.mark.django_db
MAP = "/{lang}/officer/chains/nev_battery/?region=441284"


def _batteries() -> Link:
    return Link.objects.select_related("chain").get(chain__key="nev_battery", key="batteries")


@pytest.mark.parametrize("lang", ["en", "zh-hans", "zh-hant"])
def test_chain_map_renders_graph_and_table_in_each_language(registry, officer_client, lang) -> None:
    page = officer_client.get(MAP.format(lang=lang))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<svg class="chain-map"' in html
    assert "style=" not in html.split("<svg", 1)[1]
    name = {"en": "Battery cells", "zh-hans": "电池（电芯）", "zh-hant": "電池（電芯）"}[lang]
    assert name in html


def test_the_map_counts_local_enterprises_and_their_share(registry) -> None:
    the_map = chain_map(Chain.objects.get(key="nev_battery"), Region.objects.get(code="441284"))
    batteries = the_map.by_key()["batteries"]
    assert (batteries.count, batteries.above_size, batteries.province_count) == (2, 1, 4)
    assert batteries.share == 50.0
    assert the_map.by_key()["cathode_materials"].strength == "missing"


def test_thresholds_set_by_the_administrator_change_a_links_strength(
    registry, admin_client_
) -> None:
    region = Region.objects.get(code="441284")
    chain = Chain.objects.get(key="nev_battery")
    assert chain_map(chain, region).by_key()["batteries"].strength == "weak"
    answer = admin_client_.post(
        "/en/officer/chains/settings/",
        {"present_min": 1, "strong_min": 2, "strong_share": "10", "strong_above_size": 0},
    )
    assert answer.status_code == 302
    assert chain_map(chain, region).by_key()["batteries"].strength == "strong"


def test_thresholds_refuse_a_strong_minimum_below_the_present_one(admin_client_) -> None:
    answer = admin_client_.post(
        "/en/officer/chains/settings/",
        {"present_min": 5, "strong_min": 2, "strong_share": "10", "strong_above_size": 0},
    )
    assert answer.status_code == 400
    assert MapSettings.current().strong_min == 5 or MapSettings.current().present_min == 1


def test_a_maps_number_links_to_exactly_its_enterprises(registry, officer_client) -> None:
    link = _batteries()
    listing = officer_client.get(f"/en/officer/enterprises/?link={link.pk}&region=441284")
    html = listing.content.decode()
    assert registry["sihui_big"].name in html
    assert registry["sihui_small"].name in html
    assert registry["duanzhou"].name not in html
    assert registry["shop"].name not in html


def test_link_page_lists_anchors_first_leaders_elsewhere_and_notes(
    registry, officer_client
) -> None:
    page = officer_client.get("/en/officer/chains/nev_battery/batteries/?region=441284")
    html = page.content.decode()
    assert html.index(registry["sihui_big"].name) < html.index(registry["sihui_small"].name)
    assert registry["guangzhou"].name in html  # the province's leader elsewhere
    answer = officer_client.post(
        "/en/officer/chains/nev_battery/batteries/notes/", {"text": "Visit the anchor in May."}
    )
    assert answer.status_code == 302
    note = LinkNote.objects.get(chain_key="nev_battery", link_key="batteries")
    assert AuditEvent.objects.filter(object_id=str(note.pk), action="create").exists()


@pytest.mark.parametrize(
    ("lang", "said"),
    [("en", "business scope mentions"), ("zh-hans", "经营范围含"), ("zh-hant", "經營範圍含")],
)
def test_a_placements_evidence_reads_in_the_pages_language(
    registry, officer_client, lang, said
) -> None:
    page = officer_client.get(f"/{lang}/officer/chains/nev_battery/batteries/?region=441284")
    html = page.content.decode()
    assert said in html
    if lang != "en":
        assert "mentions" not in html
        assert "class C3841" not in html


def test_an_officer_rejects_a_placement_from_the_link_page(registry, officer_client) -> None:
    placement = registry["sihui_small"].chain_placements.get()
    officer_client.post(
        f"/en/officer/chains/placements/{placement.pk}/decide/",
        {"verdict": "rejected", "region": "441284"},
    )
    decision = PlacementDecision.objects.get(enterprise=registry["sihui_small"])
    assert decision.verdict == "rejected"
    assert decision.decided_by is not None
    assert not registry["sihui_small"].chain_placements.exists()


def test_weights_change_the_ranking(registry) -> None:
    link, sihui = _batteries(), Region.objects.get(code="441284")
    by_size = targets_for_link(link, sihui, Weights(1, 0, 0, 0, 0))
    by_distance = targets_for_link(link, sihui, Weights(0, 0, 0, 0, 1))
    assert by_size[0].enterprise == registry["guangzhou"]
    assert by_distance[0].enterprise == registry["duanzhou"]
    assert by_size[0].parts[0][0] == "size"


def test_weights_on_the_page_change_the_order(registry, officer_client) -> None:
    url = "/en/officer/chains/nev_battery/targets/?region=441284&link=batteries"
    by_size = officer_client.get(url + "&size=1&growth=0&qualifications=0&fit=0&distance=0")
    by_distance = officer_client.get(url + "&size=0&growth=0&qualifications=0&fit=0&distance=1")
    first = registry["guangzhou"].name, registry["duanzhou"].name
    html = by_size.content.decode()
    assert html.index(first[0]) < html.index(first[1])
    html = by_distance.content.decode()
    assert html.index(first[1]) < html.index(first[0])


def test_all_zero_weights_are_refused_by_name(registry, officer_client) -> None:
    answer = officer_client.get(
        "/en/officer/chains/nev_battery/targets/?region=441284&link=batteries"
        "&size=0&growth=0&qualifications=0&fit=0&distance=0"
    )
    assert answer.status_code == 400
    assert "At least one weight must be above 0." in answer.content.decode()


def test_leads_are_created_for_chosen_targets_skipping_existing_ones(registry, officer) -> None:
    link, sihui = _batteries(), Region.objects.get(code="441284")
    found = targets_for_link(link, sihui, Weights())
    created, skipped = leads_from_targets(actor=officer, region=sihui, targets=found)
    assert len(created) == 2
    assert not skipped
    lead = Lead.objects.get(enterprise=registry["guangzhou"])
    assert lead.source == Lead.Source.CHAIN_TARGETING
    assert "score" in lead.notes
    again, skipped = leads_from_targets(actor=officer, region=sihui, targets=found)
    assert again == []
    assert len(skipped) == 2


def test_leads_from_the_page(registry, officer_client) -> None:
    answer = officer_client.post(
        "/en/officer/chains/nev_battery/targets/leads/",
        {"region": "441284", "link": "batteries", "enterprise": [registry["duanzhou"].pk]},
    )
    assert answer.status_code == 302
    assert Lead.objects.filter(enterprise=registry["duanzhou"]).count() == 1
    assert not Lead.objects.filter(enterprise=registry["guangzhou"]).exists()


def test_targets_export_to_xlsx(registry, officer_client) -> None:
    answer = officer_client.get(
        "/en/officer/chains/nev_battery/targets/?region=441284&link=batteries&format=xlsx"
    )
    assert answer.status_code == 200
    rows = list(load_workbook(io.BytesIO(answer.content)).worksheets[0].values)
    names = [row[2] for row in rows[2:]]
    assert names == [registry["guangzhou"].name, registry["duanzhou"].name]


def test_gap_analysis_lists_candidates_for_missing_links(registry, officer_client) -> None:
    page = officer_client.get("/en/officer/chains/nev_battery/targets/?region=441284")
    assert page.status_code == 200
    assert "Cathode materials" in page.content.decode()


def test_an_administrator_edits_a_chain_file_refused_with_the_path(chains, admin_client_) -> None:
    chain = Chain.objects.get(key="metals")
    bad = chain.source.replace("classes: [C4210]", "classes: [C9999]", 1)
    answer = admin_client_.post("/en/officer/chains/metals/edit/", {"source": bad})
    assert answer.status_code == 400
    assert "links[0].classes[0]" in answer.content.decode()
    assert Chain.objects.get(key="metals").source == chain.source


def test_who_may_open_what(registry, officer_client, policy_officer, client) -> None:
    assert signed_in(policy_officer).get(MAP.format(lang="en")).status_code == 403
    assert officer_client.get("/en/officer/chains/metals/edit/").status_code == 403
    assert officer_client.get("/en/officer/chains/settings/").status_code == 403
    assert client.get(MAP.format(lang="en")).status_code == 302  # to sign in
    assert client.get("/api/chains/").status_code == 401
    assert signed_in(policy_officer).get("/api/chains/").status_code == 403


def test_api_map_candidates_and_decisions(registry, officer_client) -> None:
    the_map = officer_client.get("/api/chains/nev_battery/map?region=441284").json()
    batteries = next(link for link in the_map["links"] if link["key"] == "batteries")
    assert batteries["enterprises"] == 2
    assert Decimal(batteries["revenue"]) == 93_000
    ranked = officer_client.get(
        "/api/chains/nev_battery/links/batteries/candidates?region=441284&distance=1000"
    ).json()
    assert ranked[0]["enterprise_id"] == registry["duanzhou"].pk
    placement = registry["duanzhou"].chain_placements.get()
    answer = officer_client.post(f"/api/chains/placements/{placement.pk}/reject")
    assert answer.status_code == 200
    assert answer.json()["verdict"] == "rejected"
    listed = officer_client.get("/api/chains/placements?link=batteries").json()["items"]
    assert registry["duanzhou"].pk not in {p["enterprise_id"] for p in listed}


def test_api_refuses_bad_input_with_declared_statuses(registry, officer_client) -> None:
    assert officer_client.get("/api/chains/nev_battery/map?region=12").status_code == 422
    assert officer_client.get("/api/chains/nev_battery/map?region=999999").status_code == 422
    assert officer_client.get("/api/chains/none/map").status_code == 404
    zero = "size=0&growth=0&qualifications=0&fit=0&distance=0"
    url = f"/api/chains/nev_battery/links/batteries/candidates?{zero}"
    assert officer_client.get(url).status_code == 422


def test_a_rejected_placement_leaves_the_targets_at_once(registry, officer) -> None:
    link, sihui = _batteries(), Region.objects.get(code="441284")
    assert (
        targets_for_link(link, sihui, Weights(1, 0, 0, 0, 0))[0].enterprise == registry["guangzhou"]
    )
    placement_decide(actor=officer, enterprise=registry["guangzhou"], link=link, verdict="rejected")
    found = [t.enterprise for t in targets_for_link(link, sihui, Weights(1, 0, 0, 0, 0))]
    assert found == [registry["duanzhou"]]


def test_a_changed_revenue_reorders_the_targets_at_once(registry) -> None:
    link, sihui = _batteries(), Region.objects.get(code="441284")
    assert (
        targets_for_link(link, sihui, Weights(1, 0, 0, 0, 0))[0].enterprise == registry["guangzhou"]
    )
    duanzhou = registry["duanzhou"]
    Enterprise.objects.filter(pk=duanzhou.pk).update(latest_revenue=Decimal(900_000))
    enterprises_changed.send(sender=Enterprise, enterprise_ids=[duanzhou.pk])
    first = targets_for_link(link, sihui, Weights(1, 0, 0, 0, 0))[0]
    assert first.enterprise == duanzhou
    assert first.distance_km is not None
    assert 20 < first.distance_km < 80


def test_targets_of_a_prefecture_leave_out_its_own_counties(registry) -> None:
    link, zhaoqing = _batteries(), Region.objects.get(code="441200")
    found = [t.enterprise for t in targets_for_link(link, zhaoqing, Weights())]
    assert found == [registry["guangzhou"]]
