"""The enterprise data generator: determinism, valid codes, realistic shares, files, memory.

Plain pytest, no database. Shares are checked on 20,000 rows with bands wide enough for
sampling noise (a few standard errors) and narrow enough to catch a broken model.
"""

from __future__ import annotations

import csv
import datetime
import itertools
import math
import re
import statistics
import subprocess
import sys
import textwrap
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from stdnum.cn import uscc as stdnum_uscc

from zhaoshang.registry.domain.schema import (
    ABOVE_DESIGNATED_SIZE_REVENUE,
    COLUMN_KEYS,
    COLUMNS,
    EnterpriseRecord,
    Ownership,
)
from zhaoshang.registry.generator import (
    ARROW_SCHEMA,
    BLOCK,
    DivisionWeight,
    RegionWeight,
    default_division_weights,
    generate,
    generate_batches,
    uscc_for,
    write_csv,
    write_parquet,
)

ROOT = Path(__file__).resolve().parents[2]
ROWS = 20_000
YEAR = 2025
# Zhaoqing's county-level divisions, weighted roughly by population (the demo's setting).
ZHAOQING = (
    RegionWeight("441202", 0.14),  # 端州区
    RegionWeight("441203", 0.04),  # 鼎湖区
    RegionWeight("441204", 0.19),  # 高要区
    RegionWeight("441223", 0.10),  # 广宁县
    RegionWeight("441224", 0.20),  # 怀集县
    RegionWeight("441225", 0.08),  # 封开县
    RegionWeight("441226", 0.08),  # 德庆县
    RegionWeight("441284", 0.17),  # 四会市
)
ZHAOQING_NAMES = {
    "441200": ("肇庆市", "Zhaoqing"),
    "441202": ("端州区", "Duanzhou"),
    "441203": ("鼎湖区", "Dinghu"),
    "441204": ("高要区", "Gaoyao"),
    "441223": ("广宁县", "Guangning"),
    "441224": ("怀集县", "Huaiji"),
    "441225": ("封开县", "Fengkai"),
    "441226": ("德庆县", "Deqing"),
    "441284": ("四会市", "Sihui"),
}
THREE_REGIONS = (RegionWeight("441284", 6), RegionWeight("441202", 3), RegionWeight("440106", 1))


def zhaoqing_table(count: int = ROWS, seed: int = 2024, **options: Any) -> pa.Table:
    batches = generate_batches(
        count, seed=seed, regions=ZHAOQING, region_names=ZHAOQING_NAMES, year=YEAR, **options
    )
    return pa.Table.from_batches(list(batches), schema=ARROW_SCHEMA)


@pytest.fixture(scope="module")
def rows() -> dict[str, list[Any]]:
    """20,000 enterprises in Zhaoqing, column by column."""
    columns: dict[str, list[Any]] = zhaoqing_table().to_pydict()
    return columns


def share(flags: list[bool]) -> float:
    return sum(flags) / len(flags)


def is_manufacturer(code: str | None) -> bool:
    return code is not None and "13" <= code[:2] <= "43"


# --- Determinism -------------------------------------------------------------------------


def test_the_same_seed_gives_the_same_enterprises() -> None:
    first = list(generate(2_000, seed=7, regions=ZHAOQING, region_names=ZHAOQING_NAMES))
    second = list(generate(2_000, seed=7, regions=ZHAOQING, region_names=ZHAOQING_NAMES))
    assert first == second
    assert all(isinstance(r, EnterpriseRecord) for r in first)


def test_another_seed_gives_other_enterprises() -> None:
    first = list(generate(2_000, seed=7, regions=ZHAOQING))
    second = list(generate(2_000, seed=8, regions=ZHAOQING))
    same_names = sum(a.name == b.name for a, b in zip(first, second, strict=True))
    assert same_names < 20


def test_chunks_made_apart_equal_one_run() -> None:
    whole = zhaoqing_table(25_000, batch_size=4_096)
    # Chunks cut across blocks, of uneven sizes, made in reverse order.
    cuts = [0, 7, 9_999, 10_001, 17_500, 25_000]
    chunks = [
        zhaoqing_table(end - start, start=start, batch_size=3_000)
        for start, end in reversed(list(itertools.pairwise(cuts)))
    ]
    assert pa.concat_tables(reversed(chunks)).equals(whole)


