"""One block of generated enterprises: the Arrow schema of the rows, and ``block_rows``, which
draws all ``BLOCK`` rows of a block from the block's own random stream, vectorised with NumPy
and Arrow (sizes, dates, ownership, figures, certificates, names, addresses, missing values,
business scope and main products).
No Django here.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zhaoshang.registry.domain.schema import COLUMNS, MONEY_KEYS
from zhaoshang.registry.generator.credit_codes import USCC_START, uscc_array
from zhaoshang.registry.generator.plan import Bools, Floats, Ints, Plan, epoch_days, pick
from zhaoshang.registry.generator.profiles import (
    CAPITAL_GRID,
    HMT_SOURCES,
    PARKS,
    ROADS,
    SYLLABLES,
)
from zhaoshang.registry.generator.text import texts

BLOCK = 10_000  # rows per random stream
MONEY = pa.decimal128(18, 2)


def _arrow_type(key: str) -> pa.DataType:
    if key.endswith("_on"):
        return pa.date32()
    if key in MONEY_KEYS:
        return MONEY
    if key in {"year", "employees"}:
        return pa.int32()
    return pa.string()


ARROW_SCHEMA = pa.schema([pa.field(c.key, _arrow_type(c.key), not c.required) for c in COLUMNS])
STRING_KEYS = tuple(c.key for c in COLUMNS if _arrow_type(c.key) == pa.string())


_AGE_MEAN = 8.0  # years: ages are exponential (truncated at 1980), so most firms are young
_HIGH_TECH_FLOOR = ((5000.0, 0.05), (20000.0, 0.04))  # R&D / revenue required, else 3%


# Intercepts (log-odds), tuned on the default divisions to about 4% high-tech, 1% 专精特新,
# 0.1% 小巨人 and 0.02% listed enterprises.
_HIGH_TECH_LOGIT, _SPECIALISED_LOGIT, _GIANT_LOGIT, _LISTED_LOGIT = -3.3, -5.5, -1.5, -2.0


def _sigmoid(x: Floats) -> Floats:
    result: Floats = 1.0 / (1.0 + np.exp(-np.clip(x, -40.0, 40.0)))
    return result


def _take(dictionary: pa.Array, index: Ints, missing: Bools | None = None) -> pa.Array:
    return dictionary.take(pa.array(index, mask=missing))


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _money(values: Floats, missing: Bools) -> pa.Array:
    """Decimal128(18, 2) straight from integer hundredths: exact, and no per-value objects."""
    n = len(values)
    words = np.empty((n, 2), dtype=np.int64)  # little-endian 128-bit integers
    words[:, 0] = np.rint(values * 100.0).astype(np.int64)
    words[:, 1] = words[:, 0] >> 63
    validity = pa.py_buffer(np.packbits(~missing, bitorder="little"))
    return pa.Array.from_buffers(MONEY, n, [validity, pa.py_buffer(words)])


def _dates(days: Ints, missing: Bools) -> pa.Array:
    return pa.array(days.astype(np.int32), type=pa.date32(), mask=missing)


def _year_of(days: Ints) -> Ints:
    years: Ints = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    return years


def block_rows(plan: Plan, block: int) -> pa.RecordBatch:
    """Rows ``block * BLOCK`` to ``(block + 1) * BLOCK - 1``, from the block's own stream.

    Every draw is made for the whole block and in a fixed order, so a block never depends on
    which of its rows are asked for.
    """
    stream = np.random.SeedSequence(plan.seed, spawn_key=(block,))
    rng = np.random.Generator(np.random.PCG64(stream))
    n = BLOCK
    uniform, normal = rng.random, rng.standard_normal

    region = pick(plan.region_cum, uniform(n))
    division = pick(plan.division_cum, uniform(n))
    line = plan.line_start[division] + (uniform(n) * plan.line_count[division]).astype(np.int64)
    klass = plan.class_start[line] + (uniform(n) * plan.class_count[line]).astype(np.int64)
    industrial = plan.industrial[division]
    z = normal(n)  # latent size

    span = plan.year + 1 - 1980
    age = -_AGE_MEAN * np.log1p(uniform(n) * np.expm1(-span / _AGE_MEAN))
    founded = np.maximum(plan.year_end - (age * 365.25).astype(np.int64), plan.first_day)
    days_open = plan.year_end - founded + 1
    founded_year = _year_of(founded)

    weights = np.empty((n, 4))
    weights[:, 0] = 0.85
    weights[:, 1] = 0.03 * plan.state[division] * np.exp(0.5 * z - 0.125)
    weights[:, 2] = 0.07 * plan.hmt[division] * np.exp(0.35 * z - 0.06125)
    weights[:, 3] = 0.05 * plan.foreign[division] * np.exp(0.35 * z - 0.06125)
    cumulative = np.cumsum(weights, axis=1)
    ownership = (cumulative < (uniform(n) * cumulative[:, -1])[:, None]).sum(axis=1)
    invested = ownership >= 2  # Hong Kong, Macao, Taiwan or foreign
    source = uniform(n)
    country = np.where(
        ownership == 2,
        pick(plan.hmt_cum, source),
        len(HMT_SOURCES) + pick(plan.foreign_cum, source),
    )

    # Revenue: log-normal by division; older and invested firms a little larger; firms founded
    # during the year earn for part of it; a few are dormant.
    log_size = (
        plan.log_median[division]
        + plan.sigma[division] * z
        + 0.25 * (np.log1p(days_open / 365.25) - 2.6)
        + 0.3 * invested
    )
    dormant = uniform(n) < 0.03
    revenue = np.where(dormant, 0.0, np.exp(log_size) * np.minimum(days_open / 365.25, 1.0))
    median = plan.log_median[division]  # larger firms need fewer employees per unit of revenue
    log_employees = (
        median - plan.log_per_employee[division] + 0.85 * (log_size - median) + 0.45 * normal(n)
    )
    employees = np.maximum(1.0, np.rint(np.exp(log_employees))).astype(np.int64)
    employees = np.where(dormant, np.minimum(employees, rng.integers(1, 6, n)), employees)

    # Registered capital: correlated with size, larger for state and invested firms, mostly a
    # round amount (foreign capital converted from another currency often is not).
    log_capital = 0.5 * log_size + 1.8 + 1.1 * normal(n) + np.array([0, 1.2, 0.6, 0.8])[ownership]
    log_capital = np.clip(log_capital, 0.0, np.log(1e6))
    grid = np.log(CAPITAL_GRID)
    rounded = CAPITAL_GRID[np.searchsorted((grid[1:] + grid[:-1]) / 2, log_capital)]
    capital = np.where(uniform(n) < np.where(invested, 0.5, 0.88), rounded, np.exp(log_capital))

    # High-tech certificate: by division and size; valid 3 years, issued in November or
    # December of a year after the founding one.
    high_tech = (uniform(n) < _sigmoid(_HIGH_TECH_LOGIT + plan.tech[division] + 0.9 * z)) & ~dormant
    issue_year = np.maximum(plan.year - rng.integers(0, 3, n), founded_year + 1)
    high_tech &= issue_year <= plan.year
    november = ((issue_year - 1970) * 12 + 10).astype("datetime64[M]")
    november_day = november.astype("datetime64[D]").astype(np.int64)
    issued = november_day + rng.integers(0, 61, n)
    expires = (november + 36).astype("datetime64[D]").astype(np.int64) + (issued - november_day)
    cert_no = issue_year * 10**8 + 44 * 10**6 + rng.integers(0, 100_000, n)  # GR2023440xxxxx

    # R&D: high-tech firms meet the certificate's intensity floor; others may spend a little.
    floor = np.full(n, 0.03)
    for limit, share in reversed(_HIGH_TECH_FLOOR):
        floor = np.where(revenue < limit, share, floor)
    other_intensity = np.clip(0.015 * np.exp(0.7 * normal(n)), 0.001, 0.2)
    intensity = np.where(high_tech, floor + rng.exponential(0.015, n), other_intensity)
    doing_rd = uniform(n) < plan.rd[division] * _sigmoid(0.5 + 0.8 * z)
    rd = np.where(high_tech | (doing_rd & ~dormant), revenue * intensity, 0.0)

    # Exports: by division, far more often for invested firms, which export more of their sales.
    own_export = np.array([1.0, 0.4, 2.0, 2.0])[ownership]
    export_chance = np.clip(plan.export[division] * own_export * np.exp(0.3 * z), 0.0, 0.95)
    exporting = (uniform(n) < export_chance) & ~dormant
    export_share = np.where(invested, rng.beta(3.0, 2.0, n), rng.beta(1.5, 3.0, n))
    exports = np.where(exporting, revenue * export_share, 0.0)

    # Taxes (small taxpayers below 1.2 million yuan are often exempt) and output value.
    taxes = revenue * plan.tax[division] * np.exp(0.5 * normal(n) - 0.125)
    taxes = np.where((revenue < 120.0) & (uniform(n) < 0.5), 0.0, taxes)
    output = revenue * np.clip(1.03 + 0.08 * normal(n), 0.7, 1.5)

    # 专精特新 (after two years in business), 小巨人 (at least half a year later), listing.
    manufacturing = plan.manufacturing[division]
    specialised_logit = (
        _SPECIALISED_LOGIT
        + 2.6 * high_tech
        + 1.5 * manufacturing
        + 0.6 * plan.tech[division]
        + 0.9 * (log_size - np.log(1000.0))
    )
    specialised = (uniform(n) < _sigmoid(specialised_logit)) & (days_open > 730) & ~dormant
    window = plan.year_end - plan.window_start + 1
    specialised_on = plan.window_start + (uniform(n) * window).astype(np.int64)
    specialised_on = np.maximum(specialised_on, founded + 730)
    giant_from = specialised_on + 180
    giant = specialised & (
        uniform(n) < _sigmoid(_GIANT_LOGIT + 1.0 * (log_size - np.log(10000.0)) + 1.0 * high_tech)
    )
    giant &= giant_from <= plan.year_end
    giant_span = np.maximum(plan.year_end - giant_from + 1, 1)
    giant_on = giant_from + (uniform(n) * giant_span).astype(np.int64)
    listed_from = np.maximum(founded + 1096, plan.listing_start)
    listed = uniform(n) < _sigmoid(
        _LISTED_LOGIT + 2.0 * (log_size - np.log(50000.0)) + 0.8 * high_tech
    )
    listed &= (listed_from <= plan.year_end) & ~dormant
    listed_span = np.maximum(plan.year_end - listed_from + 1, 1)
    listed_on = listed_from + (uniform(n) * listed_span).astype(np.int64)
    joint_stock = listed | ((z > 0.5) & (uniform(n) < 0.02))

    # Name and address parts.
    # Three different syllables: the second skips the first, the third skips both.
    first = rng.integers(0, len(SYLLABLES), n)
    second = rng.integers(0, len(SYLLABLES) - 1, n)
    second += second >= first
    third = rng.integers(0, len(SYLLABLES) - 2, n)
    third += third >= np.minimum(first, second)
    third += third >= np.maximum(first, second)
    third = np.where(uniform(n) < 0.35, third, len(SYLLABLES))
    bracketed = uniform(n) < 0.1  # 华盛（四会）电子科技有限公司
    english = uniform(n) < 0.25 + 0.45 * invested + 0.1 * (z > 1)
    road = rng.integers(0, len(ROADS), n)
    number = rng.integers(1, 300, n)
    in_park = industrial & (uniform(n) < 0.6)
    park = np.where(in_park, rng.integers(0, len(PARKS), n), len(PARKS))
    room = rng.integers(1, 31, n) * 100 + rng.integers(1, 21, n)
    in_room = ~industrial & (uniform(n) < 0.4)

    # Missing values, as in real registers.
    def missing(share: float) -> Bools:
        drawn: Bools = uniform(n) < share
        return drawn

    no_figures = missing(0.06)
    missing_revenue = no_figures | missing(0.05)
    missing_rd = no_figures | missing(0.08)
    missing_employees = no_figures | missing(0.06)
    missing_taxes = no_figures | missing(0.08)
    missing_exports = no_figures | missing(0.08)
    missing_output = no_figures | missing(0.06) | ~industrial
    missing_address = missing(0.07)
    missing_capital = missing(0.04)
    missing_founded = missing(0.02)
    missing_ownership = missing(0.03)
    missing_industry = missing(0.015)
    missing_region = missing(0.01)

    # Scope and products last, so that adding them changed no other column's draws.
    scope, products = texts(plan.text_tables, division, industrial, rng)

    modern = founded >= epoch_days(USCC_START)
    uscc = uscc_array(plan.region_digits[region], np.arange(n) + block * n, modern)
    trade_zh = _join(*(_take(plan.syllable_zh, s) for s in (first, second, third)))
    trade_en = _join(
        _take(plan.syllable_first, first),
        _take(plan.syllable_next, second),
        _take(plan.syllable_next, third),
    )
    word_zh, word_en = _take(plan.line_zh, line), _take(plan.line_en, line)
    suffix = _take(pa.array(["有限公司", "股份有限公司"]), joint_stock.astype(np.int64))
    place_zh, place_en = _take(plan.prefix_zh, region), _take(plan.prefix_en, region)
    name = pc.if_else(
        pa.array(bracketed),
        _join(trade_zh, "（", _take(plan.short_zh, region), "）", word_zh, suffix),
        _join(place_zh, trade_zh, word_zh, suffix),
    )
    name_en = pc.if_else(
        pa.array(bracketed),
        _join(trade_en, " (", place_en, ") ", word_en, " Co., Ltd."),
        _join(place_en, " ", trade_en, " ", word_en, " Co., Ltd."),
    )
    name_en = pc.if_else(pa.array(english), name_en, pa.scalar(None, pa.string()))
    room_text = pc.if_else(pa.array(in_room), _join(pc.cast(pa.array(room), pa.string()), "房"), "")
    address = _join(
        _take(plan.address, region, missing_address),
        _take(plan.parks, park),
        _take(plan.roads, road),
        pc.cast(pa.array(number), pa.string()),
        "号",
        room_text,
    )
    cert = _join("GR", pc.cast(pa.array(cert_no, mask=~high_tech), pa.string()))
    year = np.full(n, plan.year, dtype=np.int32)
    columns: dict[str, pa.Array] = {
        "uscc": uscc,
        "name": name,
        "name_en": name_en,
        "region_code": _take(plan.region_codes, region, missing_region),
        "address": address,
        "industry_code": _take(plan.classes, klass, missing_industry),
        "founded_on": _dates(founded, missing_founded),
        "registered_capital": _money(capital, missing_capital),
        "registered_capital_text": pa.nulls(n, pa.string()),  # amounts are plain 万元
        "ownership": _take(plan.ownerships, ownership, missing_ownership),
        "foreign_country": _take(plan.countries, country, ~invested | missing_ownership),
        "high_tech_cert_no": cert,
        "high_tech_issued_on": _dates(issued, ~high_tech),
        "high_tech_expires_on": _dates(expires, ~high_tech),
        "specialised_new_on": _dates(specialised_on, ~specialised),
        "little_giant_on": _dates(giant_on, ~giant),
        "listed_on": _dates(listed_on, ~listed),
        "business_scope": scope,
        "main_products": products,
        "year": pa.array(year, mask=no_figures),
        "revenue": _money(revenue, missing_revenue),
        "rd_expenditure": _money(rd, missing_rd),
        "employees": pa.array(employees.astype(np.int32), mask=missing_employees),
        "taxes_paid": _money(taxes, missing_taxes),
        "export_value": _money(exports, missing_exports),
        "output_value": _money(output, missing_output),
    }
    return pa.RecordBatch.from_arrays([columns[k] for k in ARROW_SCHEMA.names], schema=ARROW_SCHEMA)
