"""A prepared row carries each value under its column, in the form the database takes."""

from __future__ import annotations

import datetime
from decimal import Decimal

from zhaoshang.registry.domain.schema import EnterpriseRecord, Ownership
from zhaoshang.registry.imports.validate import (
    ABOVE_AT,
    ENTERPRISE_COLUMNS,
    FIGURE_COLUMNS,
    YEAR_AT,
    prepare,
)


def test_every_value_lands_under_its_column():
    record = EnterpriseRecord(
        uscc="91441284MA4UQ1XJ2B",
        name="四会市华盛电子有限公司",
        name_en="Huasheng",
        region_code="441284",
        address="东城街道1号",
        industry_code="3971",
        founded_on=datetime.date(2010, 5, 1),
        registered_capital=Decimal("500.00"),
        registered_capital_text="500万元",
        ownership=Ownership.HMT_INVESTED,
        foreign_country="HK",
        high_tech_cert_no="GR202344000001",
        high_tech_issued_on=datetime.date(2023, 12, 1),
        high_tech_expires_on=datetime.date(2026, 11, 30),
        specialised_new_on=datetime.date(2022, 1, 2),
        little_giant_on=datetime.date(2024, 3, 4),
        listed_on=datetime.date(2025, 6, 7),
        business_scope="电子元件制造",
        main_products="电容器",
        year=2025,
        revenue=Decimal("2500.00"),
        rd_expenditure=Decimal("90.50"),
        employees=180,
        taxes_paid=Decimal("12.00"),
        export_value=Decimal("800.00"),
        output_value=Decimal("2600.00"),
    )
    row = prepare(record, {"39": "C"})
    columns = dict(zip(ENTERPRISE_COLUMNS, row[:ABOVE_AT], strict=True))
    figures = dict(zip(FIGURE_COLUMNS, row[YEAR_AT:], strict=True))
    assert columns == {
        "uscc": "91441284MA4UQ1XJ2B",
        "name": "四会市华盛电子有限公司",
        "name_en": "Huasheng",
        "address": "东城街道1号",
        "industry_code": "3971",
        "founded_on": "2010-05-01",
        "registered_capital": "500.00",
        "ownership": "hmt_invested",
        "foreign_country": "HK",
        "high_tech_cert_no": "GR202344000001",
        "high_tech_issued_on": "2023-12-01",
        "high_tech_expires_on": "2026-11-30",
        "specialised_new_on": "2022-01-02",
        "little_giant_on": "2024-03-04",
        "listed_on": "2025-06-07",
        "registered_capital_text": "500万元",
        "business_scope": "电子元件制造",
        "main_products": "电容器",
        "region_id": "441284",
        "division_id": "39",
        "name_pinyin": "sihuishihuashengdianziyouxiangongsi",
    }
    assert row[ABOVE_AT] is True  # manufacturing, 2,500 ≥ 2,000
    assert figures == {
        "year": 2025,
        "revenue": "2500.00",
        "rd_expenditure": "90.50",
        "employees": 180,
        "taxes_paid": "12.00",
        "export_value": "800.00",
        "output_value": "2600.00",
    }
