"""The headers the lists a center receives give their columns: the template's, their
aliases, those of columns carrying personal data, and those of columns the registry does not
keep. No Django here; ``mapping`` uses them."""

from __future__ import annotations

import re
import unicodedata

from zhaoshang.registry.domain.schema import COLUMNS

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
    "business_scope": ("许可经营项目一般经营项目",),
    "main_products": ("主要产品", "主营产品服务"),
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
