"""Validating one row of an enterprise file into an ``EnterpriseRecord``. No Django here.

``validate_row`` checks one row on its own (the importer finds credit codes given twice in
one file). A row with any problem gives no record at all, so
that a row is never written in part. Reasons are English sentences built from the templates
in ``REASONS`` (``validation_tables``, with the limits, ownership words and country codes
the checks use); a caller that wants them translated passes its own templates in
``References.reasons`` (same keys and placeholders).

Validation must stay cheap (an import of a million rows validates every one of them), so the
common case of each field takes a short path and only refused values take the longer one.

Values are taken as Chinese registries write them: capital with units and currencies
(1,000万美元, converted to 万元 at the rates in ``ValueSettings``), dates as 2019年3月5日 or
20190305, placeholders (-, 无, #N/A) as empty, the industry as its name. A row whose region
or industry cannot be found is still taken, without it, with a note (``RowResult.notes``)
for an officer; refusing a row without a region is the administrator's choice.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from stdnum.cn import uscc as stdnum_uscc
from stdnum.exceptions import InvalidChecksum, InvalidLength, ValidationError

from zhaoshang.core.spreadsheets import FORMULA_START
from zhaoshang.core.text import MULTI_LINE_REFUSED, SINGLE_LINE_REFUSED
from zhaoshang.registry.domain.schema import FIGURE_KEYS, EnterpriseRecord, Ownership, RowError
from zhaoshang.registry.domain.validation_tables import (
    COUNTRY_CODES,
    EARLIEST_YEAR,
    EMPLOYEES_LIMIT,
    ENCODING_KEY,
    EXTRA_KEY,
    MAX_LENGTHS,
    MONEY_LIMIT,
    MONEY_PLACES,
    MULTI_LINE_KEYS,
    OWNERSHIP_WORDS,
    PLACEHOLDERS,
    REASONS,
    SPREADSHEET_ERRORS,
    currency_of_unit,
    industry_name_key,
)


@dataclass(frozen=True)
class ValueSettings:
    """What reading values takes from the database and the site settings, loaded once before
    an import (validation may run in a child process that makes no queries)."""

    currency_rates: Mapping[str, Decimal] = field(default_factory=dict)  # yuan per unit, by ISO
    # GB/T 4754 names (see ``industry_name_key``) -> a division code ("39") or a section ("C")
    industry_names: Mapping[str, str] = field(default_factory=dict)
    region_missing_refused: bool = False  # else the row is taken without a region, noted


@dataclass(frozen=True)
class References:
    """What rows are checked against: the reference tables and the date of today."""

    region_codes: frozenset[str]  # codes an enterprise may carry
    division_codes: frozenset[str]  # "01".."97"
    region_from_address: Callable[[str], str | None] | None = None  # when region_code is empty
    today: datetime.date = field(default_factory=datetime.date.today)
    reasons: Mapping[str, str] = field(default_factory=lambda: REASONS)
    values: ValueSettings = field(default_factory=ValueSettings)


@dataclass(frozen=True, slots=True)
class RowResult:
    """The outcome for one line: a record and no errors, or no record and its errors.
    ``notes`` say what a taken row is missing for an officer to complete (its region, its
    industry); they never refuse it."""

    line: int
    record: EnterpriseRecord | None
    errors: tuple[RowError, ...]
    notes: tuple[RowError, ...] = ()


class _Refused(Exception):
    """One value refused: the key of its reason in REASONS and the reason's parameters."""

    left = False

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = params


class _Left(_Refused):
    """One value left empty, the row taken: a note for an officer, not a refusal."""

    left = True


_REQUIRED = frozenset({"uscc", "name"})


def validate_row(line: int, raw: Mapping[str, str], refs: References) -> RowResult:
    """Check one row given as {column key: text}; missing keys count as empty values."""
    return _check(line, raw, refs)[0]


