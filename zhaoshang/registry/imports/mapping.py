"""The map stage of an import: which row is the header, and which column is which field of
the record. No Django here.

``suggest`` looks at the first rows of a file (``read.head_rows``) and proposes a
``ColumnMapping``: the header row (the row whose cells are most like column names; none when
the first rows are data), then for each column a field, from the known headers and their
aliases, else by the similarity of its header to them (rapidfuzz), else by its values (a
column of 18-character codes with valid check characters is the credit code, ...). Columns
that carry personal data of people (telephone, ID numbers, a legal representative's name,
e-mail) are marked so, and are never read into a record. Each suggestion says how it was
found, so that a person can check the unsure ones.

``map_rows`` then turns the read stage's raw rows into {field: text}, the rows that
``validate`` checks: the header row and the rows above it are left out, a column mapped to
no field is dropped, and values standing beyond the header's last column are kept under
EXTRA_KEY for validation to refuse.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from openpyxl.utils import column_index_from_string, get_column_letter
from rapidfuzz import fuzz, process
from stdnum.cn import ric as stdnum_ric
from stdnum.cn import uscc as stdnum_uscc

from zhaoshang.registry.imports.read import RawRow, Undecodable, head_rows, read_cells
from zhaoshang.registry.schema import COLUMN_KEYS, COLUMNS, gettext_noop
from zhaoshang.registry.validation_tables import ENCODING_KEY, EXTRA_KEY

# --- headers ----------------------------------------------------------------------------

# Other names the columns go by in the lists a center receives (statistics bureaus, market
# regulators, parks, data vendors), beside the template's English and Chinese headers.
# Keys that are not (yet) columns of the record are left out of HEADERS.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "uscc": (
        "credit code",
        "unified social credit code",
        "social credit code",
        "uscc code",
        "社会信用代码",
        "信用代码",
        "统一信用代码",
        "统一组织信用代码",
        "统一社会信用代码证号",
        "社会统一信用代码",
        "统一代码",
    ),
    "name": (
        "company name",
        "enterprise name",
        "company",
        "supplier name",
        "公司名称",
        "单位名称",
        "企业名称盖章",
        "单位名称盖章",
        "供应商名称",
        "供应商",
        "企业",
        "企业全称",
        "公司全称",
        "名称",
        "市场主体名称",
        "纳税人名称",
    ),
    "name_en": ("english name", "英文名", "企业英文名称"),
    "region_code": ("区划代码", "行政区划", "所属地区", "所属区域", "所在地区", "地区代码"),
    "address": (
        "住所",
        "注册地址",
        "企业地址",
        "通讯地址",
        "经营场所",
        "住所经营场所",
        "注册地",
        "办公地址",
        "registered address",
    ),
    "industry_code": ("国民经济行业代码", "所属行业", "行业", "行业门类", "行业分类", "industry"),
    "founded_on": ("founded", "成立时间", "注册日期", "注册时间", "成立年份日期", "设立日期"),
    "registered_capital": ("注册资本", "注册资金"),
    "ownership": ("所有制类型", "经济类型", "登记注册类型"),
    "foreign_country": ("investing country", "投资来源国"),
    "year": ("年份",),
    "revenue": ("主营业务收入", "营业收入"),
    "rd_expenditure": ("研发费用", "研发投入"),
    "employees": ("从业人员", "从业人员数", "职工人数"),
    "taxes_paid": ("纳税额", "纳税总额"),
    "export_value": ("出口额",),
    "output_value": ("工业总产值",),
    "business_scope": ("经营范围", "business scope", "许可经营项目一般经营项目"),
    "main_products": ("主营产品", "主要产品", "main products", "主营产品服务"),
}
_IGNORED_IN_HEADERS = re.compile(r"[\s_\-()\[\]【】*:：]+")


def header_name(text: str) -> str:
    """A header as compared: full-width forms folded, case, spaces and brackets ignored."""
    return _IGNORED_IN_HEADERS.sub("", unicodedata.normalize("NFKC", text).casefold())


HEADERS: dict[str, str] = {
    header_name(name): column.key
    for column in COLUMNS
    for name in (column.key, column.zh, *HEADER_ALIASES.get(column.key, ()))
}
_HEADER_CHOICES = list(HEADERS)

# Headers of columns holding personal data of people: never stored (a field would have to be
# made for them on purpose). Matched as parts of the header.
PERSONAL_HEADER_PARTS = (
    "电话",
    "手机",
    "联系方式",
    "传真",
    "身份证",
    "证件号",
    "证件号码",
    "护照",
    "法定代表人",
    "法人代表",
    "法人",
    "负责人",
    "联系人",
    "经营者",
    "投资人",
    "股东",
    "邮箱",
    "电子邮件",
    "姓名",
    "email",
    "e-mail",
    "phone",
    "mobile",
    "telephone",
    "fax",
    "legal representative",
    "contact",
    "id number",
)
# Headers the lists often carry that the registry does not keep: ignored without a doubt.
UNUSED_HEADERS = frozenset(
    header_name(name)
    for name in (
        "序号",
        "编号",
        "no.",
        "经营状态",
        "登记状态",
        "企业状态",
        "企业类型",
        "公司类型",
        "企业类别",
        "网址",
        "官网",
        "网站",
        "登记机关",
        "核准日期",
        "发照日期",
        "营业期限",
        "营业期限自",
        "营业期限至",
        "所属省份",
        "省份",
        "所属城市",
        "城市",
        "所属区县",
        "区县",
        "曾用名",
        "参保人数",
        "实缴资本",
        "纳税人识别号",
        "注册号",
        "工商注册号",
        "组织机构代码",
        "资质类别",
        "资质名称",
        "资质等级",
        "资质证书编号",
        "证书编号",
        "有效期",
        "有效期至",
        "发证日期",
        "备注",
        "更新日期",
        "数据来源",
        "供应商类别",
        "合作状态",
        "评级",
        "status",
        "type",
        "website",
        "remarks",
        "note",
    )
)
SIMILAR_FROM = 85  # rapidfuzz WRatio (0-100) from which a header is taken as similar

# How a column's field was found, from surest to least sure.
HOW = {
    "header": gettext_noop("known header"),
    "similar": gettext_noop("similar header, please check"),
    "values": gettext_noop("by its values, please check"),
    "personal": gettext_noop("personal data: not stored"),
    "duplicate": gettext_noop("the same header as an earlier column"),
    "unused": gettext_noop("not used"),
    "chosen": gettext_noop("chosen"),
}

MAPPING_PROBLEMS: dict[str, str] = {
    "header_row": gettext_noop(
        "must be the line of the header row, from 1 to {last}, or 0 when there is none"
    ),
    "no_column": gettext_noop("there is no such column in the file"),
    "ambiguous_column": gettext_noop(
        "the header is given twice (columns {columns}): name the column by its letter"
    ),
    "unknown_field": gettext_noop("{field} is not a field of the registry"),
    "field_twice": gettext_noop("the field {field} is given to columns {columns}: choose one"),
    "required_field": gettext_noop("no column is mapped to the required field {field}"),
    "not_a_mapping": gettext_noop(
        'must be an object such as {{"header_row": 1, "columns": {{"A": "uscc"}}}}'
    ),
    "no_rows": gettext_noop("the file has no rows"),
}


class MappingError(ValueError):
    """A mapping that cannot be used; ``where`` names the part ("header_row", "columns.C")."""

    def __init__(self, where: str, problem: str, **params: Any) -> None:
        self.where = where
        self.problem = problem
        self.params = params
        super().__init__(f"{where}: {MAPPING_PROBLEMS[problem].format(**params)}")

    def message(self, translate: Any = str) -> str:
        return f"{self.where}: {translate(MAPPING_PROBLEMS[self.problem]).format(**self.params)}"


# --- the mapping ------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnMapping:
    """Which field each column holds: ``fields[i]`` for column i ("" when not imported),
    the line of the header row (0: the file has none), the columns of personal data (not
    imported), and the header texts as the file gives them."""

    header_row: int
    fields: tuple[str, ...]
    headers: tuple[str, ...] = ()
    personal: frozenset[int] = frozenset()

    @property
    def width(self) -> int:
        return len(self.fields)

    def column_of(self, key: str) -> int | None:
        return self.fields.index(key) if key in self.fields else None

    def column_name(self, index: int) -> str:
        header = self.headers[index] if index < len(self.headers) else ""
        letter = get_column_letter(index + 1)
        return f"{header} ({letter})" if header else letter

    def ignored(self) -> list[str]:
        """The columns not imported, personal ones aside, by header and letter."""
        return [
            self.column_name(i)
            for i, key in enumerate(self.fields)
            if not key and i not in self.personal
        ]

    def personal_columns(self) -> list[str]:
        return [self.column_name(i) for i in sorted(self.personal) if not self.fields[i]]

    def as_json(self) -> dict[str, Any]:
        """The mapping as a person writes it (``--mapping file.json``, the API)."""
        return {
            "header_row": self.header_row,
            "columns": {get_column_letter(i + 1): key for i, key in enumerate(self.fields) if key},
        }

    def check(self) -> None:
        """Raise MappingError for a field given twice or a required one not given."""
        where: dict[str, list[int]] = {}
        for index, key in enumerate(self.fields):
            if key:
                if key not in COLUMN_KEYS:
                    raise MappingError(
                        f"columns.{get_column_letter(index + 1)}", "unknown_field", field=key
                    )
                where.setdefault(key, []).append(index)
        for key, indexes in where.items():
            if len(indexes) > 1:
                letters = ", ".join(get_column_letter(i + 1) for i in indexes)
                raise MappingError("columns", "field_twice", field=key, columns=letters)
        for column in COLUMNS:
            if column.required and column.key not in where:
                raise MappingError("columns", "required_field", field=f"{column.zh} ({column.key})")


def signature(headers: Sequence[str], width: int) -> str:
    """What identifies files with the same columns: their header names as compared, or,
    for files without a header row, their number of columns."""
    names = [header_name(text) for text in headers]
    while names and not names[-1]:
        names.pop()
    text = "\x1f".join(names) if any(names) else f"no header row, {width} columns"
    return hashlib.sha256(text.encode()).hexdigest()[:40]


# --- suggestions ------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnSuggestion:
    index: int
    header: str
    key: str  # the field suggested ("" when none)
    how: str  # a key of HOW
    samples: tuple[str, ...]

    @property
    def letter(self) -> str:
        return get_column_letter(self.index + 1)


@dataclass(frozen=True)
class Suggestion:
    header_row: int
    columns: tuple[ColumnSuggestion, ...]
    rows: tuple[RawRow, ...]  # the rows looked at, header and title rows included
    detected_header_row: int = 0
    signature: str = ""
    width: int = 0

    def mapping(self) -> ColumnMapping:
        return ColumnMapping(
            header_row=self.header_row,
            fields=tuple(c.key for c in self.columns),
            headers=tuple(c.header for c in self.columns),
            personal=frozenset(c.index for c in self.columns if c.how == "personal"),
        )

    def data_rows(self, count: int = 10) -> list[RawRow]:
        return [row for row in self.rows if row[0] > self.header_row][:count]


PREVIEW_ROWS = 40  # rows read to find the header and judge the values
HEADER_WITHIN = 10  # the header row is looked for among the first rows


def suggest_for_file(
    stream: BinaryIO, filename: str, *, header_row: int | None = None
) -> Suggestion:
    """``suggest`` on the file's first rows. Raises TableFileError for a file that cannot be
    read at all."""
    return suggest(head_rows(stream, filename, PREVIEW_ROWS), header_row=header_row)


def suggest(rows: Sequence[RawRow], *, header_row: int | None = None) -> Suggestion:
    """The mapping proposed for a file whose first rows are ``rows``. ``header_row``: the
    line of the header row chosen by a person (0: none), or None to find it."""
    detected = find_header_row(rows)
    chosen = detected if header_row is None else header_row
    lines = {line for line, _ in rows}
    if chosen and chosen not in lines:
        last = max(lines, default=0)
        raise MappingError("header_row", "header_row", last=min(last, PREVIEW_ROWS))
    header = next((cells for line, cells in rows if line == chosen), []) if chosen else []
    data = [cells for line, cells in rows if line > chosen]
    width = len(header) if chosen else _data_width(data)
    while chosen and width and not header[width - 1]:
        width -= 1
    columns = _suggest_columns(header[:width], data, width)
    return Suggestion(
        header_row=chosen,
        columns=columns,
        rows=tuple(rows),
        detected_header_row=detected,
        signature=signature(header[:width], width),
        width=width,
    )


def _data_width(data: Sequence[list[str]]) -> int:
    width = 0
    for cells in data:
        last = len(cells)
        while last and not cells[last - 1]:
            last -= 1
        width = max(width, last)
    return width


def find_header_row(rows: Sequence[RawRow]) -> int:
    """The line of the row most like a header among the first rows, or 0 when they look
    like data: known headers count 2, similar or known unused ones 1, and a row holding a
    valid credit code is data."""
    best, best_score = 0, 1
    for line, cells in list(rows)[:HEADER_WITHIN]:
        score = 0
        for cell in cells:
            if not cell:
                continue
            name = header_name(cell)
            if _looks_like_code(cell):
                score = -1
                break
            if name in HEADERS:
                score += 2
            elif name in UNUSED_HEADERS or _personal_header(cell) or _similar(name):
                score += 1
        if score > best_score:
            best, best_score = line, score
    return best


def _personal_header(text: str) -> bool:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return any(part in folded for part in PERSONAL_HEADER_PARTS)


def _similar(name: str) -> tuple[str, float] | None:
    if not name or len(name) > 40:
        return None
    found = process.extractOne(name, _HEADER_CHOICES, scorer=fuzz.WRatio, score_cutoff=SIMILAR_FROM)
    if found is None:
        return None
    return HEADERS[found[0]], found[1]


_PLACEHOLDERS = frozenset({"-", "—", "--", "/", "无", "n/a", "na", "null", "none", "#n/a", "暂无"})


def _values(data: Sequence[list[str]], index: int) -> list[str]:
    out = []
    for cells in data:
        if index < len(cells):
            text = cells[index]
            if text and text.casefold() not in _PLACEHOLDERS and not text.startswith("#"):
                out.append(text)
    return out


def _share(values: Sequence[str], test: Any) -> float:
    return sum(1 for v in values if test(v)) / len(values) if values else 0.0


def _looks_like_code(text: str) -> bool:
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


def _by_values(values: Sequence[str], *, strong_only: bool) -> tuple[str, str]:
    """(field, how) judged by a column's values: "" when they say nothing sure."""
    if not values:
        return "", "unused"
    if _share(values, _looks_like_code) >= 0.8:
        return "uscc", "values"
    if _share(values, _personal_value) >= 0.6:
        return "", "personal"
    if strong_only:
        return "", "unused"
    if _share(values, lambda v: bool(_COMPANY.search(v)) and len(v) >= 4) >= 0.6:
        return "name", "values"
    if _share(values, lambda v: bool(_PERSON_NAME.fullmatch(v)) and v[-1] not in _GRADE) >= 0.8:
        return "", "personal"  # two to four characters alone: people's names
    if _share(values, lambda v: len(v) >= 6 and len(_PLACE.findall(v)) >= 2) >= 0.6:
        return "address", "values"
    if _share(values, lambda v: bool(_DATE_VALUE.fullmatch(v))) >= 0.8:
        return "founded_on", "values"
    if _share(values, lambda v: "万" in v and bool(_MONEY_VALUE.fullmatch(v))) >= 0.6:
        return "registered_capital", "values"
    if _share(values, lambda v: len(v) == 6 and v.isdigit() and v[0] in "12345678") >= 0.9:
        return "region_code", "values"
    if "business_scope" in COLUMN_KEYS and _share(values, lambda v: len(v) >= 15) >= 0.6:
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


