"""Template filters over zhaoshang.core.formatting, in the active language.

``{% load formatting %}`` then ``{{ amount|money:"USD" }}``, ``{{ revenue|wan }}``,
``{{ employees|count }}``, ``{{ ratio|percent }}``, ``{{ rate|rate:"USD" }}``,
``{{ m2|area }}``, ``{{ m2|land_area }}``, ``{{ mu|mu }}``, ``{{ day|day }}``.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django import template

from zhaoshang.core import formatting

register = template.Library()


@register.filter
def money(amount: Any, currency: str = formatting.YUAN) -> str:
    """An amount in units of ``currency`` (yuan unless given)."""
    return formatting.format_money(amount, currency or formatting.YUAN)


@register.filter
def wan(amount: Any) -> str:
    """An amount kept in 10,000 yuan."""
    return formatting.format_wan(amount)


@register.filter
def count(value: Any) -> str:
    return formatting.format_count(value)


@register.filter
def number(value: Any, places: int = 2) -> str:
    return formatting.format_number(value, places=int(places))


@register.filter
def fixed(value: Any, places: int = 1) -> str:
    return formatting.format_fixed(value, places=int(places))


@register.filter
def percent(ratio: Any, places: int = 1) -> str:
    return formatting.format_percent(ratio, places=int(places))


@register.filter
def rate(value: Decimal | None, currency: str) -> str:
    return formatting.format_rate(value, currency)


@register.filter
def area(m2: Any) -> str:
    return formatting.format_area(m2)


@register.filter
def land_area(m2: Any) -> str:
    return formatting.format_area(m2, land=True)


@register.filter
def mu(value: Any) -> str:
    return formatting.format_mu(value)


@register.filter
def day(value: datetime.date | str | None) -> str:
    return formatting.format_date(value)