def _check(line: int, raw: Mapping[str, str], refs: References) -> tuple[RowResult, str]:
    """The row's result and its normalised credit code ("" when the code itself is wrong)."""
    encoding = raw.get(ENCODING_KEY)
    if encoding:
        reason = refs.reasons["encoding_line"].format(encoding=encoding)
        return RowResult(line, None, (RowError(line, "", raw.get("uscc", ""), reason),)), ""
    values: dict[str, Any] = {}
    refused: list[tuple[str, str, _Refused]] = []
    notes: list[tuple[str, str, _Refused]] = []
    parser_of = _PARSERS.get
    for key, given in raw.items():
        if given and (parser := parser_of(key)) and (text := given.strip()):
            if text[0] == "'" and text[1:2] in FORMULA_START:
                text = text[1:]  # the apostrophe our exports put before a formula-like text
            try:
                values[key] = parser(text, refs)
            except _Refused as problem:
                # Parsers refuse placeholders (-, 无, #N/A) on their slow path: they are empty.
                if text in PLACEHOLDERS:
                    if key in _REQUIRED:
                        why = "spreadsheet_error" if text in SPREADSHEET_ERRORS else "placeholder"
                        refused.append((key, text, _Refused(why, value=text)))
                elif problem.left:
                    notes.append((key, text, problem))
                else:
                    refused.append((key, text, problem))
    capital = values.get("registered_capital")
    if isinstance(capital, tuple):  # converted from units: the amount and the text as given
        values["registered_capital"], values["registered_capital_text"] = capital

    # What depends on more than one value, or on a value being absent.
    refused_keys = frozenset(key for key, _, _ in refused) if refused else _NOTHING
    for key in ("uscc", "name"):
        if key not in values and key not in refused_keys:
            refused.append((key, "", _Refused("required")))
    if "region_code" not in values and "region_code" not in refused_keys:
        address = values.get("address")
        found = (
            refs.region_from_address(address)
            if address is not None and refs.region_from_address is not None
            else None
        )
        if found and found in refs.region_codes:
            values["region_code"] = found
        elif refs.values.region_missing_refused:
            refused.append(("region_code", "", _Refused("region_missing_refused")))
        else:
            notes.append(("region_code", "", _Left("region_missing_taken")))
    expires = values.get("high_tech_expires_on")
    if expires is not None:
        issued = values.get("high_tech_issued_on")
        if issued is not None and expires <= issued:
            not_after = _Refused("date_not_after_issue", issued=issued.isoformat())
            refused.append(("high_tech_expires_on", expires.isoformat(), not_after))
    if (
        "year" not in values
        and "year" not in refused_keys
        and not (values.keys().isdisjoint(FIGURE_KEYS) and refused_keys.isdisjoint(FIGURE_KEYS))
    ):
        refused.append(("year", "", _Refused("figures_need_year")))
    if (
        values.get("ownership") is Ownership.FOREIGN_INVESTED
        and "foreign_country" not in values
        and "foreign_country" not in refused_keys
    ):
        refused.append(("foreign_country", "", _Refused("country_required")))

    code = values.get("uscc", "")
    reasons = refs.reasons
    if refused:
        errors = tuple(
            RowError(line, column, value, reasons[p.reason].format(**p.params))
            for column, value, p in refused
        )
        return RowResult(line, None, errors), code
    if notes:
        noted = tuple(
            RowError(line, column, value, reasons[p.reason].format(**p.params))
            for column, value, p in notes
        )
        return RowResult(line, EnterpriseRecord(**values), (), noted), code
    return RowResult(line, EnterpriseRecord(**values), ()), code


_NOTHING: frozenset[str] = frozenset()


# --- fields: each parser takes the stripped, non-empty text and the references, and
# returns the value or raises _Refused ----------------------------------------------------

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100-2015, as python-stdnum has it
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# The weighted sum of characters 1-16 two at a time: for each pair of positions, every pair
# of characters of the alphabet and its share of the sum (8 x 961 entries).
_PAIRS = tuple(
    {
        a + b: _ALPHABET.index(a) * _WEIGHTS[i] + _ALPHABET.index(b) * _WEIGHTS[i + 1]
        for a in _ALPHABET
        for b in _ALPHABET
    }
    for i in range(0, 16, 2)
)
_LAST = {c: _ALPHABET.index(c) * _WEIGHTS[16] for c in _ALPHABET}
_CONTROL = SINGLE_LINE_REFUSED  # the rule every service follows (core.text)


