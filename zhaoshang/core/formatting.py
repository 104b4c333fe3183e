"""Numbers, money, areas, rates and dates as a reader of each site language expects them.

Every page, export, mail and notification formats values through this module, so that one
amount reads the same everywhere: thousands separators, only the decimals that mean
something, and money in the reader's units — 万元 and 亿元 for readers of Chinese, "million
yuan" and "billion yuan" for readers of English, as a finance officer writes them.

Numbers, percentages, currency names and dates come from Babel (the Unicode CLDR data), in
these locales:

- ``en`` → ``en``: CLDR's English, with the "1,234.5" grouping used in international
  finance.
- ``zh-hans`` → ``zh_Hans_CN``: the mainland's Simplified Chinese.
- ``zh-hant`` → ``zh_Hant_HK``: the center's Traditional Chinese readers are mostly investors
  from Hong Kong (the Pearl River Delta's largest source of investment), so currency names and
  dates follow Hong Kong usage (港元, 人民幣); numbers are written the same in Taiwan.

Every function takes the language explicitly (a Django language code such as ``zh-hans``;
``None`` means the active one) and returns "—" for a missing value.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django.utils import translation
from django.utils.translation import gettext as _

MISSING = "—"
YUAN = "CNY"
TEN_THOUSAND = Decimal(10_000)
SQUARE_METRES_PER_MU = Decimal(10_000) / Decimal(15)  # 1 mu = 666.67 m²

# Spreadsheet cells keep numbers as numbers; these number formats show them grouped, with the
# decimals that mean something (Excel and LibreOffice apply the reader's own separators).
XLSX_COUNT = "#,##0"
XLSX_MONEY = "#,##0.00"
XLSX_PERCENT = "0.0%"
XLSX_DECIMAL = "#,##0.0"

_LOCALES = {"en": "en", "zh-hans": "zh_Hans_CN", "zh-hant": "zh_Hant_HK"}

Number = Decimal | int | float


def language_code(language: str | None = None) -> str:
    """A Django language code of the site: ``en``, ``zh-hans`` or ``zh-hant``."""
    code = (language or translation.get_language() or "en").lower().replace("_", "-")
    if code.startswith("zh"):
        return "zh-hant" if "hant" in code or code in {"zh-tw", "zh-hk", "zh-mo"} else "zh-hans"
    return "en"


def babel_locale(language: str | None = None) -> Locale:
    return Locale.parse(_LOCALES[language_code(language)])


def is_chinese(language: str | None = None) -> bool:
    return language_code(language).startswith("zh")


def as_decimal(value: Number | str | None) -> Decimal | None:
    """``value`` as a Decimal (floats through their shortest text); None when it is none."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _decimal_text(value: Decimal, places: int, language: str | None, *, fixed: bool = False) -> str:
    """``value`` rounded to at most ``places`` decimals, trailing zeros dropped (kept when
    ``fixed``: a column of scores lines up), grouped."""
    pattern = "#,##0" + ("." + ("0" if fixed else "#") * places if places else "")
    rounded = _rounded(value, places)
    if rounded == 0:
        rounded = abs(rounded)  # no "-0"
    return babel_numbers.format_decimal(
        rounded, format=pattern, locale=babel_locale(language), decimal_quantization=False
    )


def format_number(
    value: Number | str | None, language: str | None = None, *, places: int = 2
) -> str:
    """1234.5 → "1,234.5"; 2000.00 → "2,000"; at most ``places`` decimals."""
    number = as_decimal(value)
    if number is None:
        return MISSING
    return _decimal_text(number, places, language)


def format_fixed(
    value: Number | str | None, language: str | None = None, *, places: int = 1
) -> str:
    """Exactly ``places`` decimals: 43 → "43.0" (scores in a column)."""
    number = as_decimal(value)
    if number is None:
        return MISSING
    return _decimal_text(number, places, language, fixed=True)


def format_count(value: Number | str | None, language: str | None = None) -> str:
    """A whole number with thousands separators: 18000000 → "18,000,000"."""
    return format_number(value, language, places=0)


def format_percent(
    ratio: Number | str | None, language: str | None = None, *, places: int = 1
) -> str:
    """A share given as a ratio: 0.048 → "4.8%"; at most ``places`` decimals."""
    number = as_decimal(ratio)
    if number is None:
        return MISSING
    pattern = "#,##0" + ("." + "#" * places if places else "") + "%"
    return babel_numbers.format_percent(
        _rounded(number * 100, places) / 100,
        format=pattern,
        locale=babel_locale(language),
        decimal_quantization=False,
    )


def currency_name(currency: str, language: str | None = None) -> str:
    """How the amount's currency is written after a number: "yuan"/"元", "USD"/"美元"."""
    code = (currency or YUAN).upper()
    if code == YUAN:
        return _in(language, lambda: _("yuan"))
    if is_chinese(language):
        return babel_numbers.get_currency_name(code, locale=babel_locale(language))
    return code


def _in(language: str | None, text: Callable[[], str]) -> str:
    with translation.override(language_code(language)):
        return text()


