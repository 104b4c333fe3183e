"""core.formatting: money, areas, counts, percentages, rates and dates as readers of English,
Simplified and Traditional Chinese write them."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from zhaoshang.core.formatting import (
    format_area,
    format_count,
    format_date,
    format_fixed,
    format_money,
    format_mu,
    format_number,
    format_percent,
    format_rate,
    format_wan,
)


@pytest.mark.parametrize(
    ("amount", "en", "hans", "hant"),
    [
        (0, "0 yuan", "0元", "0元"),
        (None, "—", "—", "—"),
        (Decimal("8000"), "8,000 yuan", "8,000元", "8,000元"),
        (Decimal("1234.5"), "1,234.50 yuan", "1,234.50元", "1,234.50元"),
        (Decimal("0.004"), "0 yuan", "0元", "0元"),
        (Decimal("9999"), "9,999 yuan", "9,999元", "9,999元"),
        (Decimal("10000"), "10,000 yuan", "1万元", "1萬元"),
        (Decimal("464827"), "464,827 yuan", "46.48万元", "46.48萬元"),
        (Decimal("-464827"), "-464,827 yuan", "-46.48万元", "-46.48萬元"),
        (Decimal("35250000"), "35.25 million yuan", "3,525万元", "3,525萬元"),
        (Decimal("99999999"), "100 million yuan", "1亿元", "1億元"),
        (Decimal("100000000"), "100 million yuan", "1亿元", "1億元"),
        (Decimal("2500000000"), "2.5 billion yuan", "25亿元", "25億元"),
        (Decimal("13") * 10**12, "13 trillion yuan", "13万亿元", "13萬億元"),
        (1e18, "1,000,000 trillion yuan", "1,000,000万亿元", "1,000,000萬億元"),
    ],
)
def test_yuan_read_in_each_language_with_its_units(amount, en, hans, hant):
    assert format_money(amount, "CNY", "en") == en
    assert format_money(amount, "CNY", "zh-hans") == hans
    assert format_money(amount, "CNY", "zh-hant") == hant


def test_other_currencies_read_by_code_in_english_and_by_name_in_chinese():
    assert format_money(Decimal("5000000.00"), "USD", "en") == "USD 5 million"
    assert format_money(Decimal("5000000.00"), "USD", "zh-hans") == "500万美元"
    assert format_money(Decimal("5000000.00"), "HKD", "zh-hant") == "500萬港元"
    assert format_money(Decimal("800"), "USD", "en") == "USD 800"


def test_amounts_kept_in_ten_thousand_yuan_are_rounded_unless_exact_is_asked():
    assert format_wan(Decimal("46.4827"), "zh-hans") == "46.48万元"
    assert format_wan(Decimal("46.4827"), "zh-hans", exact=True) == "464,827元"
    assert format_wan(Decimal("2000"), "en", exact=True) == "20 million yuan"
    assert format_wan(Decimal("46.4827"), "en") == "464,827 yuan"
    assert format_wan(None, "en") == "—"


def test_exchange_rates_drop_meaningless_zeros():
    assert format_rate(Decimal("7.050000"), "USD", "en") == "1 USD = 7.05 yuan"
    assert format_rate(Decimal("0.912300"), "HKD", "zh-hans") == "1港元 = 0.9123元"


def test_areas_in_square_metres_and_land_also_in_mu():
    assert format_area(Decimal("12000.00"), "en") == "12,000 m²"
    assert format_area(Decimal("13333.33"), "en", land=True) == "13,333 m² (20 mu)"
    assert format_mu(Decimal("20.00"), "zh-hans") == "20亩（13,333平方米）"
    assert format_mu(Decimal("20.00"), "zh-hant") == "20畝（13,333平方米）"
    assert format_area(None, "en") == "—"


def test_counts_numbers_and_percentages():
    assert format_count(18_000_000, "zh-hans") == "18,000,000"
    assert format_count(-3, "en") == "-3"
    assert format_number(Decimal("2000.00"), "en") == "2,000"
    assert format_number(Decimal("0.000123"), "en", places=6) == "0.000123"
    assert format_number(Decimal("-0.001"), "en") == "0"
    assert format_percent(0.048, "en") == "4.8%"
    assert format_percent(Decimal("0.5"), "zh-hant") == "50%"
    assert format_percent(None, "en") == "—"


def test_fixed_decimals_keep_a_column_of_scores_aligned():
    assert format_fixed(43, "en") == "43.0"
    assert format_fixed(Decimal("55.25"), "zh-hans") == "55.3"
    assert format_fixed(1234.5, "en", places=2) == "1,234.50"
    assert format_fixed(None, "en") == "—"


def test_dates_as_each_language_writes_them():
    day = datetime.date(2024, 2, 18)
    assert format_date(day, "en") == "Feb 18, 2024"
    assert format_date(day, "zh-hans") == "2024年2月18日"
    assert format_date("2024-02-18", "zh-hant") == "2024年2月18日"
    assert format_date(None, "en") == "—"
