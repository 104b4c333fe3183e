"""The chain file loader: the shipped chains load; a bad file is refused whole, every
problem named with its path."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from zhaoshang.chains.engine import (
    ChainFileError,
    Stage,
    chain_from_data,
    chain_from_text,
    shipped_chains,
)


def _link(key: str, supplies: list[str] | None = None, **changes: Any) -> dict[str, Any]:
    link: dict[str, Any] = {
        "key": key,
        "stage": "midstream",
        "names": {"en": key, "zh_hans": "环节", "zh_hant": "環節"},
        "classes": ["C3841"],
        "keywords": {"zh": ["锂电池"], "en": ["battery"]},
        "exclude": [],
        "supplies": supplies or [],
    }
    link.update(changes)
    return link


def _chain(*links: dict[str, Any], acyclic: bool = True) -> dict[str, Any]:
    return {
        "key": "test",
        "names": {"en": "Test", "zh_hans": "测试", "zh_hant": "測試"},
        "acyclic": acyclic,
        "links": list(links),
    }


def _problems(data: Any) -> list[str]:
    with pytest.raises(ChainFileError) as refused:
        chain_from_data(data)
    return [str(problem) for problem in refused.value.problems]


def test_the_three_shipped_chains_load_with_at_least_twelve_links_on_every_stage() -> None:
    chains = {chain.key: chain for chain in shipped_chains()}
    assert set(chains) == {"nev_battery", "metals", "electronics"}
    for chain in chains.values():
        assert len(chain.links) >= 12
        assert all(chain.by_stage(stage) for stage in Stage)
        assert chain.edges()
        assert chain.names.get("zh-hant")
        assert chain.names.get("zh-hans")


def test_a_valid_file_gives_a_typed_chain_with_folded_keywords_and_edges() -> None:
    chain = chain_from_text(
        """
key: t
names: {en: T, zh_hans: 测试, zh_hant: 測試}
acyclic: true
links:
  - {key: cells, stage: upstream, names: {en: C, zh_hans: 电芯, zh_hant: 電芯},
     classes: [C3841, C3321..C3329], keywords: {zh: [鋰電池, "不锈钢*"], en: [Battery]},
     supplies: [packs]}
  - {key: packs, stage: downstream, names: {en: P, zh_hans: 电池包, zh_hant: 電池包},
     classes: [], keywords: {zh: [电池包], en: [pack]}}
"""
    )
    cells = chain.link("cells")
    assert [k.text for k in cells.keywords] == ["锂电池", "不锈钢", "battery"]
    assert cells.keywords_zh[1].written == "不锈钢*"
    assert cells.has_class("3325")
    assert cells.has_class("C3841")
    assert not cells.has_class("3842")
    assert [link.key for link in chain.suppliers("packs")] == ["cells"]
    assert chain.edges() == (("cells", "packs"),)


def test_a_link_supplying_an_unknown_link_is_refused_with_its_path() -> None:
    data = _chain(_link("a", ["b"]), _link("b", ["b2", "cathode"]))
    assert 'links[1].supplies[1]: unknown link "cathode"' in _problems(data)


def test_a_cycle_is_refused_when_the_chain_says_acyclic_and_allowed_otherwise() -> None:
    links = (_link("a", ["b"]), _link("b", ["c"]), _link("c", ["a"]))
    assert _problems(_chain(*links)) == [
        'links[2].supplies[0]: "a" closes a cycle (a → b → c → a) but the chain is acyclic'
    ]
    assert len(chain_from_data(_chain(*links, acyclic=False)).links) == 3


def test_an_unknown_class_code_is_refused_with_its_path() -> None:
    problems = _problems(_chain(_link("a", classes=["C3841", "C9999", "B3841"])))
    assert [p.split(":")[0] for p in problems] == ["links[0].classes[1]", "links[0].classes[2]"]
    assert all("unknown class code" in p for p in problems)


def test_an_empty_keyword_list_is_refused_with_its_path() -> None:
    problems = _problems(_chain(_link("a", keywords={"zh": [], "en": ["battery"]})))
    assert problems == ["links[0].keywords.zh: is empty: give at least one"]


def test_duplicate_link_keys_and_missing_names_are_refused() -> None:
    broken = _link("a", names={"en": "A", "zh_hans": ""})
    problems = _problems(_chain(_link("a"), broken))
    assert "links[1].names.zh_hans: missing name" in problems
    assert "links[1].names.zh_hant: missing name" in problems
    problems = _problems(_chain(_link("a"), _link("a")))
    assert problems == ['links[1].key: duplicate link key "a" (also links[0])']


def test_every_problem_is_reported_at_once_and_nothing_is_loaded() -> None:
    data = _chain(
        _link("a", ["ghost"], stage="sideways"),
        _link("b", keywords={"zh": ["电池"], "en": []}, classes=["X1"]),
    )
    data["names"] = {"en": "T"}
    problems = _problems(data)
    assert len(problems) == 6
    assert {p.split(":")[0] for p in problems} == {
        "names.zh_hans",
        "names.zh_hant",
        "links[0].stage",
        "links[0].supplies[0]",
        "links[1].classes[0]",
        "links[1].keywords.en",
    }


def test_a_shipped_chain_with_one_fault_is_refused_not_half_loaded() -> None:
    chain = shipped_chains()[0]
    data = {
        "key": chain.key,
        "names": {"en": "x", "zh_hans": "x", "zh_hant": "x"},
        "acyclic": True,
        "links": [_link(link.key, list(link.supplies)) for link in chain.links],
    }
    broken: dict[str, Any] = copy.deepcopy(data)
    broken["links"][3]["supplies"] = ["nowhere"]
    assert _problems(broken) == ['links[3].supplies[0]: unknown link "nowhere"']
    assert len(chain_from_data(data).links) == len(chain.links)


def test_unknown_fields_bad_yaml_and_a_non_mapping_are_refused() -> None:
    assert _problems(_chain(_link("a", keyword=["x"]))) == ["links[0].keyword: unknown field"]
    with pytest.raises(ChainFileError, match="line"):
        chain_from_text("key: [unclosed\n")
    assert _problems(["not", "a", "chain"]) == ["must be a mapping of fields"]