def test_records_from_any_start_equal_the_same_rows_of_one_run() -> None:
    whole = list(generate(BLOCK + 50, seed=3, regions=ZHAOQING))
    middle = list(generate(60, seed=3, regions=ZHAOQING, start=BLOCK - 10))
    assert middle == whole[BLOCK - 10 :]


def test_batches_have_the_asked_size_and_the_schema() -> None:
    batches = list(generate_batches(25_001, seed=1, regions=ZHAOQING, batch_size=10_000))
    assert [b.num_rows for b in batches] == [10_000, 10_000, 5_001]
    assert all(b.schema.equals(ARROW_SCHEMA) for b in batches)
    assert ARROW_SCHEMA.names == list(COLUMN_KEYS)
    assert list(generate_batches(0, seed=1, regions=ZHAOQING)) == []


# --- Credit codes ------------------------------------------------------------------------


def test_every_credit_code_is_valid_unique_and_made_by_uscc_for(rows) -> None:
    codes = rows["uscc"]
    assert all(stdnum_uscc.is_valid(code) for code in codes)
    assert len(set(codes)) == len(codes)
    for serial in range(0, ROWS, 97):
        code = codes[serial]
        assert code == uscc_for(code[2:8], serial, modern=code[8:10] == "MA")


def test_uscc_for_makes_valid_distinct_codes_of_both_kinds() -> None:
    codes = {
        uscc_for("441284", serial, modern=modern)
        for serial in range(5_000)
        for modern in (True, False)
    }
    assert len(codes) == 10_000
    assert all(stdnum_uscc.is_valid(code) for code in codes)
    assert all(code.startswith("91441284") for code in codes)
    new = uscc_for("441284", 123)
    old = uscc_for("441284", 123, modern=False)
    assert new[8:10] == "MA"
    assert old[8:16].isdigit()
    other = uscc_for("441202", 5, authority="5", kind="2")
    assert other[:8] == "52441202"
    assert stdnum_uscc.is_valid(other)


def test_organisation_codes_carry_their_gb_11714_check_character() -> None:
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    for serial in range(0, 3_000, 7):
        for modern in (True, False):
            organisation = uscc_for("441284", serial, modern=modern)[8:17]
            values = [int(c) if c.isdigit() else ord(c) - 55 for c in organisation[:8]]
            check = 11 - sum(v * w for v, w in zip(values, weights, strict=True)) % 11
            assert organisation[8] == {10: "X", 11: "0"}.get(check, str(check))


@pytest.mark.parametrize(
    ("region_code", "serial", "options", "field"),
    [
        ("44128", 1, {}, "region_code"),
        ("44128X", 1, {}, "region_code"),
        ("441284", -1, {}, "serial"),
        ("441284", 100_000_000, {}, "serial"),
        ("441284", 1, {"authority": "I"}, "authority"),
        ("441284", 1, {"kind": "12"}, "kind"),
    ],
)
def test_uscc_for_refuses_bad_input(region_code, serial, options, field) -> None:
    with pytest.raises(ValueError, match=field):
        uscc_for(region_code, serial, **options)


# --- Realism -----------------------------------------------------------------------------


def test_regions_follow_their_weights() -> None:
    table = pa.Table.from_batches(list(generate_batches(ROWS, seed=5, regions=THREE_REGIONS)))
    counts = Counter(code[2:8] for code in table.column("uscc").to_pylist())
    total = sum(r.weight for r in THREE_REGIONS)
    for region in THREE_REGIONS:
        expected = region.weight / total
        assert counts[region.code] / ROWS == pytest.approx(expected, abs=0.015)


def test_divisions_follow_their_weights(rows) -> None:
    weights = {d.division: d.weight for d in default_division_weights()}
    codes = [code for code in rows["industry_code"] if code is not None]
    counts = Counter(code[:2] for code in codes)
    assert set(counts) <= set(weights)
    total = sum(weights.values())
    chi_square = sum(
        (counts[d] - len(codes) * w / total) ** 2 / (len(codes) * w / total)
        for d, w in weights.items()
    )
    freedom = len(weights) - 1
    assert chi_square < freedom + 5 * math.sqrt(2 * freedom)
    manufacturing = share([is_manufacturer(code) for code in codes])
    assert 0.18 < manufacturing < 0.28


