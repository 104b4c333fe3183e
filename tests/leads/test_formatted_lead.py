"""A lead's planned investment reads as money with its exchange rate, never raw decimals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.leads.factories import CurrencyRateFactory, LeadFactory
from tests.support import signed_in

pytestmark = pytest.mark.django_db


def test_a_leads_foreign_investment_reads_as_money_with_its_rate(sihui_officer):
    CurrencyRateFactory.create(currency="USD", yuan_per_unit=Decimal("7.050000"))
    lead = LeadFactory.create(
        investment_amount=Decimal("5000000.00"),
        investment_currency="USD",
        land_mu=Decimal("20"),
        officers=[sihui_officer],
    )
    client = signed_in(sihui_officer)
    english = client.get(f"/en/officer/leads/{lead.pk}/").content.decode()
    assert "5000000.00 USD = 35250000.00 CNY (at 7.050000)" not in english
    assert "USD 5 million (about 35.25 million yuan at 1 USD = 7.05 yuan)" in english
    assert "20 mu (13,333 m²)" in english
    chinese = client.get(f"/zh-hans/officer/leads/{lead.pk}/").content.decode()
    assert "500万美元（约3,525万元，按1美元 = 7.05元折算）" in chinese
