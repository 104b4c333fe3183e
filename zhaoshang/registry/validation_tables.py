"""What row validation checks against and what it says: the reason templates (``REASONS``,
English, marked for translation), the lengths, places and limits of values as the registry's
tables store them, the words taken for each ownership, and the ISO 3166 country codes. No
Django here; the checks are in ``validation``.
"""

from __future__ import annotations

from decimal import Decimal

from zhaoshang.registry.schema import Ownership, gettext_noop

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
    "region_not_in_address": gettext_noop("region missing and not found in the address"),
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
MAX_LENGTHS = {"name": 200, "name_en": 200, "address": 300, "high_tech_cert_no": 40}
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