def _fits(key: str, values: Sequence[str]) -> bool:
    test = _FITS.get(key)
    return test is None or not values or _share(values, test) >= 0.5


def _suggest_columns(
    header: Sequence[str], data: Sequence[list[str]], width: int
) -> tuple[ColumnSuggestion, ...]:
    found: list[tuple[str, str]] = []
    for index in range(width):
        text = header[index] if index < len(header) else ""
        values = _values(data, index)
        name = header_name(text)
        if name in HEADERS and _fits(HEADERS[name], values):
            found.append((HEADERS[name], "header"))
        elif text and _personal_header(text):
            found.append(("", "personal"))
        elif name in UNUSED_HEADERS:
            found.append(("", "unused"))
        elif (similar := _similar(name)) and _fits(similar[0], values):
            found.append((similar[0], "similar"))
        else:
            found.append(_by_values(values, strong_only=bool(text)))
    # Each field to one column: the surest first, then from left to right.
    taken: dict[str, int] = {}
    for how in ("header", "similar", "values"):
        for index, (key, found_how) in enumerate(found):
            if key and found_how == how and key not in taken:
                taken[key] = index
    columns = []
    for index, (key, how) in enumerate(found):
        text = header[index] if index < len(header) else ""
        if key and taken.get(key) != index:
            first = taken[key]
            same = first < len(header) and header_name(header[first]) == header_name(text)
            key, how = "", "duplicate" if same and text else "unused"
        samples = tuple(cells[index] if index < len(cells) else "" for cells in data[:10])
        columns.append(ColumnSuggestion(index, text, key, how, samples))
    return tuple(columns)


