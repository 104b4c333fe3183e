"""Row validation: every field's rules, the credit code against python-stdnum's own examples,
credit codes given twice in one file, and arbitrary text. Plain pytest, no database."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import uscc as stdnum_uscc

from zhaoshang.registry.domain.schema import COLUMN_KEYS, EnterpriseRecord, Ownership, RowError
from zhaoshang.registry.domain.validation import References, RowResult, ValueSettings, validate_row
from zhaoshang.registry.domain.validation_tables import REASONS

TODAY = datetime.date(2025, 6, 30)
ADDRESSES = {"广东省肇庆市四会市东城街道示例路8号": "441284", "广东省肇庆市": "441200"}
REFS = References(
    region_codes=frozenset({"441284", "441202", "440106"}),
    division_codes=frozenset(f"{n:02d}" for n in range(1, 98)),
    region_from_address=ADDRESSES.get,
    today=TODAY,
)
CODE = "91441284MA51C8XY2G"
OTHER_CODE = "914412845901528413"
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def full_row(**changes: str) -> dict[str, str]:
    """A row with every column filled in, and valid."""
    row = {
        "uscc": CODE,
        "name": "四会市示例电缆有限公司",
        "name_en": "Sihui Example Cable Co., Ltd.",
        "region_code": "441284",
        "address": "广东省肇庆市四会市示例大道1号",
        "industry_code": "3831",
        "founded_on": "2016-05-18",
        "registered_capital": "5000",
        "ownership": "foreign_invested",
        "foreign_country": "DE",
        "high_tech_cert_no": "GR202344001234",
        "high_tech_issued_on": "2023-12-28",
        "high_tech_expires_on": "2026-12-27",
        "specialised_new_on": "2024-06-30",
        "little_giant_on": "2025-01-15",
        "listed_on": "2021-11-15",
        "year": "2024",
        "revenue": "26800.50",
        "rd_expenditure": "1150",
        "employees": "320",
        "taxes_paid": "960",
        "export_value": "4300",
        "output_value": "27500",
    }
    row.update(changes)
    return row


def small_row(**changes: str) -> dict[str, str]:
    """Only what a row needs: credit code and name."""
    return {"uscc": CODE, "name": "四会市示例电缆有限公司", **changes}


def record_of(raw: dict[str, str]) -> EnterpriseRecord:
    result = validate_row(2, raw, REFS)
    assert result.errors == ()
    assert result.record is not None
    return result.record


def problems(raw: dict[str, str], line: int = 2) -> list[tuple[str, str, str]]:
    """(column, value, reason) of each error; every error names the line."""
    result = validate_row(line, raw, REFS)
    assert result.record is None
    assert result.errors
    assert all(error.line == line for error in result.errors)
    return [(error.column, error.value, error.reason) for error in result.errors]


# --- the whole row ----------------------------------------------------------------------


def test_a_complete_row_becomes_a_typed_record() -> None:
    record = record_of(full_row())
    assert record == EnterpriseRecord(
        uscc=CODE,
        name="四会市示例电缆有限公司",
        name_en="Sihui Example Cable Co., Ltd.",
        region_code="441284",
        address="广东省肇庆市四会市示例大道1号",
        industry_code="3831",
        founded_on=datetime.date(2016, 5, 18),
        registered_capital=Decimal(5000),
        ownership=Ownership.FOREIGN_INVESTED,
        foreign_country="DE",
        high_tech_cert_no="GR202344001234",
        high_tech_issued_on=datetime.date(2023, 12, 28),
        high_tech_expires_on=datetime.date(2026, 12, 27),
        specialised_new_on=datetime.date(2024, 6, 30),
        little_giant_on=datetime.date(2025, 1, 15),
        listed_on=datetime.date(2021, 11, 15),
        year=2024,
        revenue=Decimal("26800.50"),
        rd_expenditure=Decimal(1150),
        employees=320,
        taxes_paid=Decimal(960),
        export_value=Decimal(4300),
        output_value=Decimal(27500),
    )


def test_empty_optional_columns_are_left_empty() -> None:
    record = record_of(dict.fromkeys(COLUMN_KEYS, "") | small_row())
    assert record == EnterpriseRecord(uscc=CODE, name="四会市示例电缆有限公司")


def test_values_are_stripped_of_surrounding_spaces() -> None:
    record = record_of(small_row(name="  四会市示例电缆有限公司\u3000", year=" 2024 "))
    assert (record.name, record.year) == ("四会市示例电缆有限公司", 2024)


def test_columns_that_are_not_enterprise_fields_are_ignored() -> None:
    assert record_of(small_row(remark="call back in May")).name == "四会市示例电缆有限公司"


def test_a_row_with_several_problems_reports_each_and_gives_no_record() -> None:
    raw = full_row(uscc="91441284MA51C8XY2H", revenue="-1", year="2031", region_code="999999")
    assert problems(raw, line=7) == [
        ("uscc", "91441284MA51C8XY2H", "check character should be G"),
        ("region_code", "999999", "unknown region code"),
        ("year", "2031", "year is in the future"),
        ("revenue", "-1", "must not be negative"),
    ]


def test_reasons_can_be_given_in_another_language() -> None:
    chinese = dict(REASONS, negative="不能为负数")
    refs = References(REFS.region_codes, REFS.division_codes, today=TODAY, reasons=chinese)
    result = validate_row(2, small_row(registered_capital="-5"), refs)
    assert result.errors == (RowError(2, "registered_capital", "-5", "不能为负数"),)


# --- the credit code, with python-stdnum's own examples ---------------------------------


def test_stdnum_valid_example_passes() -> None:
    assert record_of(small_row(uscc="91110000600037341L")).uscc == "91110000600037341L"


def test_stdnum_format_example_is_normalised() -> None:
    assert record_of(small_row(uscc="9 1 110000 600037341L")).uscc == "91110000600037341L"


def test_stdnum_example_with_a_letter_first_is_refused() -> None:
    assert problems(small_row(uscc="A1110000600037341L")) == [
        (
            "uscc",
            "A1110000600037341L",
            "character 1 (A) must be a digit: a code starts with 8 digits",
        )
    ]


def test_stdnum_example_of_wrong_length_is_refused() -> None:
    assert problems(small_row(uscc="12345")) == [("uscc", "12345", "must be 18 characters, got 5")]


def test_wrong_check_character_names_the_right_one() -> None:
    assert problems(small_row(uscc="91110000600037341M")) == [
        ("uscc", "91110000600037341M", "check character should be L")
    ]


def test_too_long_code_is_refused() -> None:
    assert problems(small_row(uscc=CODE + "0")) == [
        ("uscc", CODE + "0", "must be 18 characters, got 19")
    ]


@pytest.mark.parametrize("letter", ["I", "O", "Z", "S", "V"])
def test_letters_outside_the_alphabet_are_named(letter: str) -> None:
    code = "91441284M" + letter + "51C8XY2G"
    assert problems(small_row(uscc=code)) == [
        (
            "uscc",
            code,
            f"character 10 ({letter}) is not allowed: "
            "a code has digits and capital letters except I, O, Z, S and V",
        )
    ]


def test_lower_case_and_full_width_codes_are_normalised() -> None:
    assert record_of(small_row(uscc=CODE.lower())).uscc == CODE
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in CODE)
    assert record_of(small_row(uscc=full_width)).uscc == CODE


def test_credit_code_is_required() -> None:
    assert problems({"name": "四会市示例电缆有限公司"}) == [("uscc", "", "is required")]


@given(
    st.one_of(
        st.text(alphabet=ALPHABET + "IOZSVa -", min_size=16, max_size=20),
        st.text(alphabet=ALPHABET, min_size=17, max_size=17).map(
            lambda body: body + stdnum_uscc.calc_check_digit(body)
        ),
    )
)
def test_a_code_is_accepted_exactly_when_stdnum_accepts_it(code: str) -> None:
    result = validate_row(2, small_row(uscc=code), REFS)
    assert (result.record is not None) == stdnum_uscc.is_valid(code.strip())


# --- names and text ---------------------------------------------------------------------


def test_name_is_required() -> None:
    assert problems({"uscc": CODE, "name": "  "}) == [("name", "", "is required")]


def test_name_longer_than_200_characters_is_refused() -> None:
    name = "示" * 201
    assert problems(small_row(name=name)) == [
        ("name", name, "must be at most 200 characters, got 201")
    ]


def test_control_characters_in_text_are_refused() -> None:
    assert problems(small_row(address="示例路\x001号")) == [
        ("address", "示例路\x001号", "must not contain control characters")
    ]


# --- region and industry ----------------------------------------------------------------


def test_unknown_region_code_is_refused() -> None:
    assert problems(small_row(region_code="441299")) == [
        ("region_code", "441299", "unknown region code")
    ]


def test_region_code_of_five_digits_is_refused() -> None:
    assert problems(small_row(region_code="44128")) == [
        ("region_code", "44128", "must be 6 digits")
    ]


def test_empty_region_is_found_in_the_address() -> None:
    record = record_of(small_row(address="广东省肇庆市四会市东城街道示例路8号"))
    assert record.region_code == "441284"


REFUSING_REFS = replace(REFS, values=ValueSettings(region_missing_refused=True))
TAKEN = "no region given, and the address names no place in the region served: imported "
TAKEN += "without a region, for an officer to complete"
REFUSED = "no region given, and the address names no place in the region served: refused, "
REFUSED += "because the site settings require a region"


def test_empty_region_not_found_in_the_address_is_taken_without_one_and_noted() -> None:
    result = validate_row(2, small_row(address="示例路8号"), REFS)
    assert result.record is not None
    assert result.record.region_code == ""
    assert result.notes == (RowError(2, "region_code", "", TAKEN),)


def test_empty_region_not_found_in_the_address_is_refused_when_the_site_says_so() -> None:
    result = validate_row(2, small_row(address="示例路8号"), REFUSING_REFS)
    assert result.record is None
    assert result.errors == (RowError(2, "region_code", "", REFUSED),)


def test_region_found_in_the_address_must_be_one_an_enterprise_may_carry() -> None:
    result = validate_row(2, small_row(address="广东省肇庆市"), REFUSING_REFS)
    assert result.errors == (RowError(2, "region_code", "", REFUSED),)


def test_region_may_be_left_out_when_there_is_no_address() -> None:
    assert record_of(small_row()).region_code == ""


def test_industry_in_a_division_that_does_not_exist_is_refused() -> None:
    assert problems(small_row(industry_code="9801")) == [
        ("industry_code", "9801", "no such industry division 98")
    ]


@pytest.mark.parametrize("code", ["383", "38311", "C383", "38a1"])
def test_industry_code_must_be_4_digits(code: str) -> None:
    assert problems(small_row(industry_code=code)) == [("industry_code", code, "must be 4 digits")]


# --- dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2016-05-18",
        "2016/05/18",
        "2016/5/18",
        "2016.5.18",
        "2016年5月18日",
        "2016-05-18 00:00:00",
        "20160518",
        "42508",  # Excel's day number
        "２０１６－０５－１８",
    ],
)
def test_dates_are_read_in_the_forms_spreadsheets_write(text: str) -> None:
    assert record_of(small_row(founded_on=text)).founded_on == datetime.date(2016, 5, 18)


def test_a_date_in_the_future_is_refused() -> None:
    assert problems(small_row(founded_on="2025-07-01")) == [
        ("founded_on", "2025-07-01", "must not be in the future")
    ]


def test_a_certificate_may_expire_in_the_future() -> None:
    raw = small_row(high_tech_issued_on="2024-12-01", high_tech_expires_on="2027-11-30")
    assert record_of(raw).high_tech_expires_on == datetime.date(2027, 11, 30)


def test_a_certificate_must_expire_after_it_was_issued() -> None:
    raw = small_row(high_tech_issued_on="2024-12-01", high_tech_expires_on="2024/12/1")
    assert problems(raw) == [
        ("high_tech_expires_on", "2024-12-01", "must be after the issue date 2024-12-01")
    ]


def test_a_day_that_is_not_in_the_calendar_is_refused() -> None:
    assert problems(small_row(listed_on="2023-02-30")) == [
        ("listed_on", "2023-02-30", "is not a date in the calendar")
    ]


def test_text_that_is_no_date_is_refused() -> None:
    assert problems(small_row(listed_on="last spring")) == [
        ("listed_on", "last spring", "must be a date such as 2024-03-31")
    ]


# --- money and counts -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("26800", Decimal(26800)),
        ("26800.5", Decimal("26800.5")),
        ("1,234.5", Decimal("1234.5")),
        ("１２３４．５", Decimal("1234.5")),
        ("1.5E+3", Decimal(1500)),
        ("0", Decimal(0)),
        ("-0", Decimal(0)),
        ("12.345", Decimal("12.35")),  # the registry keeps two places
    ],
)
def test_money_is_read_as_a_decimal(text: str, amount: Decimal) -> None:
    revenue = record_of(small_row(year="2024", revenue=text)).revenue
    assert revenue == amount
    assert str(revenue) == str(amount)


def test_negative_money_is_refused() -> None:
    assert problems(small_row(year="2024", revenue="-1,200")) == [
        ("revenue", "-1,200", "must not be negative")
    ]


@pytest.mark.parametrize("text", ["abc", "NaN", "Infinity", "1,23", "1_000", "1,23万元"])
def test_text_that_is_no_number_is_refused(text: str) -> None:
    assert problems(small_row(registered_capital=text)) == [
        ("registered_capital", text, "must be a number")
    ]


def test_figures_with_a_unit_are_refused_only_capital_takes_units() -> None:
    assert problems(small_row(year="2024", revenue="12 万")) == [
        ("revenue", "12 万", "must be a number")
    ]


def test_money_too_large_for_the_registry_is_refused() -> None:
    assert problems(small_row(registered_capital="100000000000000")) == [
        ("registered_capital", "100000000000000", "must be less than 100,000,000,000,000")
    ]


def test_employees_are_a_whole_number() -> None:
    assert record_of(small_row(year="2024", employees="1,200")).employees == 1200
    assert problems(small_row(year="2024", employees="12.5")) == [
        ("employees", "12.5", "must be a whole number")
    ]


def test_negative_employees_are_refused() -> None:
    assert problems(small_row(year="2024", employees="-3")) == [
        ("employees", "-3", "must not be negative")
    ]


# --- the year of the figures ------------------------------------------------------------


def test_a_year_in_the_future_is_refused() -> None:
    assert problems(small_row(year="2026")) == [("year", "2026", "year is in the future")]


def test_a_year_before_1949_is_refused() -> None:
    assert problems(small_row(year="1948")) == [("year", "1948", "must be 1949 or later")]


@pytest.mark.parametrize("text", ["２０２４", "2024年"])
def test_a_year_may_be_full_width_or_end_in_nian(text: str) -> None:
    assert record_of(small_row(year=text)).year == 2024


def test_a_year_of_two_digits_is_refused() -> None:
    assert problems(small_row(year="24")) == [("year", "24", "must be a year of 4 digits")]


def test_figures_need_a_year() -> None:
    assert problems(small_row(revenue="26800")) == [("year", "", "figures need a year")]


def test_refused_figures_without_a_year_also_need_one() -> None:
    assert problems(small_row(revenue="-5")) == [
        ("revenue", "-5", "must not be negative"),
        ("year", "", "figures need a year"),
    ]


# --- ownership and the investing country ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "ownership"),
    [
        ("domestic_private", Ownership.DOMESTIC_PRIVATE),
        ("Domestic Private", Ownership.DOMESTIC_PRIVATE),
        ("民营", Ownership.DOMESTIC_PRIVATE),
        ("国有", Ownership.STATE_OWNED),
        ("STATE-OWNED", Ownership.STATE_OWNED),
        ("港澳台投资", Ownership.HMT_INVESTED),
        ("港澳台", Ownership.HMT_INVESTED),
        ("外资", Ownership.FOREIGN_INVESTED),
    ],
)
def test_ownership_in_english_or_chinese(text: str, ownership: Ownership) -> None:
    raw = small_row(ownership=text, foreign_country="DE")
    assert record_of(raw).ownership is ownership


def test_unknown_ownership_is_refused() -> None:
    [(column, value, reason)] = problems(small_row(ownership="collective"))
    assert (column, value) == ("ownership", "collective")
    assert reason.startswith("must be one of 民营, 国有, 港澳台投资, 外商投资")


def test_a_foreign_invested_enterprise_names_its_investing_country() -> None:
    assert problems(small_row(ownership="外商投资")) == [
        ("foreign_country", "", "name the investing country (a two-letter code such as DE)")
    ]


def test_the_investing_country_is_an_iso_code_in_upper_case() -> None:
    assert record_of(small_row(ownership="外商投资", foreign_country="sg")).foreign_country == "SG"
    assert problems(small_row(foreign_country="Germany")) == [
        ("foreign_country", "Germany", "must be a two-letter ISO 3166 country code such as DE")
    ]


def test_values_under_no_column_name_are_refused() -> None:
    assert problems(small_row(**{"": "Co., Ltd."})) == [
        ("", "Co., Ltd.", "the row has values under no column name")
    ]


# --- anything at all --------------------------------------------------------------------


@given(st.dictionaries(st.sampled_from([*COLUMN_KEYS, "", "remark"]), st.text(max_size=30)))
def test_any_text_gives_a_result_and_never_an_exception(raw: dict[str, str]) -> None:
    result = validate_row(5, raw, REFS)
    assert isinstance(result, RowResult)
    assert (result.record is None) == bool(result.errors)
    assert all(error.line == 5 and error.reason for error in result.errors)


@given(st.fixed_dictionaries({key: st.text(max_size=20) for key in COLUMN_KEYS}))
def test_any_text_in_every_column_gives_a_result(raw: dict[str, str]) -> None:
    result = validate_row(5, raw, REFS)
    assert (result.record is None) == bool(result.errors)