# The scales amounts are read in: Chinese counts in 万 (10⁴) and 亿 (10⁸), English in
# millions, billions and trillions. Each rung: (factor, message for yuan, message for
# another currency). The messages are written out for the translators' extraction.
def _scales(language: str | None) -> list[tuple[Decimal, str, str]]:
    if is_chinese(language):
        return [
            (
                Decimal(10) ** 12,
                _("%(amount)s trillion yuan"),
                _("%(amount)s trillion %(currency)s"),
            ),
            (
                Decimal(10) ** 8,
                _("%(amount)s hundred million yuan"),
                _("%(amount)s hundred million %(currency)s"),
            ),
            (
                Decimal(10) ** 4,
                _("%(amount)s ten thousand yuan"),
                _("%(amount)s ten thousand %(currency)s"),
            ),
            (Decimal(1), _("%(amount)s yuan"), _("%(currency)s %(amount)s")),
        ]
    return [
        (Decimal(10) ** 12, _("%(amount)s trillion yuan"), _("%(currency)s %(amount)s trillion")),
        (Decimal(10) ** 9, _("%(amount)s billion yuan"), _("%(currency)s %(amount)s billion")),
        (Decimal(10) ** 6, _("%(amount)s million yuan"), _("%(currency)s %(amount)s million")),
        (Decimal(1), _("%(amount)s yuan"), _("%(currency)s %(amount)s")),
    ]


def format_money(
    amount: Number | str | None,
    currency: str = YUAN,
    language: str | None = None,
    *,
    exact: bool = False,
) -> str:
    """An amount in units of ``currency`` (yuan for CNY), as people read it.

    Rounded (the default): the largest scale the amount reaches, at most two decimals —
    "46.48万元", "3.52亿元", "35.25 million yuan", "USD 5 million", "500万美元"; below the first
    scale, whole units (cents only when there are some): "8,000元", "464,827 yuan".

    Exact (thresholds of rules, where rounding would change the meaning): the largest scale
    in which the amount needs at most two decimals, else the whole amount in units.
    """
    number = as_decimal(amount)
    if number is None:
        return MISSING
    code = (currency or YUAN).upper()
    with translation.override(language_code(language)):
        name = currency_name(code, language)
        scales = _scales(language)
        chosen = scales[-1]
        first_scale = scales[-2][0]
        for rung in scales[:-1]:
            factor = rung[0]
            scaled = number / factor
            if exact:
                if abs(scaled) >= 1 and _rounded(scaled, 2) == scaled:
                    chosen = rung
                    break
            elif abs(scaled) >= 1 or (
                # 99,999,999 reads "1亿元", not "10,000万元"; 9,999 stays "9,999元"
                abs(number) >= first_scale and abs(_rounded(scaled, 2)) >= 1
            ):
                chosen = rung
                break
        factor, yuan_message, other_message = chosen
        value = number / factor
        if factor > 1 or _rounded(value, 2) == value.to_integral_value():
            text = _decimal_text(value, 2, language)
        else:  # cents are written in full: "1,234.50 yuan"
            text = babel_numbers.format_decimal(
                _rounded(value, 2), format="#,##0.00", locale=babel_locale(language)
            )
        message = yuan_message if code == YUAN else other_message
        return message % {"amount": text, "currency": name}


def format_wan(
    wan: Number | str | None, language: str | None = None, *, exact: bool = False
) -> str:
    """An amount kept in 10,000 yuan (the registry's and the policies' unit), as money."""
    number = as_decimal(wan)
    return format_money(
        None if number is None else number * TEN_THOUSAND, YUAN, language, exact=exact
    )


def format_rate(rate: Number | str | None, currency: str, language: str | None = None) -> str:
    """An exchange rate in yuan per unit: "1 USD = 7.05 yuan", "1美元 = 7.05元"."""
    number = as_decimal(rate)
    if number is None:
        return MISSING
    with translation.override(language_code(language)):
        return _("1 %(currency)s = %(rate)s yuan") % {
            "currency": currency_name(currency, language),
            "rate": _decimal_text(number, 4, language),
        }


def format_area(m2: Number | str | None, language: str | None = None, *, land: bool = False) -> str:
    """An area in square metres: "12,000 m²"; land also in mu: "13,333 m² (20 mu)"."""
    number = as_decimal(m2)
    if number is None:
        return MISSING
    with translation.override(language_code(language)):
        text = _("%(area)s m²") % {
            "area": _decimal_text(number, 0 if abs(number) >= 100 else 2, language)
        }
        if land:
            mu = _decimal_text(number / SQUARE_METRES_PER_MU, 2, language)
            text = _("%(area)s (%(mu)s mu)") % {"area": text, "mu": mu}
        return text


def format_mu(mu: Number | str | None, language: str | None = None) -> str:
    """Land given in mu: "20 mu (13,333 m²)", "20亩（13,333 m²）"."""
    number = as_decimal(mu)
    if number is None:
        return MISSING
    with translation.override(language_code(language)):
        return _("%(mu)s mu (%(area)s m²)") % {
            "mu": _decimal_text(number, 2, language),
            "area": _decimal_text(number * SQUARE_METRES_PER_MU, 0, language),
        }


def format_date(
    value: datetime.date | datetime.datetime | str | None, language: str | None = None
) -> str:
    """A day as the reader writes it: "Mar 5, 2024", "2024年3月5日"."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, str):
        text = value
        try:
            value = datetime.date.fromisoformat(text[:10])
        except ValueError:
            return text
    if isinstance(value, datetime.datetime):
        value = value.date()
    return babel_dates.format_date(value, format="medium", locale=babel_locale(language))


def format_datetime(value: datetime.datetime | str | None, language: str | None = None) -> str:
    """A moment in the site's time zone: "Mar 5, 2024, 14:30", "2024年3月5日 14:30"."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, str):
        text = value
        try:
            value = datetime.datetime.fromisoformat(text)
        except ValueError:
            return text
    from django.utils import timezone

    if timezone.is_aware(value):
        value = timezone.localtime(value)
    day = format_date(value.date(), language)
    return f"{day} {value:%H:%M}"
