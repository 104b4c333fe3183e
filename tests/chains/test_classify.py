"""Placing an enterprise on links: evidence, whole-word matching, exclusions, selling is
not making, folding; the bulk path equals the single one; quality on the labelled sample."""

from __future__ import annotations

import ast
from pathlib import Path

import pyarrow as pa
import pytest

from zhaoshang.chains.engine import Classifier, shipped_chains
from zhaoshang.chains.engine.bulk import classify_columns
from zhaoshang.chains.engine.classify import Evidence, Placement, evidence_parts
from zhaoshang.chains.engine.quality import evaluate, read_sample
from zhaoshang.chains.engine.text import fold
from zhaoshang.registry.generator import RegionWeight, generate_batches
from zhaoshang.textsearch.analysis import fold as search_fold

SAMPLE = Path(__file__).parent / "data" / "labelled.csv"
BOILERPLATE = "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"


@pytest.fixture(scope="module")
def classifier() -> Classifier:
    return Classifier(shipped_chains())


def _links(classifier: Classifier, code: str | None, scope: str, products: str = "") -> set[str]:
    return {f"{p.chain}/{p.link}" for p in classifier.classify(code, scope, products)}


def test_a_placement_keeps_its_evidence_class_first(classifier: Classifier) -> None:
    scope = f"一般项目：锂离子电池制造；电池销售{BOILERPLATE}"
    placements = classifier.classify("3841", scope, "动力电池")
    cells = next(p for p in placements if p.link == "batteries")
    assert cells.explain() == ("class C3841; scope mentions 锂离子电池; products mention 动力电池")
    assert cells.by_class


def test_selling_is_not_making(classifier: Classifier) -> None:
    for scope in (
        f"一般项目：电池销售；日用百货销售{BOILERPLATE}",
        "日用百货、电池销售。",
        "日用百货、电池、文具用品零售。",
        f"一般项目：电动自行车维修；电池销售{BOILERPLATE}",
    ):
        assert _links(classifier, "5274", scope) == set(), scope
    assert "nev_battery/batteries" in _links(classifier, "5179", "电池制造；电池销售")


def test_keywords_match_whole_words_only(classifier: Classifier) -> None:
    assert _links(classifier, "5292", f"一般项目：电子商务服务；电子产品销售{BOILERPLATE}") == set()
    assert _links(classifier, "1819", "服装制造；电脑刺绣加工", "女装") == set()
    assert "metals/stainless" in _links(classifier, "3399", "不锈钢管生产")  # 不锈钢* in the file


def test_a_keyword_that_only_modifies_the_next_noun_is_not_evidence(classifier) -> None:
    separator = _links(classifier, "2921", "生产、加工：锂离子电池隔膜", "电池隔膜")
    assert separator == {"nev_battery/separator"}


def test_exclusion_words_cancel_the_keyword_inside_them(classifier: Classifier) -> None:
    solar = _links(classifier, "3825", "光伏设备及元器件制造；太阳能电池生产", "太阳能电池")
    assert "nev_battery/batteries" not in solar


def test_traditional_and_full_width_text_is_folded_as_search_folds_it(classifier) -> None:
    text = "許可項目：ＢＭＳ電池管理系統研發、生產；鋰電池製造"
    assert fold(text) == search_fold(text)
    assert {"nev_battery/batteries", "nev_battery/battery_packs"} <= _links(classifier, None, text)


def test_the_bulk_path_gives_the_placements_of_the_single_path(classifier) -> None:
    batch = next(
        generate_batches(3000, seed=5, regions=[RegionWeight("441284", 1.0)], batch_size=3000)
    )
    rows = list(
        zip(
            batch["industry_code"].to_pylist(),
            batch["business_scope"].to_pylist(),
            batch["main_products"].to_pylist(),
            strict=True,
        )
    )
    sample = read_sample(SAMPLE)
    rows += [(r.industry_code, r.business_scope, r.main_products) for r in sample]
    codes, scopes, products = (
        pa.array(list(column), pa.string()) for column in zip(*rows, strict=True)
    )
    bulk = classify_columns(classifier, codes, scopes, products).to_pylist()
    single = [
        {
            "row": row,
            "link": classifier.links.index((p.chain, p.link)),
            "by_class": p.by_class,
            "evidence": p.explain(),
        }
        for row, values in enumerate(rows)
        for p in classifier.classify(*values)
    ]
    assert len(single) > 300
    assert bulk == single


def test_precision_and_recall_stay_at_least_090_on_the_labelled_sample(classifier) -> None:
    sample = read_sample(SAMPLE)
    assert len(sample) >= 300
    report = evaluate(classifier, sample)
    assert report.overall.precision >= 0.9
    assert report.overall.recall >= 0.9


def test_the_engine_imports_nothing_from_django() -> None:
    folder = Path(__file__).resolve().parents[2] / "zhaoshang" / "chains" / "engine"
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n == "django" or n.startswith("django.") for n in names), path


def test_kept_evidence_reads_back_into_its_parts() -> None:
    kept = Placement(
        "nev_battery",
        "batteries",
        (Evidence("class", "C3841"), Evidence("scope", "锂离子电池"), Evidence("products", "电芯")),
    )
    assert evidence_parts(kept.explain()) == list(kept.evidence)
    assert evidence_parts("confirmed by hand") == [Evidence("", "confirmed by hand")]
