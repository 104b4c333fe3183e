"""What a column's values say it holds, for columns without a (known) header: credit codes
with valid check characters, personal data (telephones, e-mail, resident ID numbers, people's
names), company names, addresses, dates, capital in 万元. No Django here; ``mapping`` uses
it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc

from zhaoshang.registry.domain.schema import COLUMN_KEYS

_PLACEHOLDERS = frozenset({"-", "—", "--", "/", "无", "n/a", "na", "null", "none", "#n/a", "暂无"})


def column_values(data: Sequence[list[str]], index: int) -> list[str]:
    out = []
    for cells in data:
        if index < len(cells):
            text = cells[index]
            if text and text.casefold() not in _PLACEHOLDERS and not text.startswith("#"):
                out.append(text)
    return out


def share(values: Sequence[str], test: Any) -> float:
    return sum(1 for v in values if test(v)) / len(values) if values else 0.0


def looks_like_code(text: str) -> bool:
    code = unicodedata.normalize("NFKC", text).strip().upper()
    return len(code) == 18 and bool(stdnum_uscc.is_valid(code))


_MOBILE = re.compile(r"(?:\+?86[- ]?)?1[3-9]\d{9}")
_LANDLINE = re.compile(r"\(?0\d{2,3}\)?[- ]?\d{7,8}(?:[-转]\d{1,5})?")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")
_PERSON_NAME = re.compile(r"[\u4e00-\u9fff·]{2,4}")
_DATE_VALUE = re.compile(
    r"(?:19|20)\d{2}(?:\s*[-/.年]\s*\d{1,2}(?:\s*[-/.月]\s*\d{1,2}\s*日?)?|\d{4})"
    r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2})?)?"
)
_MONEY_VALUE = re.compile(
    r"\d[\d,，.]*\s*(?:万|亿)?\s*(?:元)?\s*(?:人民币|美元|港元|港币|欧元|日元)?"
)
_COMPANY = re.compile(r"公司|有限|厂|集团|合作社|事务所|中心|商行|店|院|部|所|行$|社$")
_GRADE = "级类等型甲乙丙"  # "二级", "甲类": grades, not people's names
_PLACE = re.compile(r"[省市区县镇乡路街道号村巷弄栋楼室]")


def _personal_value(text: str) -> bool:
    compact = text.replace(" ", "")
    return bool(
        _MOBILE.fullmatch(compact)
        or _LANDLINE.fullmatch(compact)
        or _EMAIL.fullmatch(text)
        or (len(compact) == 18 and stdnum_ric.is_valid(compact))
    )


def by_values(values: Sequence[str], *, strong_only: bool) -> tuple[str, str]:
    """(field, how) judged by a column's values: "" when they say nothing sure."""
    if not values:
        return "", "unused"
    if share(values, looks_like_code) >= 0.8:
        return "uscc", "values"
    if share(values, _personal_value) >= 0.6:
        return "", "personal"
    if strong_only:
        return "", "unused"
    if share(values, lambda v: bool(_COMPANY.search(v)) and len(v) >= 4) >= 0.6:
        return "name", "values"
    if share(values, lambda v: bool(_PERSON_NAME.fullmatch(v)) and v[-1] not in _GRADE) >= 0.8:
        return "", "personal"  # two to four characters alone: people's names
    if share(values, lambda v: len(v) >= 6 and len(_PLACE.findall(v)) >= 2) >= 0.6:
        return "address", "values"
    if share(values, lambda v: bool(_DATE_VALUE.fullmatch(v))) >= 0.8:
        return "founded_on", "values"
    if share(values, lambda v: "万" in v and bool(_MONEY_VALUE.fullmatch(v))) >= 0.6:
        return "registered_capital", "values"
    if share(values, lambda v: len(v) == 6 and v.isdigit() and v[0] in "12345678") >= 0.9:
        return "region_code", "values"
    if "business_scope" in COLUMN_KEYS and share(values, lambda v: len(v) >= 15) >= 0.6:
        return "business_scope", "values"
    return "", "unused"


# The values a typed field's column must mostly hold for a header match to stand.
_FITS: dict[str, Any] = {
    "uscc": lambda v: len(re.sub(r"[\s-]", "", v)) == 18,
    "region_code": lambda v: len(v) == 6 and unicodedata.normalize("NFKC", v).isdigit(),
    "founded_on": lambda v: any(c.isdigit() for c in v),
    "registered_capital": lambda v: unicodedata.normalize("NFKC", v)[:1].isdigit(),
    "year": lambda v: unicodedata.normalize("NFKC", v)[:4].isdigit(),
}


def fits(key: str, values: Sequence[str]) -> bool:
    test = _FITS.get(key)
    return test is None or not values or share(values, test) >= 0.5
