"""Chains in the database: loading and reloading, bulk and one-enterprise classification,
officers' decisions that outlive re-classification."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from tests.chains.conftest import battery_maker
from zhaoshang.chains.classification import placements_rebuild
from zhaoshang.chains.models import Chain, Link, LinkNote, Placement
from zhaoshang.chains.services import chain_save, note_add, placement_decide
from zhaoshang.registry.models import Enterprise
from zhaoshang.registry.signals import enterprises_changed

pytestmark = pytest.mark.django_db


def _links(enterprise: Enterprise) -> set[str]:
    return set(Placement.objects.filter(enterprise=enterprise).values_list("link__key", flat=True))


def test_shipped_chains_are_loaded_with_their_links(chains) -> None:
    assert set(Chain.objects.values_list("key", flat=True)) >= {
        "nev_battery",
        "metals",
        "electronics",
    }
    assert Link.objects.filter(chain__key="nev_battery").count() >= 12


def test_reloading_a_chain_keeps_link_ids_notes_and_placements(registry, officer) -> None:
    chain = Chain.objects.get(key="nev_battery")
    link = Link.objects.get(chain=chain, key="batteries")
    note_add(actor=officer, link=link, text="The cell plant needs a cathode supplier.")
    placed = Placement.objects.filter(link=link).count()
    call_command("load_chains")
    assert Link.objects.get(chain=chain, key="batteries").pk == link.pk
    assert LinkNote.objects.filter(chain_key="nev_battery", link_key="batteries").count() == 1
    assert Placement.objects.filter(link=link).count() == placed


def test_a_chain_file_with_a_problem_is_refused_with_its_path_and_nothing_changes(chains) -> None:
    chain = Chain.objects.get(key="nev_battery")
    broken = chain.source.replace("supplies: [battery_packs", "supplies: [no_such_link", 1)
    assert broken != chain.source
    with pytest.raises(ValidationError) as refused:
        chain_save(actor=None, text=broken)
    assert any(
        'unknown link "no_such_link"' in m and "supplies" in m for m in refused.value.messages
    )
    assert Chain.objects.get(key="nev_battery").source == chain.source


def test_load_chains_command_refuses_a_bad_file(tmp_path, chains) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("key: x\nnames: {en: X}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="names"):
        call_command("load_chains", str(bad))
    assert not Chain.objects.filter(key="x").exists()


def test_bulk_classification_places_makers_not_shops(registry) -> None:
    assert _links(registry["sihui_big"]) == {"batteries"}
    assert "class C3841" in Placement.objects.get(enterprise=registry["sihui_big"]).evidence
    assert _links(registry["shop"]) == set()


def test_a_rejected_placement_stays_hidden_after_a_rerun(registry, officer) -> None:
    link = Link.objects.select_related("chain").get(chain__key="nev_battery", key="batteries")
    placement_decide(actor=officer, enterprise=registry["duanzhou"], link=link, verdict="rejected")
    assert _links(registry["duanzhou"]) == set()
    placements_rebuild()
    assert _links(registry["duanzhou"]) == set()
    assert _links(registry["sihui_small"]) == {"batteries"}


def test_a_confirmed_placement_stays_when_the_classifier_drops_it(registry, officer) -> None:
    shop = registry["shop"]
    link = Link.objects.select_related("chain").get(chain__key="nev_battery", key="batteries")
    placement_decide(actor=officer, enterprise=shop, link=link, verdict="confirmed")
    placements_rebuild()
    kept = Placement.objects.get(enterprise=shop, link=link)
    assert kept.source == Placement.Source.OFFICER


def test_one_changed_enterprise_is_reclassified_at_once(registry) -> None:
    shop = registry["shop"]
    Enterprise.objects.filter(pk=shop.pk).update(business_scope="一般项目：锂离子电池制造。")
    enterprises_changed.send(sender=Enterprise, enterprise_ids=[shop.pk])
    assert _links(shop) == {"batteries"}


def test_a_new_enterprise_saved_alone_is_placed(chains) -> None:
    maker = battery_maker("441284", 100)
    enterprises_changed.send(sender=Enterprise, enterprise_ids=[maker.pk])
    assert _links(maker) == {"batteries"}


def test_the_classify_task_places_the_registry_with_progress(chains) -> None:
    from zhaoshang.core.tasks import task_run_next, task_submit

    maker = battery_maker("441284", 100)
    task_submit("chains.classify", actor=None)
    done = task_run_next("imports")
    assert done is not None
    assert done.status == "done", done.message
    assert done.result["placements"] == Placement.objects.count()
    assert done.progress_done == done.progress_total == Enterprise.objects.count()
    assert _links(maker) == {"batteries"}


def test_demo_sets_thresholds_and_notes(chains, officer) -> None:
    import io

    from zhaoshang.chains import demo
    from zhaoshang.chains.models import MapSettings

    officer.username = "officer"
    officer.save()
    demo.load(demo_password="x", out=io.StringIO())
    assert MapSettings.current().strong_min == 2
    assert LinkNote.objects.count() == 2


def test_classifying_in_worker_processes_places_exactly_as_one_process(registry) -> None:
    def placed() -> set[tuple[int, int, str, str]]:
        return set(Placement.objects.values_list("enterprise_id", "link_id", "source", "evidence"))

    placements_rebuild(chunk=2, workers=1)
    alone = placed()
    Placement.objects.all().delete()
    placements_rebuild(chunk=2, workers=2)  # three chunks over two processes
    assert placed() == alone
    assert len(alone) >= 4