# --- a mapping given by a person ----------------------------------------------------------


def mapping_from_choices(
    suggestion: Suggestion, fields: Mapping[int, str], *, header_row: int | None = None
) -> ColumnMapping:
    """The mapping of a person's choices (column index -> field, "" to skip), for the file
    the suggestion was made for; checked."""
    base = suggestion.mapping()
    chosen = tuple(fields.get(i, key) for i, key in enumerate(base.fields))
    mapping = ColumnMapping(
        header_row=suggestion.header_row if header_row is None else header_row,
        fields=chosen,
        headers=base.headers,
        personal=base.personal,
    )
    mapping.check()
    return mapping


def mapping_from_json(data: Any, suggestion: Suggestion) -> ColumnMapping:
    """A mapping written as {"header_row": N, "columns": {"C": "uscc", "企业名称": "name"}}
    (columns by letter or by header; a column left out is not imported), for the file the
    suggestion was made for (with that header row). Raises MappingError naming the part."""
    if not isinstance(data, dict) or not isinstance(data.get("columns", {}), dict):
        raise MappingError("mapping", "not_a_mapping")
    columns: dict[str, Any] = data.get("columns") or {}
    by_header: dict[str, list[int]] = {}
    for column in suggestion.columns:
        if column.header:
            by_header.setdefault(header_name(column.header), []).append(column.index)
    fields: dict[int, str] = dict.fromkeys(range(suggestion.width), "")
    for ref, key in columns.items():
        where = f"columns.{ref}"
        index = _column_index(str(ref), by_header, suggestion.width, where)
        if key in (None, "", "skip"):
            continue
        if not isinstance(key, str) or key not in COLUMN_KEYS:
            raise MappingError(where, "unknown_field", field=str(key))
        fields[index] = key
    return mapping_from_choices(suggestion, fields)