def test_chosen_divisions_are_the_only_ones_made() -> None:
    divisions = (DivisionWeight("39", "C", 3), DivisionWeight("65", "I", 1))
    table = pa.Table.from_batches(
        list(generate_batches(4_000, seed=1, regions=ZHAOQING, divisions=divisions))
    )
    codes = [c for c in table.column("industry_code").to_pylist() if c is not None]
    counts = Counter(code[:2] for code in codes)
    assert set(counts) == {"39", "65"}
    assert counts["39"] / len(codes) == pytest.approx(0.75, abs=0.03)
    assert all(re.fullmatch(r"\d{4}", code) for code in codes)


def test_names_addresses_and_english_names_read_like_a_register(rows) -> None:
    places = ("肇庆", "广宁", "怀集", "封开", "德庆", "四会")  # districts carry their city
    for name in rows["name"]:
        assert name.endswith("有限公司")
        assert any(place in name for place in places)
    sihui = [
        name
        for name, code in zip(rows["name"], rows["uscc"], strict=True)
        if code[2:8] == "441284" and "（" not in name
    ]
    assert all(name.startswith("四会市") for name in sihui)
    addresses = [a for a in rows["address"] if a is not None]
    assert all(a.startswith("广东省肇庆市") and "号" in a for a in addresses)
    english = [n for n in rows["name_en"] if n is not None]
    assert 0.25 < len(english) / ROWS < 0.40
    assert all(n.endswith(" Co., Ltd.") and n.isascii() for n in english)
    assert any(n.startswith("Sihui ") for n in english)


def test_share_above_designated_size_among_manufacturers_is_plausible(rows) -> None:
    revenues = [
        revenue
        for revenue, code in zip(rows["revenue"], rows["industry_code"], strict=True)
        if is_manufacturer(code) and revenue is not None
    ]
    above = share([revenue >= ABOVE_DESIGNATED_SIZE_REVENUE for revenue in revenues])
    assert 0.05 <= above <= 0.11


def test_revenues_are_log_normal_with_a_long_tail(rows) -> None:
    revenues = [float(r) for r in rows["revenue"] if r is not None and r > 0]
    median = statistics.median(revenues)
    assert 30 < median < 500  # a few hundred 万元 at most
    assert max(revenues) > 100 * median
    assert statistics.mean(revenues) > 3 * median


def test_high_tech_is_commoner_among_the_largest_firms(rows) -> None:
    pairs = sorted(
        (revenue, cert is not None)
        for revenue, cert in zip(rows["revenue"], rows["high_tech_cert_no"], strict=True)
        if revenue is not None
    )
    decile = len(pairs) // 10
    smallest = share([flag for _, flag in pairs[:decile]])
    largest = share([flag for _, flag in pairs[-decile:]])
    assert largest > 0.08
    assert largest > 5 * smallest


def test_high_tech_certificates_are_plausible(rows) -> None:
    certs = [c for c in rows["high_tech_cert_no"] if c is not None]
    assert 0.025 < len(certs) / ROWS < 0.06
    assert all(re.fullmatch(r"GR20(23|24|25)440\d{5}", c) for c in certs)
    for i, cert in enumerate(rows["high_tech_cert_no"]):
        issued, expires = rows["high_tech_issued_on"][i], rows["high_tech_expires_on"][i]
        if cert is None:
            assert issued is None
            assert expires is None
            continue
        assert cert[2:6] == str(issued.year)
        assert expires == issued.replace(year=issued.year + 3)
        founded = rows["founded_on"][i]
        assert founded is None or founded < issued
        revenue, rd = rows["revenue"][i], rows["rd_expenditure"][i]
        if revenue and rd is not None:
            assert rd >= Decimal("0.03") * revenue - Decimal("0.01")
    divisions = Counter(c[:2] for c in rows["industry_code"] if c is not None)
    tech_divisions = Counter(
        code[:2]
        for code, cert in zip(rows["industry_code"], rows["high_tech_cert_no"], strict=True)
        if cert is not None and code is not None
    )
    assert tech_divisions["39"] / divisions["39"] > 3 * tech_divisions["51"] / divisions["51"]


