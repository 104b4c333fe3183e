"""Numbers and money on the policies pages: thousands separators, amounts in 10,000 yuan
and in words (million yuan; 万元 and 亿元 for readers of Chinese), signed differences."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zhaoshang.policies.describe import language, money_text, number_text

register = template.Library()


@register.filter
def thousands(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return number_text(value)


def _rounded(value: Decimal, places: int) -> str:
    return number_text(value.quantize(Decimal(1).scaleb(-places)))


def yuan_words(wan: Decimal | int | float | None) -> str:
    """An amount given in 10,000 yuan, in words: "3.1 million yuan", "310万元"."""
    if wan is None:
        return "—"
    amount = Decimal(str(wan))
    if language().startswith("zh"):
        if abs(amount) >= 10_000:
            return _("%(amount)s hundred million yuan") % {"amount": _rounded(amount / 10_000, 2)}
        return _("%(amount)s ten thousand yuan") % {"amount": _rounded(amount, 2)}
    yuan = amount * 10_000
    if abs(yuan) >= 1_000_000_000:
        return _("%(amount)s billion yuan") % {"amount": _rounded(yuan / 1_000_000_000, 1)}
    if abs(yuan) >= 1_000_000:
        return _("%(amount)s million yuan") % {"amount": _rounded(yuan / 1_000_000, 1)}
    return _("%(amount)s yuan") % {"amount": _rounded(yuan, 0)}


register.filter("yuan_words", yuan_words)


@register.filter
def money(wan: Any) -> str:
    """An amount in 10,000 yuan, exactly, and rounded in words when that reads easier:
    "123,456,700 yuan (123.5 million yuan)", "500,000 yuan", "50万元"."""
    if wan is None or wan == "":
        return "—"
    exact, words = money_text(wan), yuan_words(wan)
    return (
        exact if words == exact else _("%(exact)s (%(words)s)") % {"exact": exact, "words": words}
    )


@register.filter
def signed_yuan(wan_difference: Any) -> str:
    if wan_difference is None:
        return ""
    amount = Decimal(str(wan_difference))
    words = yuan_words(abs(amount))
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
    return text % {"count": number_text(count)}


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
