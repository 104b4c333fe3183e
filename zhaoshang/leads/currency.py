"""Planned investments in any currency, converted to yuan at a stored, dated rate."""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from zhaoshang.leads.models import CurrencyRate

YUAN = "CNY"
_CODE = re.compile(r"^[A-Z]{3}$")


def currency_normalise(code: str) -> str:
    """``code`` in upper case; refused unless it looks like an ISO 4217 code."""
    code = (code or "").strip().upper()
    if not _CODE.match(code):
        raise ValidationError(
            {
                "investment_currency": _(
                    "“%(code)s” is not an ISO 4217 currency code (three letters, such as "
                    "USD or HKD)."
                )
                % {"code": code}
            }
        )
    return code


def rate_on(code: str, day: datetime.date) -> Decimal:
    """Yuan per unit of ``code`` on ``day``: the latest rate from that day or before."""
    code = currency_normalise(code)
    if code == YUAN:
        return Decimal(1)
    rate = (
        CurrencyRate.objects.filter(currency=code, valid_from__lte=day)
        .order_by("-valid_from")
        .values_list("yuan_per_unit", flat=True)
        .first()
    )
    if rate is None:
        raise ValidationError(
            {
                "investment_currency": _(
                    "There is no exchange rate for “%(code)s” on %(day)s; an administrator "
                    "records currency rates."
                )
                % {"code": code, "day": day.isoformat()}
            }
        )
    return rate


def in_yuan(amount: Decimal, rate: Decimal) -> Decimal:
    return (amount * rate).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def currencies_known() -> list[str]:
    return [YUAN, *CurrencyRate.objects.values_list("currency", flat=True).distinct()]