def test_ownership_shares_and_investor_countries(rows) -> None:
    owners = Counter(rows["ownership"])
    known = ROWS - owners[None]
    assert 0.80 < owners[Ownership.DOMESTIC_PRIVATE.value] / known < 0.90
    assert 0.01 < owners[Ownership.STATE_OWNED.value] / known < 0.05
    assert 0.05 < owners[Ownership.HMT_INVESTED.value] / known < 0.10
    assert 0.03 < owners[Ownership.FOREIGN_INVESTED.value] / known < 0.08
    for owner, country in zip(rows["ownership"], rows["foreign_country"], strict=True):
        if owner == Ownership.HMT_INVESTED:
            assert country in {"HK", "MO", "TW"}
        elif owner == Ownership.FOREIGN_INVESTED:
            assert country is not None
            assert country not in {"HK", "MO", "TW", "CN"}
        else:
            assert country is None
    countries = Counter(c for c in rows["foreign_country"] if c is not None)
    assert countries["HK"] == max(countries.values())
    assert {"JP", "US", "KR", "SG", "DE", "TW"} <= set(countries)


def test_invested_firms_export_more_often(rows) -> None:
    def exporting(owners: set[str]) -> float:
        return share(
            [
                value > 0
                for value, owner in zip(rows["export_value"], rows["ownership"], strict=True)
                if owner in owners and value is not None
            ]
        )

    invested = exporting({Ownership.HMT_INVESTED.value, Ownership.FOREIGN_INVESTED.value})
    assert invested > 1.5 * exporting({Ownership.DOMESTIC_PRIVATE.value})


def test_employees_grow_with_revenue(rows) -> None:
    pairs = sorted(
        (revenue, employees)
        for revenue, employees in zip(rows["revenue"], rows["employees"], strict=True)
        if revenue is not None and employees is not None
    )
    decile = len(pairs) // 10
    assert all(employees >= 1 for _, employees in pairs)
    assert statistics.median(e for _, e in pairs[-decile:]) > 5 * statistics.median(
        e for _, e in pairs[:decile]
    )


def test_recognitions_are_rare_and_in_order(rows) -> None:
    specialised = [d for d in rows["specialised_new_on"] if d is not None]
    assert 0.004 < len(specialised) / ROWS < 0.02
    giants = 0
    for i, giant_on in enumerate(rows["little_giant_on"]):
        if giant_on is not None:
            giants += 1
            assert rows["specialised_new_on"][i] is not None
            assert rows["specialised_new_on"][i] < giant_on
    assert giants < len(specialised) / 3
    listed = [i for i, d in enumerate(rows["listed_on"]) if d is not None]
    assert len(listed) / ROWS < 0.002
    assert all("股份有限公司" in rows["name"][i] for i in listed)
    year_end = datetime.date(YEAR, 12, 31)
    for column in ("specialised_new_on", "little_giant_on", "listed_on", "high_tech_issued_on"):
        assert all(d <= year_end for d in rows[column] if d is not None)


def test_output_value_is_only_for_industrial_sections(rows) -> None:
    for code, output in zip(rows["industry_code"], rows["output_value"], strict=True):
        if output is not None and code is not None:  # the code itself may be missing
            assert "06" <= code[:2] <= "46"
    assert any(output is not None for output in rows["output_value"])


def test_founding_dates_run_from_1980_and_skew_recent(rows) -> None:
    founded = [d for d in rows["founded_on"] if d is not None]
    assert min(founded) >= datetime.date(1980, 1, 1)
    assert max(founded) <= datetime.date(YEAR, 12, 31)
    years = [d.year for d in founded]
    assert statistics.median(years) >= YEAR - 8
    assert min(years) < 1995


def test_some_values_are_missing_but_not_many(rows) -> None:
    for key in (
        "region_code",
        "address",
        "industry_code",
        "founded_on",
        "registered_capital",
        "ownership",
        "year",
        "revenue",
        "rd_expenditure",
        "employees",
        "taxes_paid",
        "export_value",
    ):
        missing = share([value is None for value in rows[key]])
        assert 0.003 < missing < 0.2, key
    for i, year in enumerate(rows["year"]):
        if year is None:
            assert rows["revenue"][i] is None
            assert rows["employees"][i] is None
        else:
            assert year == YEAR
    required = [c.key for c in COLUMNS if c.required]
    assert all(value for key in required for value in rows[key])


def test_regions_without_names_get_names_but_no_address() -> None:
    records = list(generate(300, seed=1, regions=THREE_REGIONS))
    assert all(r.address == "" for r in records)
    assert all("广东" in r.name for r in records)


