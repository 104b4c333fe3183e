"""Helpers of the policies pages: signed differences of money and of counts, shares for
bars. Numbers and money themselves are formatted by ``{% load formatting %}``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zhaoshang.core.formatting import format_count, format_wan

register = template.Library()


@register.filter
def signed_yuan(wan_difference: Any) -> str:
    """A difference of amounts in 10,000 yuan, with its sign: "+46.48万元", "−20 million yuan"."""
    if wan_difference is None:
        return ""
    amount = Decimal(str(wan_difference))
    words = format_wan(abs(amount))
    return f"+{words}" if amount > 0 else f"−{words}" if amount < 0 else words


@register.simple_tag
def admits(difference: int | None) -> str:
    """ "admits 1,240 more enterprises" / "… fewer …" / "admits as many enterprises"."""
    if difference is None:
        return ""
    count = abs(difference)
    if difference > 0:
        text = ngettext(
            "admits %(count)s more enterprise", "admits %(count)s more enterprises", count
        )
    elif difference < 0:
        text = ngettext(
            "admits %(count)s fewer enterprise", "admits %(count)s fewer enterprises", count
        )
    else:
        return _("admits as many enterprises")
    return text % {"count": format_count(count)}


@register.filter
def share(part: Any, whole: Any) -> str:
    """``part`` as a percentage of ``whole`` for a bar's width ("0" when there is none)."""
    try:
        ratio = Decimal(part) * 100 / Decimal(whole)
    except (ArithmeticError, TypeError, ValueError):
        return "0"
    return str(max(Decimal(0), min(Decimal(100), ratio)).quantize(Decimal("0.1")))


@register.filter
def get_count(counts: dict[str, int], key: str) -> int:
    return counts.get(key, 0)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)
