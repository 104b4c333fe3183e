"""Values as Chinese registries write them: capital with units and currencies, dates, the
placeholders and spreadsheet errors that stand for nothing, industries by name, and rows whose
region cannot be found. Plain pytest, no database."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest

from zhaoshang.registry.domain import reference
from zhaoshang.registry.domain.schema import RowError
from zhaoshang.registry.domain.validation import References, RowResult, ValueSettings, validate_row
from zhaoshang.registry.domain.validation_tables import industry_name_key

CODE = "91441284MA51C8XY2G"
INDUSTRY_NAMES = {industry_name_key(row.name_zh): row.code for row in reference.load_industries()}
REFS = References(
    region_codes=frozenset({"441284", "440309"}),
    division_codes=reference.division_codes(),
    region_from_address={"广东省肇庆市四会市东城街道": "441284"}.get,
    today=datetime.date(2025, 6, 30),
    values=ValueSettings(
        currency_rates={"USD": Decimal("7.1"), "HKD": Decimal("0.92")},
        industry_names=INDUSTRY_NAMES,
    ),
)


def check(refs: References = REFS, /, **values: str) -> RowResult:
    return validate_row(
        2, {"uscc": CODE, "name": "示例有限公司", "region_code": "441284", **values}, refs
    )


def taken(**values: str) -> RowResult:
    result = check(**values)
    assert result.errors == ()
    assert result.record is not None
    return result


def refused(**values: str) -> list[tuple[str, str, str]]:
    result = check(**values)
    assert result.record is None
    return [(e.column, e.value, e.reason) for e in result.errors]


# --- registered capital ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "wan"),
    [
        ("15万元人民币", "15.00"),
        ("人民币15万元", "15.00"),
        ("500万元", "500.00"),
        ("500 万元", "500.00"),
        ("１５万元", "15.00"),  # full-width digits
        ("15万", "15.00"),
        ("5000000元", "500.00"),
        ("1.5亿元", "15000.00"),
        ("1,000万美元", "7100.00"),  # at 7.1 yuan per dollar
        ("USD 100万", "710.00"),
        ("300万港元", "276.00"),  # at 0.92
        ("300万港币", "276.00"),
    ],
)
def test_capital_with_a_unit_is_converted_to_wan_and_the_text_kept(text: str, wan: str) -> None:
    record = taken(registered_capital=text).record
    assert record is not None
    assert record.registered_capital == Decimal(wan)
    assert record.registered_capital_text == text


def test_a_plain_capital_is_in_wan_already_and_keeps_no_text() -> None:
    record = taken(registered_capital="1,250.5").record
    assert record is not None
    assert (record.registered_capital, record.registered_capital_text) == (Decimal("1250.5"), "")


def test_the_text_column_is_kept_beside_a_plain_amount_so_an_export_reimports_unchanged() -> None:
    record = taken(registered_capital="7100", registered_capital_text="1,000万美元").record
    assert record is not None
    assert (record.registered_capital, record.registered_capital_text) == (
        Decimal("7100"),
        "1,000万美元",
    )


def test_a_currency_without_a_rate_is_refused_naming_it() -> None:
    assert refused(registered_capital="100万日元") == [
        (
            "registered_capital",
            "100万日元",
            "there is no exchange rate for JPY; an administrator records currency rates",
        )
    ]


def test_an_unknown_currency_is_refused_naming_it() -> None:
    assert refused(registered_capital="100万越南盾") == [
        (
            "registered_capital",
            "100万越南盾",
            "“越南盾” is not a currency this import knows: write the amount in 万元, or with a "
            "currency such as 万美元 or 万港元",
        )
    ]


@pytest.mark.parametrize("text", ["约500万", "500万元整左右"])
def test_capital_with_words_around_it_is_refused(text: str) -> None:
    assert refused(registered_capital=text)[0][0] == "registered_capital"


def test_converted_capital_too_large_for_the_registry_is_refused() -> None:
    assert refused(registered_capital="9000000000亿美元") == [
        ("registered_capital", "9000000000亿美元", "must be less than 100,000,000,000,000")
    ]


# --- dates -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2019年3月5日",
        "2019年03月05日",
        "2019.3.5",
        "2019/3/5",
        "20190305",
        "2019-03-05 00:00:00",
        "2019/3/5 0:00",
        "43529",  # Excel's day number
        "43529.0",
        "２０１９年３月５日",
    ],
)
def test_dates_as_registries_write_them(text: str) -> None:
    record = taken(founded_on=text).record
    assert record is not None
    assert record.founded_on == datetime.date(2019, 3, 5)


@pytest.mark.parametrize("text", ["2019年3月", "2019-03", "2019.3", "201903"])
def test_a_month_without_a_day_is_refused_saying_a_day_is_needed(text: str) -> None:
    assert refused(founded_on=text) == [
        (
            "founded_on",
            text,
            "gives the month 2019-03 but no day: a date needs the day too, such as 2019-03-05",
        )
    ]


def test_a_month_that_does_not_exist_is_no_date_at_all() -> None:
    assert refused(founded_on="2019年13月") == [
        ("founded_on", "2019年13月", "must be a date such as 2024-03-31")
    ]


# --- placeholders ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "-",
        "—",
        "--",
        "/",
        "无",
        "暂无",
        "N/A",
        "n/a",
        "null",
        "#N/A",
        "#VALUE!",
        "#REF!",
        "#DIV/0!",
        "#NAME?",
        "#NUM!",
        "#NULL!",
    ],
)
@pytest.mark.parametrize(
    "key",
    [
        "name_en",
        "address",
        "industry_code",
        "founded_on",
        "registered_capital",
        "ownership",
        "foreign_country",
        "high_tech_cert_no",
        "business_scope",
        "main_products",
    ],
)
def test_placeholders_are_read_as_empty(key: str, text: str) -> None:
    record = taken(**{key: text}).record
    assert record is not None
    assert getattr(record, key) in ("", None)


def test_a_spreadsheet_error_where_the_code_is_required_says_so() -> None:
    assert refused(uscc="#N/A") == [("uscc", "#N/A", "is #N/A, a spreadsheet error, not a value")]


def test_a_placeholder_where_the_name_is_required_says_so() -> None:
    assert refused(name="暂无") == [
        ("name", "暂无", "is 暂无, which stands for no value, but a value is required")
    ]


def test_a_dash_inside_a_text_is_kept() -> None:
    record = taken(name_en="A-B Co.").record
    assert record is not None
    assert record.name_en == "A-B Co."


# --- industry as text --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("C39计算机、通信和其他电子设备制造业", "39"),
        ("计算机、通信和其他电子设备制造业", "39"),
        ("计算机，通信和其他电子设备制造业", "39"),
        ("软件和信息技术服务业", "65"),
        ("39", "39"),
        ("C3911", "3911"),
        ("3911", "3911"),
    ],
)
def test_an_industry_named_unambiguously_is_mapped(text: str, code: str) -> None:
    result = taken(industry_code=text)
    assert result.record is not None
    assert result.record.industry_code == code
    assert result.notes == ()


NO_INDUSTRY = "imported without an industry, for an officer to choose"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("制造业", f"names only the section C of GB/T 4754, not a division: {NO_INDUSTRY}"),
        ("电子", f"names no GB/T 4754 industry unambiguously: {NO_INDUSTRY}"),
        (
            "C39软件和信息技术服务业",
            f"the code C39 and the name give different industries: {NO_INDUSTRY}",
        ),
    ],
)
def test_an_industry_not_named_unambiguously_is_left_empty_with_a_note(
    text: str, reason: str
) -> None:
    result = taken(industry_code=text)
    assert result.record is not None
    assert result.record.industry_code == ""
    assert result.notes == (RowError(2, "industry_code", text, reason),)


@pytest.mark.parametrize("text", ["C383", "38a1", "ABCD"])
def test_an_industry_code_written_wrong_is_still_refused(text: str) -> None:
    assert refused(industry_code=text) == [("industry_code", text, "must be 4 digits")]


# --- region ------------------------------------------------------------------------------

TAKEN = (
    "no region given, and the address names no place in the region served: imported without "
    "a region, for an officer to complete"
)


def test_a_row_whose_region_is_not_found_is_taken_without_one_and_noted() -> None:
    result = check(region_code="", address="北京市朝阳区建国路")
    assert result.record is not None
    assert result.record.region_code == ""
    assert result.notes == (RowError(2, "region_code", "", TAKEN),)


def test_a_row_without_region_is_refused_when_the_administrator_chose_so() -> None:
    refs = replace(REFS, values=replace(REFS.values, region_missing_refused=True))
    result = check(refs, region_code="", address="北京市朝阳区建国路")
    assert result.record is None
    assert [e.reason for e in result.errors] == [
        "no region given, and the address names no place in the region served: refused, "
        "because the site settings require a region"
    ]


def test_a_placeholder_region_is_found_in_the_address() -> None:
    result = taken(region_code="-", address="广东省肇庆市四会市东城街道")
    assert result.record is not None
    assert result.record.region_code == "441284"
    assert result.notes == ()


def test_an_address_naming_its_city_twice_is_read_at_its_county() -> None:
    found = reference.region_from_addresses(["深圳市龙华区民治街道深圳北站东广场"])
    assert found == ["440309"]


# --- business scope and main products ----------------------------------------------------


def test_business_scope_may_have_several_lines() -> None:
    scope = "电子元件制造；\n电子产品销售"
    record = taken(business_scope=scope, main_products="电容器").record
    assert record is not None
    assert (record.business_scope, record.main_products) == (scope, "电容器")


def test_a_business_scope_too_long_is_refused() -> None:
    assert refused(business_scope="制" * 4001) == [
        ("business_scope", "制" * 4001, "must be at most 4000 characters, got 4001")
    ]
