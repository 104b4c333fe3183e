"""What row validation checks against and what it says: the reason templates (``REASONS``,
English, marked for translation), the lengths, places and limits of values as the registry's
tables store them, the words taken for each ownership, and the ISO 3166 country codes. No
Django here; the checks are in ``validation``.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from zhaoshang.registry.domain.schema import Ownership, gettext_noop

REASONS: dict[str, str] = {
    "required": gettext_noop("is required"),
    "too_long": gettext_noop("must be at most {limit} characters, got {length}"),
    "control_characters": gettext_noop("must not contain control characters"),
    "uscc_length": gettext_noop("must be 18 characters, got {length}"),
    "uscc_digit": gettext_noop(
        "character {position} ({char}) must be a digit: a code starts with 8 digits"
    ),
    "uscc_alphabet": gettext_noop(
        "character {position} ({char}) is not allowed: a code has digits and capital letters "
        "except I, O, Z, S and V"
    ),
    "uscc_check": gettext_noop("check character should be {expected}"),
    "uscc_format": gettext_noop("is not a valid credit code"),
    "uscc_also_on": gettext_noop("the same credit code is also on line {other}"),
    "region_format": gettext_noop("must be 6 digits"),
    "region_unknown": gettext_noop("unknown region code"),
    "region_missing_taken": gettext_noop(
        "no region given, and the address names no place in the region served: imported "
        "without a region, for an officer to complete"
    ),
    "region_missing_refused": gettext_noop(
        "no region given, and the address names no place in the region served: refused, "
        "because the site settings require a region"
    ),
    "industry_unknown": gettext_noop(
        "names no GB/T 4754 industry unambiguously: imported without an industry, for an "
        "officer to choose"
    ),
    "industry_section_only": gettext_noop(
        "names only the section {section} of GB/T 4754, not a division: imported without an "
        "industry, for an officer to choose"
    ),
    "industry_conflict": gettext_noop(
        "the code {code} and the name give different industries: imported without an "
        "industry, for an officer to choose"
    ),
    "spreadsheet_error": gettext_noop("is {value}, a spreadsheet error, not a value"),
    "placeholder": gettext_noop("is {value}, which stands for no value, but a value is required"),
    "date_needs_day": gettext_noop(
        "gives the month {month} but no day: a date needs the day too, such as 2019-03-05"
    ),
    "capital_currency_unknown": gettext_noop(
        "“{currency}” is not a currency this import knows: write the amount in 万元, or with "
        "a currency such as 万美元 or 万港元"
    ),
    "capital_rate_missing": gettext_noop(
        "there is no exchange rate for {currency}; an administrator records currency rates"
    ),
    "industry_format": gettext_noop("must be 4 digits"),
    "industry_division": gettext_noop("no such industry division {division}"),
    "date_format": gettext_noop("must be a date such as 2024-03-31"),
    "date_invalid": gettext_noop("is not a date in the calendar"),
    "date_future": gettext_noop("must not be in the future"),
    "date_not_after_issue": gettext_noop("must be after the issue date {issued}"),
    "number_format": gettext_noop("must be a number"),
    "integer_format": gettext_noop("must be a whole number"),
    "negative": gettext_noop("must not be negative"),
    "too_large": gettext_noop("must be less than {limit}"),
    "year_format": gettext_noop("must be a year of 4 digits"),
    "year_future": gettext_noop("year is in the future"),
    "year_too_early": gettext_noop("must be {earliest} or later"),
    "figures_need_year": gettext_noop("figures need a year"),
    "ownership_unknown": gettext_noop(
        "must be one of 民营, 国有, 港澳台投资, 外商投资 "
        "(or domestic_private, state_owned, hmt_invested, foreign_invested)"
    ),
    "country_format": gettext_noop("must be a two-letter ISO 3166 country code such as DE"),
    "country_required": gettext_noop("name the investing country (a two-letter code such as DE)"),
    "extra_values": gettext_noop("the row has values under no column name"),
    "encoding_line": gettext_noop(
        "the line is not {encoding} text like the rest of the file; save the file as CSV (UTF-8)"
    ),
}

# Lengths, digits and places as the registry's tables store them.
MAX_LENGTHS = {
    "name": 200,
    "name_en": 200,
    "address": 300,
    "high_tech_cert_no": 40,
    "registered_capital_text": 100,
    "business_scope": 4000,
    "main_products": 1000,
}
MULTI_LINE_KEYS = frozenset({"business_scope", "main_products"})  # may hold line breaks
MONEY_PLACES = 2  # more places are rounded half up; the database keeps two
MONEY_LIMIT = Decimal(10) ** 14  # 16 digits, 2 of them after the point
EMPLOYEES_LIMIT = 2**31  # the database's integer
EARLIEST_YEAR = 1949
EXTRA_KEY = ""  # where a reader puts values that stand under no column name
# Where a reader says that a line is not text in the file's encoding (the value names the
# encoding expected): the row is refused for that alone.
ENCODING_KEY = "\x00encoding"

OWNERSHIP_WORDS: dict[str, Ownership] = {
    **{o.value: o for o in Ownership},
    "民营": Ownership.DOMESTIC_PRIVATE,
    "民营企业": Ownership.DOMESTIC_PRIVATE,
    "私营": Ownership.DOMESTIC_PRIVATE,
    "私营企业": Ownership.DOMESTIC_PRIVATE,
    "国有": Ownership.STATE_OWNED,
    "国有企业": Ownership.STATE_OWNED,
    "国企": Ownership.STATE_OWNED,
    "港澳台投资": Ownership.HMT_INVESTED,
    "港澳台": Ownership.HMT_INVESTED,
    "港澳台投资企业": Ownership.HMT_INVESTED,
    "港澳台商投资": Ownership.HMT_INVESTED,
    "外商投资": Ownership.FOREIGN_INVESTED,
    "外资": Ownership.FOREIGN_INVESTED,
    "外商投资企业": Ownership.FOREIGN_INVESTED,
    "外资企业": Ownership.FOREIGN_INVESTED,
}

# ISO 3166-1 alpha-2, the officially assigned codes.
_COUNTRY_CODES_TEXT = """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW
"""
COUNTRY_CODES = frozenset(_COUNTRY_CODES_TEXT.split())

# What spreadsheets write where a formula failed, and what registries write for "nothing":
# read as an empty value (with its own reason where a value is required).
SPREADSHEET_ERRORS = frozenset(
    {"#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}
)
PLACEHOLDERS = SPREADSHEET_ERRORS | frozenset(
    {"-", "--", "---", "—", "——", "–", "－", "/", "／", "\\", "无", "暂无", "N/A", "n/a", "N/a"}
    | {"null", "NULL", "Null", "none", "None", "NONE", "空", "未知"}
)

# The currencies capital is written in, by the words registries use (after NFKC folding
# and without spaces); an ISO 4217 code in capitals names itself.
_CURRENCY_WORDS = {
    "CNY": ("元", "人民币", "人民币元", "元人民币", "RMB", "CNY", "¥"),
    "USD": ("美元", "美金", "USD", "US$", "$"),
    "HKD": ("港元", "港币", "HKD", "HK$"),
    "MOP": ("澳门元", "澳门币", "MOP"),
    "TWD": ("新台币", "新台币元", "台币", "TWD", "NT$"),
    "EUR": ("欧元", "EUR", "€"),
    "GBP": ("英镑", "GBP", "£"),
    "JPY": ("日元", "JPY"),
    "KRW": ("韩元", "KRW"),
    "SGD": ("新加坡元", "SGD"),
    "AUD": ("澳大利亚元", "澳元", "AUD"),
    "CAD": ("加拿大元", "加元", "CAD"),
    "CHF": ("瑞士法郎", "CHF"),
}
CURRENCY_OF_UNIT = {word: code for code, words in _CURRENCY_WORDS.items() for word in words}
CURRENCY_OF_UNIT[""] = "CNY"  # 15万: yuan


def currency_of_unit(unit: str) -> str | None:
    """The ISO 4217 code a capital's unit names (美元 -> USD, 元人民币 -> CNY), or None."""
    found = CURRENCY_OF_UNIT.get(unit) or CURRENCY_OF_UNIT.get(unit.upper())
    if found is None and len(unit) == 3 and unit.isascii() and unit.isalpha():
        return unit.upper()
    return found


_NOT_IN_INDUSTRY_NAMES = str.maketrans("", "", " \t、，,()（）")


def industry_name_key(name: str) -> str:
    """An industry name as compared: full-width forms folded, spaces, commas and brackets
    dropped (计算机、通信和其他电子设备制造业 == 计算机通信和其他电子设备制造业)."""
    return unicodedata.normalize("NFKC", name).translate(_NOT_IN_INDUSTRY_NAMES).casefold()
