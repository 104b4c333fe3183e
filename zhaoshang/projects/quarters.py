"""Quarters of the calendar year, as (year, quarter) pairs. Free of Django."""

from __future__ import annotations

import datetime

Quarter = tuple[int, int]


def quarter_of(day: datetime.date) -> Quarter:
    return day.year, (day.month - 1) // 3 + 1


def quarter_start(quarter: Quarter) -> datetime.date:
    year, number = quarter
    return datetime.date(year, 3 * (number - 1) + 1, 1)


def quarter_end(quarter: Quarter) -> datetime.date:
    year, number = quarter
    if number == 4:
        return datetime.date(year, 12, 31)
    return datetime.date(year, 3 * number + 1, 1) - datetime.timedelta(days=1)


def quarter_index(quarter: Quarter) -> int:
    """A number that grows by one a quarter (for ranges and comparisons in SQL too)."""
    return quarter[0] * 4 + quarter[1] - 1


def quarter_from_index(index: int) -> Quarter:
    return index // 4, index % 4 + 1


def quarter_add(quarter: Quarter, count: int) -> Quarter:
    return quarter_from_index(quarter_index(quarter) + count)


def quarter_label(quarter: Quarter) -> str:
    return f"{quarter[0]}Q{quarter[1]}"


def quarter_parse(text: str) -> Quarter | None:
    """``2025Q3``, ``2025-Q3``, ``2025 Q3``, ``2025-3`` or ``2025年第3季度`` → (2025, 3)."""
    cleaned = text.strip().upper().replace("年第", "Q").replace("季度", "").replace("年", "Q")
    for separator in ("-Q", " Q", "Q", "-", "/", " "):
        if separator in cleaned:
            left, _, right = cleaned.partition(separator)
            break
    else:
        return None
    left, right = left.strip(), right.strip().lstrip("Q")
    if not (left.isdigit() and right.isdigit() and len(left) == 4):
        return None
    year, number = int(left), int(right)
    if not 1 <= number <= 4 or not 1990 <= year <= 2100:
        return None
    return year, number
