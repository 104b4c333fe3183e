"""Enterprise lists shaped like those centers receive, made up for the tests (no real list
is copied): a city's new registrations (19 columns under other names, personal data among
them), a qualification list without a header row (one row per qualification, so most rows
repeat a company) and a supplier list (two title rows above the header, a column name given
twice, the second holding formulas with their cached values)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from zhaoshang.registry.generator import uscc_for

TOWNS = ["东城街道", "贞山街道", "大沙镇", "江谷镇", "石狗镇"]
TRADES = ["电子", "五金", "玉器", "电缆", "包装", "机械"]


def company(n: int) -> str:
    return f"四会市{TRADES[n % len(TRADES)]}样板{n}号有限公司"


def address(n: int) -> str:
    return f"广东省肇庆市四会市{TOWNS[n % len(TOWNS)]}示例路{n + 1}号"


# --- (a) a city's new registrations -------------------------------------------------------

CITY_HEADER = [
    "序号",
    "企业名称",
    "统一社会信用代码",
    "法定代表人",
    "注册资本",
    "成立日期",
    "企业类型",
    "经营状态",
    "登记机关",
    "所属地区",
    "所属行业",
    "注册地址",
    "联系电话",
    "电子邮箱",
    "网址",
    "经营范围",
    "核准日期",
    "参保人数",
    "营业期限至",
]
CITY_PERSONAL = {"法定代表人", "联系电话", "电子邮箱"}
SURNAMES = "王李张刘陈杨黄赵吴周"


@dataclass(frozen=True)
class CityList:
    path: Path
    codes: list[str]
    phones: list[str]
    representatives: list[str]


def city_list(folder: Path, count: int = 30, start: int = 0) -> CityList:
    """A CSV (UTF-8 with a BOM, as Excel saves it) of ``count`` new registrations."""
    codes = [uscc_for("441284", 500 + start + n) for n in range(count)]
    phones = [f"139{n:08d}" for n in range(count)]
    people = [f"{SURNAMES[n % 10]}{'伟芳敏静强'[n % 5]}" for n in range(count)]
    path = folder / f"city-new-registrations-{start}.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CITY_HEADER)
        for n in range(count):
            writer.writerow(
                [
                    str(n + 1),
                    company(start + n),
                    codes[n],
                    people[n],
                    str(100 + n * 10),
                    f"2025-{n % 12 + 1:02d}-{n % 27 + 1:02d}",
                    "有限责任公司（自然人投资或控股）",
                    "存续（在营、开业、在册）",
                    "四会市市场监督管理局",
                    "四会市",
                    "3971",
                    address(start + n),
                    phones[n],
                    f"boss{n}@example.cn",
                    f"www.example{n}.cn",
                    "电子元件制造；电子产品销售；货物进出口（依法须经批准的项目除外）",
                    "2025-06-30",
                    str(n % 40),
                    "长期",
                ]
            )
    return CityList(path, codes, phones, people)


# --- (b) a qualification list without a header row ----------------------------------------

QUALIFICATIONS = ["建筑工程施工总承包", "市政公用工程施工总承包", "建筑装修装饰工程专业承包"]
GRADES = ["一级", "二级", "三级"]


@dataclass(frozen=True)
class QualificationList:
    path: Path
    companies: int
    rows: int
    conflicting_lines: tuple[int, int]


def qualification_list(folder: Path, companies: int = 12) -> QualificationList:
    """An XLSX without a header row: credit code, name, qualification, grade, address; each
    company once per qualification (1 to 4 rows), then one code given twice with different
    addresses."""
    book = openpyxl.Workbook()
    sheet = book.active
    rows = 0
    for n in range(companies):
        code = uscc_for("441284", 800 + n)
        for q in range(n % 4 + 1):
            sheet.append(
                [
                    code,
                    company(100 + n),
                    QUALIFICATIONS[q % 3],
                    GRADES[(n + q) % 3],
                    address(100 + n),
                ]
            )
            rows += 1
    other = uscc_for("441284", 899)
    sheet.append([other, company(199), QUALIFICATIONS[0], GRADES[0], address(199)])
    sheet.append([other, company(199), QUALIFICATIONS[1], GRADES[1], address(198)])
    path = folder / "qualifications.xlsx"
    book.save(path)
    return QualificationList(path, companies, rows + 2, (rows + 1, rows + 2))


# --- (c) a supplier list with title rows and a column named twice -------------------------

SUPPLIER_HEADER = [
    "序号",
    "供应商名称",
    "统一组织信用代码",
    "供应商类别",
    "联系人",
    "联系电话",
    "注册地址",
    "供应商名称",
    "合作状态",
]


def supplier_list(folder: Path, count: int = 8) -> tuple[Path, list[str], list[str]]:
    """An XLSX: a title row, a date row, then the header on line 3; column H repeats the
    name header and holds formulas (=B4) whose cached values are the full legal names (as
    if calculated before B was shortened: evaluating them would give the short names of
    column B). Returns the path, the codes and the
    names of column H."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["肇庆示例集团有限公司合格供应商名录"])
    sheet.append(["更新日期：2025年6月"])
    sheet.append(SUPPLIER_HEADER)
    codes = [uscc_for("441284", 900 + n) for n in range(count)]
    full = [company(300 + n) for n in range(count)]
    for n in range(count):
        line = n + 4
        sheet.append(
            [
                n + 1,
                f"{TRADES[n % len(TRADES)]}{n}",
                codes[n],
                "原材料",
                f"{SURNAMES[n % 10]}先生",
                f"0758-{3300000 + n}",
                address(300 + n),
                f"=B{line}",
                "合作中",
            ]
        )
    out = io.BytesIO()
    book.save(out)
    path = folder / "suppliers.xlsx"
    path.write_bytes(_with_cached_values(out.getvalue(), {n + 4: full[n] for n in range(count)}))
    return path, codes, full


def _with_cached_values(data: bytes, values: dict[int, str]) -> bytes:
    """The workbook with a cached value in each formula cell of column H, as a spreadsheet
    program leaves it after calculating (openpyxl writes formulas without one)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                for line, value in values.items():
                    text = re.sub(
                        rf'<c r="H{line}"><f>(.*?)</f><v\s*/>',
                        rf'<c r="H{line}" t="str"><f>\1</f><v>{value}</v>',
                        text,
                    )
                content = text.encode()
            target.writestr(info, content)
    return out.getvalue()