# --- Files -------------------------------------------------------------------------------


def test_parquet_round_trip(tmp_path) -> None:
    path = tmp_path / "enterprises.parquet"
    written = write_parquet(
        path, 5_000, seed=11, regions=ZHAOQING, region_names=ZHAOQING_NAMES, batch_size=2_000
    )
    assert written == 5_000
    read = pq.read_table(path)
    assert read.schema.names == list(COLUMN_KEYS)
    assert read.equals(
        pa.Table.from_batches(
            list(generate_batches(5_000, seed=11, regions=ZHAOQING, region_names=ZHAOQING_NAMES))
        )
    )
    metadata = pq.ParquetFile(path).metadata
    assert metadata.num_row_groups == 3
    assert metadata.row_group(0).column(0).compression == "ZSTD"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_csv_round_trip(tmp_path, language) -> None:
    path = tmp_path / "enterprises.csv"
    written = write_csv(path, 1_500, seed=12, regions=ZHAOQING, header_language=language)
    assert written == 1_500
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.reader(file)
        header = next(reader)
        lines = list(reader)
    assert header == [c.key if language == "en" else c.zh for c in COLUMNS]
    records = list(generate(1_500, seed=12, regions=ZHAOQING))
    assert len(lines) == len(records)
    for line, record in zip(lines, records, strict=True):
        for key, text in zip(COLUMN_KEYS, line, strict=True):
            value = getattr(record, key)
            expected = "" if value is None else str(value)
            assert text == expected, key
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")


def test_write_parquet_keeps_memory_bounded(tmp_path) -> None:
    """Writing 200,000 rows must not need more memory than writing 20,000 rows.

    Run in a child process, whose peak resident size (ru_maxrss) is its own. Holding the
    200,000 rows at once would add about 50 MB; streaming adds next to nothing.
    """
    script = textwrap.dedent(
        f"""
        import resource
        from zhaoshang.registry.generator import RegionWeight, write_parquet
        regions = [RegionWeight("441284", 1.0)]
        def peak():
            return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        write_parquet({str(tmp_path / "warm.parquet")!r}, 20_000, seed=1, regions=regions,
                      batch_size=10_000)
        before = peak()
        write_parquet({str(tmp_path / "big.parquet")!r}, 200_000, seed=2, regions=regions,
                      batch_size=10_000)
        print(peak() - before)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    growth_mib = int(done.stdout.strip()) / 1024
    assert growth_mib < 25
    assert pq.ParquetFile(tmp_path / "big.parquet").metadata.num_rows == 200_000


# --- Refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"count": -1}, "count"),
        ({"start": -5}, "start"),
        ({"count": 10, "start": 100_000_000}, "start"),
        ({"regions": ()}, "regions"),
        ({"regions": (RegionWeight("4412", 1),)}, "regions"),
        ({"regions": (RegionWeight("441284", -1),)}, "regions"),
        ({"divisions": (DivisionWeight("C", "C", 1),)}, "divisions"),
        ({"seed": -1}, "seed"),
        ({"year": 1970}, "year"),
        ({"batch_size": 0}, "batch_size"),
    ],
)
def test_bad_arguments_are_refused_with_the_field_named(options, field) -> None:
    arguments: dict[str, Any] = {"count": 10, "seed": 1, "regions": ZHAOQING, **options}
    count = arguments.pop("count")
    with pytest.raises(ValueError, match=field):
        list(generate_batches(count, **arguments))


def test_csv_refuses_an_unknown_header_language(tmp_path) -> None:
    with pytest.raises(ValueError, match="header_language"):
        write_csv(tmp_path / "x.csv", 10, seed=1, regions=ZHAOQING, header_language="fr")
    assert not (tmp_path / "x.csv").exists()


def test_the_demo_loads_a_few_thousand_enterprises_in_zhaoqing() -> None:
    records = list(generate(3_000, seed=2024, regions=ZHAOQING, region_names=ZHAOQING_NAMES))
    assert len(records) == 3_000
    assert all(r.uscc[2:6] == "4412" for r in records)
    assert {r.region_code for r in records} - {""} == {r.code for r in ZHAOQING}
    assert sum(1 for r in records if r.high_tech_cert_no) > 50
    assert sum(r.revenue is None for r in records) < 450