def _column_index(ref: str, by_header: Mapping[str, list[int]], width: int, where: str) -> int:
    indexes = by_header.get(header_name(ref))
    if indexes:
        if len(indexes) > 1:
            letters = ", ".join(get_column_letter(i + 1) for i in indexes)
            raise MappingError(where, "ambiguous_column", columns=letters)
        return indexes[0]
    if re.fullmatch(r"[A-Za-z]{1,3}", ref):
        index = column_index_from_string(ref.upper()) - 1
        if index < width:
            return index
    raise MappingError(where, "no_column")


def header_row_of(data: Any) -> int | None:
    """The header row a JSON mapping names (None: find it); MappingError if not a line."""
    if not isinstance(data, dict):
        raise MappingError("mapping", "not_a_mapping")
    value = data.get("header_row")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= PREVIEW_ROWS:
        raise MappingError("header_row", "header_row", last=PREVIEW_ROWS)
    return value


def mapping_plain(mapping: ColumnMapping) -> dict[str, Any]:
    """The mapping as JSON values (a task's arguments)."""
    return {
        "header_row": mapping.header_row,
        "fields": list(mapping.fields),
        "headers": list(mapping.headers),
        "personal": sorted(mapping.personal),
    }


def mapping_from_plain(data: Mapping[str, Any]) -> ColumnMapping:
    return ColumnMapping(
        header_row=int(data["header_row"]),
        fields=tuple(data["fields"]),
        headers=tuple(data.get("headers", ())),
        personal=frozenset(data.get("personal", ())),
    )