def _ascii(text: str) -> str:
    """Full-width digits, letters and signs as their ASCII forms."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def _uscc(text: str, refs: References) -> str:
    """The normalised code. A valid code takes a short path (the same test as
    python-stdnum's); anything else is judged by python-stdnum, whose exception becomes
    the reason."""
    code = text.upper() if text.isascii() else _ascii(text).upper()
    if len(code) == 18 and code[:8].isdigit():
        p0, p1, p2, p3, p4, p5, p6, p7 = _PAIRS
        try:
            total = (
                p0[code[0:2]]
                + p1[code[2:4]]
                + p2[code[4:6]]
                + p3[code[6:8]]
                + p4[code[8:10]]
                + p5[code[10:12]]
                + p6[code[12:14]]
                + p7[code[14:16]]
                + _LAST[code[16]]
            )
        except KeyError:
            pass
        else:
            if _ALPHABET[-total % 31] == code[17]:
                return code
    try:
        return str(stdnum_uscc.validate(code))
    except InvalidLength:
        raise _Refused("uscc_length", length=len(stdnum_uscc.compact(code))) from None
    except InvalidChecksum:
        code = stdnum_uscc.compact(code)
        expected = stdnum_uscc.calc_check_digit(code[:17])
        raise _Refused("uscc_check", expected=expected) from None
    except ValidationError:
        code = stdnum_uscc.compact(code)
        for position, char in enumerate(code, start=1):
            if position <= 8 and not ("0" <= char <= "9"):
                raise _Refused("uscc_digit", position=position, char=char) from None
            if char not in _ALPHABET:
                raise _Refused("uscc_alphabet", position=position, char=char) from None
        raise _Refused("uscc_format") from None


def _text_of(key: str) -> Callable[[str, References], str]:
    limit = MAX_LENGTHS[key]
    control = MULTI_LINE_REFUSED if key in MULTI_LINE_KEYS else _CONTROL

    def parse(text: str, refs: References) -> str:
        if len(text) > limit:
            raise _Refused("too_long", limit=limit, length=len(text))
        if not text.isprintable() and control.search(text):
            raise _Refused("control_characters")
        if len(text) < 14 and text in PLACEHOLDERS:
            raise _Refused("placeholder", value=text)  # read as empty (see _check)
        return text

    return parse


def _region(text: str, refs: References) -> str:
    code = _ascii(text)
    if code in refs.region_codes:
        return code
    if len(code) != 6 or not code.isdigit():
        raise _Refused("region_format")
    raise _Refused("region_unknown")


# An industry as text: an optional section letter, an optional division or class code, and
# an optional name (C39计算机、通信和其他电子设备制造业, 软件和信息技术服务业).
_INDUSTRY_TEXT = re.compile(r"([A-Ta-t](?![A-Za-z]))?\s*(\d{2}|\d{4})?(?!\d)\s*(.*)", re.DOTALL)


def _industry(text: str, refs: References) -> str:
    if len(text) == 4 and text.isdigit() and text[:2] in refs.division_codes:
        return text  # the divisions' codes are ASCII digits, so this one is too
    code = _ascii(text)
    if code.isascii() and code.isdigit():
        if len(code) == 2 and code in refs.division_codes:
            return code  # a division without its class
        if len(code) != 4:
            raise _Refused("industry_format")
        raise _Refused("industry_division", division=code[:2])
    match = _INDUSTRY_TEXT.fullmatch(code)
    if match is None or code in PLACEHOLDERS:
        raise _Refused("industry_format")
    letter, digits, name = match.groups()
    if code.isascii() and (name or not letter):  # a code, and not one (GB/T 4754's names
        raise _Refused("industry_format")  # are Chinese): C39 and C3911 pass, C383 not
    named = refs.values.industry_names.get(industry_name_key(name)) if name else None
    if digits and digits[:2] in refs.division_codes:
        if named is not None and named != digits[:2]:
            raise _Left("industry_conflict", code=(letter or "").upper() + digits)
        return digits
    if named is not None and named.isdigit():
        return named
    section = named or (letter.upper() if letter and not digits else None)
    if section is not None:
        raise _Left("industry_section_only", section=section)
    raise _Left("industry_unknown")


# 2024-03-31, 2024/3/31, 2024.3.31, 2024年3月31日, each with an optional time of day as
# spreadsheets write it (2024-03-31 00:00:00); 20240331; and Excel's day numbers (45382, or
# 45382.0 as a reader may hand a number over).
_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d*)?)?)?|(\d{4})(\d{2})(\d{2})|(\d{5})(?:\.0*)?",
    re.ASCII,
)
# A month without its day: 2019年3月, 2019-03, 2019.3, 201903.
_MONTH = re.compile(r"(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*月?|(\d{2}))", re.ASCII)
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def _date(text: str, refs: References) -> datetime.date:
    """A date that may lie in the future (a certificate's expiry)."""
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            pass
    match = _DATE.fullmatch(_ascii(text))
    if match is None:
        only = _MONTH.fullmatch(_ascii(text))
        if only is not None and 1 <= int(only.group(2) or only.group(3)) <= 12:
            number = int(only.group(2) or only.group(3))
            raise _Refused("date_needs_day", month=f"{only.group(1)}-{number:02d}")
        raise _Refused("date_format")
    year, month, day, year8, month8, day8, serial = match.groups()
    if serial is not None:
        return _EXCEL_EPOCH + datetime.timedelta(days=int(serial))
    try:
        if year8 is not None:
            return datetime.date(int(year8), int(month8), int(day8))
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise _Refused("date_invalid") from None


def _past_date(text: str, refs: References) -> datetime.date:
    """A date of something that has happened: today at the latest."""
    try:
        day = datetime.date.fromisoformat(text) if len(text) == 10 else _date(text, refs)
    except ValueError:
        day = _date(text, refs)
    if day > refs.today:
        raise _Refused("date_future")
    return day


_PLAIN_MONEY = re.compile(r"\d{1,14}(?:\.\d{1,2})?", re.ASCII)
_GROUPED = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d*)?", re.ASCII)
_CENT = Decimal(1).scaleb(-MONEY_PLACES)


def _money(text: str, refs: References) -> Decimal:
    if (text.isdigit() and text.isascii() and len(text) <= 14) or _PLAIN_MONEY.fullmatch(text):
        return Decimal(text)
    number = _number(text, MONEY_LIMIT)
    exponent = int(number.as_tuple().exponent)
    if exponent < -MONEY_PLACES:
        number = number.quantize(_CENT, rounding=ROUND_HALF_UP)
        if number >= MONEY_LIMIT:
            raise _Refused("too_large", limit=f"{MONEY_LIMIT:,}")
    elif exponent > 0:  # 1.5E+3
        number = number.quantize(Decimal(1))
    return number


# Capital as registries write it: 15万元人民币, 人民币15万元, 1,000万美元, 300万港元, 5000000元.
_CAPITAL = re.compile(r"(\D*?)(\d[\d,]*(?:\.\d+)?)(亿|万|千)?(\D*)")
_SCALE = {"亿": Decimal(10_000), "万": Decimal(1), "千": Decimal("0.1"), None: Decimal("0.0001")}
_AMOUNT_LIMIT = Decimal(10) ** 20


def _capital(text: str, refs: References) -> Decimal | tuple[Decimal, str]:
    """Registered capital in 万元. A plain number is 万元 already; one with a unit or a
    currency is converted (at the center's rate) and returned with the text as given."""
    try:
        return _money(text, refs)
    except _Refused as plain:
        match = _CAPITAL.fullmatch("".join(_ascii(text).split()))
        if match is None:
            raise
        before, number, scale, after = match.groups()
        unit = before + after
        if not unit and scale is None:
            raise
        currency = currency_of_unit(unit)
        if currency is None:
            if any(c.isalpha() for c in unit):
                raise _Refused("capital_currency_unknown", currency=unit) from None
            raise plain from None
    amount = _number(number, _AMOUNT_LIMIT) * _SCALE[scale]
    if currency != "CNY":
        rate = refs.values.currency_rates.get(currency)
        if rate is None:
            raise _Refused("capital_rate_missing", currency=currency)
        amount *= rate
    amount = amount.quantize(_CENT, rounding=ROUND_HALF_UP)
    if amount >= MONEY_LIMIT:
        raise _Refused("too_large", limit=f"{MONEY_LIMIT:,}")
    return amount, text


def _employees(text: str, refs: References) -> int:
    if text.isascii() and text.isdigit() and len(text) < 10:
        return int(text)
    number = _number(text, EMPLOYEES_LIMIT)
    if number != number.to_integral_value():
        raise _Refused("integer_format")
    return int(number)


def _number(text: str, limit: Decimal | int) -> Decimal:
    """A finite number from 0 up to (not including) ``limit``; thousands separators and
    full-width digits allowed."""
    text = _ascii(text)
    if "," in text:
        if not _GROUPED.fullmatch(text):
            raise _Refused("number_format")
        text = text.replace(",", "")
    if "_" in text:  # Decimal would take 1_000
        raise _Refused("number_format")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise _Refused("number_format") from None
    if not number.is_finite():
        raise _Refused("number_format")
    if number < 0:
        raise _Refused("negative")
    if number >= limit:
        raise _Refused("too_large", limit=f"{limit:,}")
    return number.copy_abs()  # -0 is 0


def _year(text: str, refs: References) -> int:
    digits = text if text.isascii() else _ascii(text).removesuffix("年")
    if len(digits) != 4 or not digits.isdigit() or not digits.isascii():
        raise _Refused("year_format")
    year = int(digits)
    if year > refs.today.year:
        raise _Refused("year_future")
    if year < EARLIEST_YEAR:
        raise _Refused("year_too_early", earliest=EARLIEST_YEAR)
    return year


def _ownership(text: str, refs: References) -> Ownership:
    ownership = OWNERSHIP_WORDS.get(text) or OWNERSHIP_WORDS.get(
        text.casefold().replace(" ", "_").replace("-", "_")
    )
    if ownership is None:
        raise _Refused("ownership_unknown")
    return ownership


def _country(text: str, refs: References) -> str:
    country = _ascii(text).upper()
    if country not in COUNTRY_CODES:
        raise _Refused("country_format")
    return country


def _extra(text: str, refs: References) -> str:
    raise _Refused("extra_values")


_PARSERS: dict[str, Callable[[str, References], Any]] = {
    "uscc": _uscc,
    "name": _text_of("name"),
    "name_en": _text_of("name_en"),
    "region_code": _region,
    "address": _text_of("address"),
    "industry_code": _industry,
    "founded_on": _past_date,
    "registered_capital": _capital,
    "registered_capital_text": _text_of("registered_capital_text"),
    "ownership": _ownership,
    "foreign_country": _country,
    "high_tech_cert_no": _text_of("high_tech_cert_no"),
    "high_tech_issued_on": _past_date,
    "high_tech_expires_on": _date,  # a certificate expires later, of course
    "specialised_new_on": _past_date,
    "little_giant_on": _past_date,
    "listed_on": _past_date,
    "business_scope": _text_of("business_scope"),
    "main_products": _text_of("main_products"),
    "year": _year,
    "revenue": _money,
    "rd_expenditure": _money,
    "employees": _employees,
    "taxes_paid": _money,
    "export_value": _money,
    "output_value": _money,
    EXTRA_KEY: _extra,
}
