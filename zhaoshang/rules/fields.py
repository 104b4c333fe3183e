"""The field registry: the only names a rule may use, with their types, units and labels.

Yearly figures (``yearly=True``) come in two shapes. The latest year is the plain column
(``revenue``, with ``year`` the year it belongs to); a named year is the column
``<name>_<year>`` (``revenue_2023``) of a flat snapshot. ``FieldRegistry.column`` gives the
name for both.

``nullable`` says what an empty value means. For most fields it means *missing data*: a
comparison on it is unknown. For a nullable field (a qualification date, the date of the
last tax violation, the investing country) it means *none*: the enterprise has no such date or
country, which is a known fact; see ``docs/rules.md``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class FieldType(StrEnum):
    NUMBER = "number"
    INTEGER = "integer"
    TEXT = "text"
    DATE = "date"
    BOOLEAN = "boolean"
    REGION = "region"  # a GB/T 2260 county-level code, six digits
    INDUSTRY = "industry"  # a GB/T 4754 class code, four digits
    ENUM = "enum"

    @property
    def numeric(self) -> bool:
        return self in (FieldType.NUMBER, FieldType.INTEGER)

    @property
    def textual(self) -> bool:
        """Held as text; an empty string counts as no value."""
        return self in (FieldType.TEXT, FieldType.REGION, FieldType.INDUSTRY, FieldType.ENUM)


LANGUAGES = ("en", "zh-hans", "zh-hant")


@dataclass(frozen=True)
class Labels:
    """A name in the three languages of the site."""

    en: str
    zh_hans: str
    zh_hant: str

    @classmethod
    def same(cls, text: str) -> Labels:
        return cls(text, text, text)

    def to_json(self) -> dict[str, str]:
        return {"en": self.en, "zh-hans": self.zh_hans, "zh-hant": self.zh_hant}

    def get(self, language: str) -> str:
        return {"en": self.en, "zh-hans": self.zh_hans, "zh-hant": self.zh_hant}.get(
            language.lower(), self.en
        )


@dataclass(frozen=True)
class Field:
    name: str
    type: FieldType
    labels: Labels
    unit: str = ""
    nullable: bool = False
    yearly: bool = False
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Qualification:
    """Held on a date when ``since`` is on or before it and ``until`` (if any) on or after."""

    name: str
    since: str  # a date field
    until: str | None
    labels: Labels


_YEARLY_COLUMN = re.compile(r"^(?P<name>[a-z_]+?)_(?P<year>\d{4})$")


@dataclass(frozen=True)
class FieldRegistry:
    fields: tuple[Field, ...]
    qualifications: tuple[Qualification, ...] = ()
    _by_name: Mapping[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {f.name: f for f in self.fields})

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __getitem__(self, name: str) -> Field:
        return self._by_name[name]

    def __iter__(self) -> Iterator[Field]:
        return iter(self.fields)

    def get(self, name: str) -> Field | None:
        return self._by_name.get(name)

    def qualification(self, name: str) -> Qualification | None:
        return next((q for q in self.qualifications if q.name == name), None)

    @staticmethod
    def column(name: str, year: int | None = None) -> str:
        """The snapshot column of a field: ``revenue`` (latest year) or ``revenue_2023``."""
        return name if year is None else f"{name}_{year}"

    @staticmethod
    def split_column(column: str) -> tuple[str, int | None]:
        """``revenue_2023`` -> (``revenue``, 2023); ``revenue`` -> (``revenue``, None)."""
        match = _YEARLY_COLUMN.match(column)
        if match is None:
            return column, None
        return match["name"], int(match["year"])

    def extended(self, more: Iterable[Field]) -> FieldRegistry:
        """This registry with more fields (a policy-specific figure, say)."""
        return FieldRegistry((*self.fields, *more), self.qualifications)


def _field(
    name: str,
    type_: FieldType,
    en: str,
    zh_hans: str,
    zh_hant: str,
    *,
    unit: str = "",
    nullable: bool = False,
    yearly: bool = False,
    choices: tuple[str, ...] = (),
) -> Field:
    return Field(name, type_, Labels(en, zh_hans, zh_hant), unit, nullable, yearly, choices)


N, INT, T, D = FieldType.NUMBER, FieldType.INTEGER, FieldType.TEXT, FieldType.DATE
WAN = "万元"  # 10,000 yuan

OWNERSHIPS = ("domestic_private", "state_owned", "hmt_invested", "foreign_invested")

ENTERPRISE_FIELDS = FieldRegistry(
    fields=(
        _field("uscc", T, "Unified Social Credit Code", "统一社会信用代码", "統一社會信用代碼"),
        _field("region_code", FieldType.REGION, "region", "行政区划", "行政區劃"),
        _field("industry_code", FieldType.INDUSTRY, "industry class", "行业代码", "行業代碼"),
        _field("founded_on", D, "founded", "成立日期", "成立日期"),
        _field("registered_capital", N, "registered capital", "注册资本", "註冊資本", unit=WAN),
        _field(
            "ownership",
            FieldType.ENUM,
            "ownership",
            "所有制",
            "所有制",
            choices=OWNERSHIPS,
        ),
        _field(
            "foreign_country",
            T,
            "investing country or region",
            "投资来源国家或地区",
            "投資來源國家或地區",
            nullable=True,
        ),
        _field(
            "high_tech_issued_on",
            D,
            "high-tech certificate issued",
            "高新技术企业发证日期",
            "高新技術企業發證日期",
            nullable=True,
        ),
        _field(
            "high_tech_expires_on",
            D,
            "high-tech certificate expires",
            "高新技术企业证书有效期至",
            "高新技術企業證書有效期至",
        ),
        _field(
            "specialised_new_on",
            D,
            "specialised and new SME since",
            "专精特新认定日期",
            "專精特新認定日期",
            nullable=True,
        ),
        _field(
            "little_giant_on",
            D,
            "“little giant” since",
            "专精特新小巨人认定日期",
            "專精特新小巨人認定日期",
            nullable=True,
        ),
        _field("listed_on", D, "listed since", "上市日期", "上市日期", nullable=True),
        _field(
            "above_designated_size",
            FieldType.BOOLEAN,
            "above designated size",
            "规模以上",
            "規模以上",
        ),
        _field(
            "tax_violation_on",
            D,
            "last major tax violation",
            "最近一次重大税收违法日期",
            "最近一次重大稅收違法日期",
            nullable=True,
        ),
        _field("year", INT, "year of the latest figures", "最新数据年度", "最新數據年度"),
        _field(
            "revenue",
            N,
            "main-business revenue",
            "主营业务收入",
            "主營業務收入",
            unit=WAN,
            yearly=True,
        ),
        _field(
            "rd_expenditure", N, "R&D expenditure", "研发费用", "研發費用", unit=WAN, yearly=True
        ),
        _field("employees", INT, "employees", "从业人数", "從業人數", unit="persons", yearly=True),
        _field("taxes_paid", N, "taxes paid", "纳税额", "納稅額", unit=WAN, yearly=True),
        _field("export_value", N, "export value", "出口额", "出口額", unit=WAN, yearly=True),
        _field(
            "output_value",
            N,
            "industrial output value",
            "工业总产值",
            "工業總產值",
            unit=WAN,
            yearly=True,
        ),
    ),
    qualifications=(
        Qualification(
            "high_tech",
            "high_tech_issued_on",
            "high_tech_expires_on",
            Labels("high-tech enterprise", "高新技术企业", "高新技術企業"),
        ),
        Qualification(
            "specialised_new",
            "specialised_new_on",
            None,
            Labels("specialised and new SME", "专精特新中小企业", "專精特新中小企業"),
        ),
        Qualification(
            "little_giant",
            "little_giant_on",
            None,
            Labels("“little giant” enterprise", "专精特新小巨人企业", "專精特新小巨人企業"),
        ),
        Qualification(
            "listed", "listed_on", None, Labels("listed company", "上市公司", "上市公司")
        ),
    ),
)