def mapping_from_saved(
    suggestion: Suggestion, fields: Sequence[str], header_row: int
) -> ColumnMapping:
    """A saved mapping's fields for the file the suggestion was made for (with the saved
    header row): columns beyond the saved ones are not imported."""
    chosen = {i: (fields[i] if i < len(fields) else "") for i in range(suggestion.width)}
    return mapping_from_choices(suggestion, chosen, header_row=header_row)


# --- applying it --------------------------------------------------------------------------


def map_rows(
    rows: Iterable[RawRow], mapping: ColumnMapping
) -> Iterator[tuple[int, dict[str, str]]]:
    """The data rows as {field: text}: every mapped field (empty text for an empty cell),
    and, under EXTRA_KEY, values beyond the header's last column. The header row and the
    rows above it are left out; so are the columns mapped to no field."""
    first = mapping.header_row
    width = mapping.width
    keys = mapping.fields
    pairs = tuple((index, key) for index, key in enumerate(keys) if key)
    # When every column is mapped, rows take a short path.
    every = keys if all(keys) else None
    for line, values in rows:
        if line <= first:
            continue
        if values.__class__ is Undecodable:
            assert isinstance(values, Undecodable)
            yield line, {ENCODING_KEY: values.encoding}
            continue
        count = len(values)
        if every is not None and count == width:
            yield line, dict(zip(every, values, strict=True))
            continue
        record = {key: values[index] if index < count else "" for index, key in pairs}
        if count > width and any(values[width:]):
            record[EXTRA_KEY] = " | ".join(v for v in values[width:] if v)
        yield line, record


def read_rows(
    stream: BinaryIO, filename: str, *, max_bytes: int | None = None
) -> Iterator[tuple[int, dict[str, str]]]:
    """The file's rows as {field: text} under the mapping suggested for its first rows
    (read, then map; the file is read once, so a stream that cannot seek will do)."""
    cells = read_cells(stream, filename, max_bytes=max_bytes)
    head = list(itertools.islice(cells, PREVIEW_ROWS))
    mapping = suggest(head).mapping()
    mapping.check()
    return map_rows(itertools.chain(head, cells), mapping)
