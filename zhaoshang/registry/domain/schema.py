"""The enterprise record as files carry it: columns, their Chinese headers, and the typed
record every reader, writer and generator agrees on. No Django here.

One row is one enterprise with at most one year of figures. Money is in 10,000 yuan
(万元), as Chinese registers and statistics report it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


def gettext_noop(message: str) -> str:
    """Marks a message for translation (makemessages finds it) without Django: callers
    translate it when they show it."""
    return message


# "Above designated size" (规模以上): an industrial enterprise whose annual main-business
# revenue is at least 20 million yuan, i.e. 2,000 in units of 10,000 yuan.
ABOVE_DESIGNATED_SIZE_REVENUE = Decimal(2000)
INDUSTRIAL_SECTIONS = frozenset({"B", "C", "D"})  # mining, manufacturing, utilities


def is_above_designated_size(section: str | None, revenue: Decimal | None) -> bool:
    """Industrial (sections B, C, D) with main-business revenue of at least 20 million yuan."""
    return (
        section in INDUSTRIAL_SECTIONS
        and revenue is not None
        and revenue >= (ABOVE_DESIGNATED_SIZE_REVENUE)
    )


class Ownership(StrEnum):
    DOMESTIC_PRIVATE = "domestic_private"
    STATE_OWNED = "state_owned"
    HMT_INVESTED = "hmt_invested"  # Hong Kong, Macao or Taiwan
    FOREIGN_INVESTED = "foreign_invested"


OWNERSHIP_NAMES_ZH = {
    Ownership.DOMESTIC_PRIVATE: "民营",
    Ownership.STATE_OWNED: "国有",
    Ownership.HMT_INVESTED: "港澳台投资",
    Ownership.FOREIGN_INVESTED: "外商投资",
}


@dataclass(frozen=True)
class Column:
    key: str  # the English header and the record's attribute
    zh: str  # the Chinese header
    required: bool = False


# In file order. Readers accept either header (and a few aliases), in any order.
COLUMNS: tuple[Column, ...] = (
    Column("uscc", "统一社会信用代码", required=True),
    Column("name", "企业名称", required=True),
    Column("name_en", "英文名称"),
    Column("region_code", "行政区划代码"),
    Column("address", "地址"),
    Column("industry_code", "行业代码"),
    Column("founded_on", "成立日期"),
    Column("registered_capital", "注册资本（万元）"),
    Column("registered_capital_text", "注册资本（原文）"),
    Column("ownership", "所有制"),
    Column("foreign_country", "投资来源国家或地区"),
    Column("high_tech_cert_no", "高新技术企业证书编号"),
    Column("high_tech_issued_on", "高新技术企业发证日期"),
    Column("high_tech_expires_on", "高新技术企业证书有效期至"),
    Column("specialised_new_on", "专精特新认定日期"),
    Column("little_giant_on", "专精特新小巨人认定日期"),
    Column("listed_on", "上市日期"),
    Column("business_scope", "经营范围"),
    Column("main_products", "主营产品"),
    Column("year", "年度"),
    Column("revenue", "主营业务收入（万元）"),
    Column("rd_expenditure", "研发费用（万元）"),
    Column("employees", "从业人数"),
    Column("taxes_paid", "纳税额（万元）"),
    Column("export_value", "出口额（万元）"),
    Column("output_value", "工业总产值（万元）"),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)
# Columns of money, in 10,000 yuan with two places.
# The columns that hold dates (ISO in files we write).
DATE_KEYS = frozenset(
    {
        "founded_on",
        "high_tech_issued_on",
        "high_tech_expires_on",
        "specialised_new_on",
        "little_giant_on",
        "listed_on",
    }
)

MONEY_KEYS = frozenset(
    {
        "registered_capital",
        "revenue",
        "rd_expenditure",
        "taxes_paid",
        "export_value",
        "output_value",
    }
)
FIGURE_KEYS = (
    "revenue",
    "rd_expenditure",
    "employees",
    "taxes_paid",
    "export_value",
    "output_value",
)


@dataclass(frozen=True, slots=True)
class EnterpriseRecord:
    """One valid row. Optional values are None when the file left them empty."""

    uscc: str  # normalised: upper case, 18 characters, valid check character
    name: str
    name_en: str = ""
    region_code: str = ""  # 6-digit GB/T 2260 county-level code
    address: str = ""
    industry_code: str = ""  # 4-digit GB/T 4754-2017 class; its division exists
    founded_on: datetime.date | None = None
    registered_capital: Decimal | None = None
    # The capital as the file wrote it when it had a unit or a currency (1,000万美元); the
    # converted amount is ``registered_capital``.
    registered_capital_text: str = ""
    ownership: Ownership | None = None
    foreign_country: str = ""  # ISO 3166-1 alpha-2, for foreign-invested enterprises
    high_tech_cert_no: str = ""
    high_tech_issued_on: datetime.date | None = None
    high_tech_expires_on: datetime.date | None = None
    specialised_new_on: datetime.date | None = None
    little_giant_on: datetime.date | None = None
    listed_on: datetime.date | None = None
    business_scope: str = ""  # 经营范围, as registered
    main_products: str = ""  # 主营产品
    year: int | None = None
    revenue: Decimal | None = None
    rd_expenditure: Decimal | None = None
    employees: int | None = None
    taxes_paid: Decimal | None = None
    export_value: Decimal | None = None
    output_value: Decimal | None = None


@dataclass(frozen=True, slots=True)
class RowError:
    """Why one value of one row was refused. ``line`` counts the header as line 1."""

    line: int
    column: str  # the column key ("" for the row as a whole)
    value: str
    reason: str
