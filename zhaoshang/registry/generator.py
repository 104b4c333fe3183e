"""Realistic, deterministic enterprise data for the demo and the benchmarks. No Django here.

Rows are made in blocks of ``BLOCK`` enterprises. Block ``b`` draws everything from its own
random stream, ``SeedSequence(seed, spawn_key=(b,))``, so row ``i`` depends only on the seed,
``i`` and the reference data passed in: any range of rows can be made alone, in any order or in
parallel (``start=``), and equals the same range of one long run. The streams are NumPy's PCG64;
NumPy may change how a distribution is drawn between major versions, so a seed gives the same
rows within one environment, not forever.

The model, in short: a latent size ``z ~ N(0, 1)`` per enterprise drives revenue (log-normal
by division, older firms a little larger), employees, registered capital, ownership (state,
Hong Kong/Macao/Taiwan and foreign investors lean to larger firms and to manufacturing),
exports, R&D, the high-tech certificate, 专精特新 and 小巨人 recognition, and listing. Founding
dates are skewed recent, as the stock of enterprises has grown fast. Some values are missing,
as in real registers; enterprises without any figures have no ``year`` either.

Types, in Arrow and in files: codes and names are strings, dates ``date32``, money
``decimal128(18, 2)`` in 10,000 yuan (exact to 100 yuan; read back as ``Decimal``, as
``EnterpriseRecord`` carries it), ``year`` and ``employees`` ``int32``, ``ownership`` the
``Ownership`` value. Missing values are nulls (empty cells in CSV, "" in records' strings).

``region_names`` maps a GB/T 2260 code to ``(name_zh, short_en)``, e.g.
``{"441200": ("肇庆市", "Zhaoqing"), "441284": ("四会市", "Sihui")}``. With it, names start with
the place ("四会市…"; a district's enterprises carry the city: "广州市…") and addresses read
"广东省肇庆市四会市建设路128号"; regions without names get "广东…" and no address.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from zhaoshang.registry.schema import COLUMNS, INDUSTRIAL_SECTIONS, EnterpriseRecord, Ownership

BLOCK = 10_000  # rows per random stream
MAX_ROWS = 100_000_000  # older organisation codes are 8 digits: 10^8 serials
MONEY = pa.decimal128(18, 2)
_MONEY_KEYS = frozenset(
    (
        "registered_capital",
        "revenue",
        "rd_expenditure",
        "taxes_paid",
        "export_value",
        "output_value",
    )
)


def _arrow_type(key: str) -> pa.DataType:
    if key.endswith("_on"):
        return pa.date32()
    if key in _MONEY_KEYS:
        return MONEY
    if key in {"year", "employees"}:
        return pa.int32()
    return pa.string()


ARROW_SCHEMA = pa.schema([pa.field(c.key, _arrow_type(c.key), not c.required) for c in COLUMNS])
_STRING_KEYS = tuple(c.key for c in COLUMNS if _arrow_type(c.key) == pa.string())

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class RegionWeight:
    code: str  # county-level GB/T 2260 code (or Dongguan's / Zhongshan's prefecture code)
    weight: float  # e.g. its share of the population


@dataclass(frozen=True)
class DivisionWeight:
    division: str  # GB/T 4754-2017 division, two digits
    section: str  # its section letter
    weight: float  # share of enterprises


# --- Industries --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Profile:
    """How enterprises of one division look. Money in 10,000 yuan."""

    revenue: float  # median annual revenue of a going concern
    sigma: float  # log-normal spread of revenue
    per_employee: float  # revenue per employee at the median revenue
    tech: float  # log-odds added to the chance of a high-tech certificate
    export: float  # chance of exporting, for a domestic firm of median size
    rd: float  # chance of some R&D spending, for a firm without the certificate
    tax: float  # taxes paid / revenue
    lines: tuple[tuple[str, str, str], ...]  # (word in the name zh, en, its 4-digit classes)


_PROFILES: dict[str, _Profile] = {
    "01": _Profile(80, 1.4, 15, -1.0, 0.02, 0.05, 0.01, (
        ("农业发展", "Agricultural Development", "0111 0141 0143"),
        ("果业", "Fruit", "0153 0154"), ("生态农业", "Ecological Agriculture", "0141 0142 0190"))),
    "03": _Profile(150, 1.6, 25, -1.0, 0.01, 0.05, 0.01, (
        ("畜牧", "Animal Husbandry", "0313 0321 0322"), ("养殖", "Breeding", "0313 0321"))),
    "04": _Profile(80, 1.4, 20, -1.5, 0.03, 0.03, 0.01, (("水产养殖", "Aquaculture", "0412"),)),
    "10": _Profile(400, 1.3, 60, -1.5, 0.02, 0.10, 0.05, (
        ("矿业", "Mining", "1011 1019"), ("石材", "Stone", "1012"))),
    "13": _Profile(350, 1.5, 45, -0.5, 0.10, 0.25, 0.02, (
        ("粮油食品", "Grain and Oil Food", "1311 1331"), ("饲料", "Feed", "1329"),
        ("食品", "Food", "1351 1361 1392"))),
    "14": _Profile(250, 1.5, 30, 0.0, 0.10, 0.30, 0.03, (
        ("食品", "Food", "1411 1431 1462 1495"),)),
    "15": _Profile(250, 1.5, 35, -0.5, 0.05, 0.20, 0.05, (
        ("饮料", "Beverage", "1522 1524 1529"), ("茶业", "Tea", "1530"))),
    "17": _Profile(280, 1.4, 25, -0.5, 0.25, 0.25, 0.025, (
        ("纺织", "Textile", "1711 1713 1761 1771"),)),
    "18": _Profile(180, 1.4, 14, -1.5, 0.30, 0.15, 0.02, (
        ("服饰", "Garment", "1811 1819 1830"), ("制衣", "Clothing", "1819 1821 1829"))),
    "19": _Profile(200, 1.4, 15, -1.2, 0.35, 0.15, 0.02, (
        ("鞋业", "Footwear", "1951 1952 1954"), ("皮具", "Leather Goods", "1922"))),
    "20": _Profile(200, 1.4, 25, -1.0, 0.15, 0.15, 0.025, (
        ("木业", "Wood Products", "2021 2032 2039"),)),
    "21": _Profile(230, 1.4, 20, -0.5, 0.35, 0.25, 0.025, (
        ("家具", "Furniture", "2110 2130 2140 2190"), ("家居", "Home Furnishing", "2110 2190"))),
    "22": _Profile(300, 1.4, 35, -0.5, 0.10, 0.25, 0.025, (
        ("纸业", "Paper", "2221 2239"), ("包装材料", "Packaging Materials", "2231"))),
    "23": _Profile(180, 1.3, 20, -0.3, 0.10, 0.30, 0.03, (
        ("印刷", "Printing", "2311 2319"), ("包装印刷", "Packaging and Printing", "2319"))),
    "24": _Profile(200, 1.5, 16, -0.3, 0.45, 0.25, 0.02, (
        ("玩具", "Toys", "2451 2452 2459"), ("工艺品", "Arts and Crafts", "2431 2432 2438 2439"),
        ("文具", "Stationery", "2411 2412"), ("体育用品", "Sporting Goods", "2441 2442 2443"))),
    "26": _Profile(400, 1.5, 60, 0.8, 0.15, 0.45, 0.03, (
        ("化工", "Chemical", "2614 2661 2669"), ("新材料", "New Materials", "2651 2659"),
        ("涂料", "Coatings", "2641 2642"), ("日化", "Daily Chemicals", "2681 2682"))),
    "27": _Profile(400, 1.7, 45, 1.5, 0.10, 0.60, 0.04, (
        ("制药", "Pharmaceutical", "2720 2740"), ("生物医药", "Biomedical", "2761 2770"))),
    "29": _Profile(260, 1.4, 30, 0.3, 0.25, 0.35, 0.025, (
        ("塑料制品", "Plastic Products", "2921 2922 2926 2927 2929"),
        ("塑胶", "Plastics", "2927 2929"), ("橡胶制品", "Rubber Products", "2912 2913 2915"))),
    "30": _Profile(350, 1.5, 35, 0.0, 0.10, 0.30, 0.03, (
        ("陶瓷", "Ceramics", "3071 3072 3074"), ("建材", "Building Materials", "3021 3032 3033"),
        ("玻璃", "Glass", "3041 3051 3054"))),
    "31": _Profile(700, 1.6, 100, -0.2, 0.05, 0.30, 0.02, (("钢铁", "Steel", "3120 3130"),)),
    "32": _Profile(600, 1.6, 80, 0.2, 0.10, 0.35, 0.02, (
        ("铝业", "Aluminium", "3216 3252"), ("有色金属", "Non-ferrous Metals", "3240 3251"))),
    "33": _Profile(240, 1.4, 26, 0.3, 0.30, 0.35, 0.025, (
        ("五金制品", "Hardware Products", "3322 3351 3352 3389"),
        ("金属制品", "Metal Products", "3311 3312 3360 3399"),
        ("不锈钢制品", "Stainless Steel Products", "3381 3382 3389"))),
    "34": _Profile(300, 1.5, 30, 1.0, 0.20, 0.50, 0.03, (
        ("机械设备", "Machinery and Equipment", "3441 3443 3484 3499"),
        ("自动化设备", "Automation Equipment", "3491 3499"),
        ("机械", "Machinery", "3421 3431 3484"))),
    "35": _Profile(300, 1.5, 30, 1.3, 0.20, 0.55, 0.03, (
        ("智能装备", "Intelligent Equipment", "3562 3563 3569 3591"),
        ("模具", "Moulds", "3525"), ("专用设备", "Special Equipment", "3523 3531 3599"),
        ("医疗器械", "Medical Devices", "3581 3585 3589"))),
    "36": _Profile(500, 1.6, 45, 0.8, 0.10, 0.45, 0.03, (
        ("汽车零部件", "Auto Parts", "3670"), ("汽车配件", "Auto Accessories", "3670"))),
    "37": _Profile(300, 1.6, 35, 0.5, 0.20, 0.40, 0.03, (
        ("电动车", "Electric Vehicle", "3770"), ("摩托车", "Motorcycle", "3751 3752"),
        ("船舶", "Shipbuilding", "3731"))),
    "38": _Profile(330, 1.5, 35, 1.3, 0.35, 0.55, 0.025, (
        ("电器", "Electrical Appliances", "3851 3854 3855 3856 3857"),
        ("电气", "Electric", "3821 3823 3831 3899"), ("照明", "Lighting", "3871 3872 3879"),
        ("新能源", "New Energy", "3841 3849"))),
    "39": _Profile(350, 1.6, 35, 1.6, 0.45, 0.60, 0.02, (
        ("电子科技", "Electronic Technology", "3971 3976 3981 3982 3989"),
        ("电子", "Electronics", "3982 3984 3990"),
        ("智能科技", "Intelligent Technology", "3961 3962 3964 3969"),
        ("通信设备", "Communication Equipment", "3921 3922"),
        ("光电", "Optoelectronics", "3974 3975 3976"), ("计算机", "Computer", "3912 3913 3914"))),
    "40": _Profile(250, 1.5, 26, 1.6, 0.20, 0.60, 0.03, (
        ("仪器仪表", "Instruments", "4011 4012 4090"),
        ("检测设备", "Testing Equipment", "4014 4015 4019"))),
    "41": _Profile(150, 1.4, 20, -0.5, 0.25, 0.15, 0.02, (("实业", "Industrial", "4119 4190"),)),
    "42": _Profile(300, 1.5, 65, -0.5, 0.02, 0.15, 0.02, (
        ("再生资源", "Renewable Resources", "4210 4220"),)),
    "43": _Profile(120, 1.3, 20, -0.5, 0.05, 0.10, 0.03, (
        ("设备维修", "Equipment Repair", "4310 4320 4330"),)),
    "44": _Profile(800, 1.8, 200, 0.0, 0.0, 0.20, 0.05, (
        ("电力", "Power", "4411 4420"), ("新能源", "New Energy", "4415 4416"),
        ("能源", "Energy", "4412 4430"))),
    "45": _Profile(700, 1.8, 200, -0.5, 0.0, 0.10, 0.04, (("燃气", "Gas", "4511"),)),
    "46": _Profile(500, 1.5, 80, -0.5, 0.0, 0.10, 0.04, (("水务", "Water", "4610 4620"),)),
    "47": _Profile(500, 1.7, 60, -1.0, 0.0, 0.10, 0.03, (
        ("建筑工程", "Construction Engineering", "4710 4790"),
        ("建设", "Construction", "4710 4790"))),
    "48": _Profile(450, 1.7, 60, -0.8, 0.01, 0.10, 0.03, (
        ("市政工程", "Municipal Engineering", "4813 4852 4890"),
        ("路桥工程", "Road and Bridge Engineering", "4812 4819"))),
    "49": _Profile(250, 1.5, 40, -1.0, 0.0, 0.05, 0.03, (
        ("机电安装", "Electromechanical Installation", "4910 4920 4990"),)),
    "50": _Profile(150, 1.5, 30, -1.2, 0.0, 0.05, 0.03, (
        ("装饰工程", "Decoration Engineering", "5011 5012 5013"),
        ("建筑装饰", "Building Decoration", "5011 5012"))),
    "51": _Profile(150, 1.7, 60, -2.0, 0.12, 0.02, 0.01, (
        ("贸易", "Trading", "5123 5132 5137 5174 5179 5199"),
        ("商贸", "Commerce and Trade", "5121 5128 5165 5169"),
        ("进出口", "Import and Export", "5175 5176 5177 5181"))),
    "52": _Profile(60, 1.5, 40, -3.0, 0.02, 0.01, 0.015, (
        ("商贸", "Trading", "5219 5221 5232"), ("超市", "Supermarket", "5212"),
        ("百货", "Department Store", "5211"), ("家电", "Home Appliances", "5271 5274"))),
    "54": _Profile(120, 1.5, 30, -2.0, 0.01, 0.02, 0.025, (
        ("物流", "Logistics", "5431 5437 5439"), ("运输", "Transport", "5431 5433 5435"))),
    "58": _Profile(150, 1.6, 60, -2.0, 0.10, 0.02, 0.015, (
        ("货运代理", "Freight Forwarding", "5821"),
        ("国际物流", "International Logistics", "5821"))),
    "59": _Profile(120, 1.6, 40, -2.0, 0.02, 0.02, 0.03, (
        ("仓储", "Warehousing", "5920 5990"), ("冷链", "Cold Chain", "5930"))),
    "60": _Profile(100, 1.6, 15, -2.0, 0.0, 0.02, 0.03, (("快递", "Express", "6020"),)),
    "61": _Profile(100, 1.4, 12, -3.0, 0.0, 0.0, 0.05, (
        ("酒店", "Hotel", "6110 6121"), ("酒店管理", "Hotel Management", "6110 6121"))),
    "62": _Profile(50, 1.2, 8, -3.0, 0.0, 0.0, 0.03, (
        ("餐饮管理", "Catering Management", "6210 6220"), ("餐饮", "Catering", "6210 6291"))),
    "64": _Profile(60, 1.8, 40, 0.8, 0.03, 0.40, 0.04, (
        ("网络科技", "Network Technology", "6429 6432 6490"),
        ("互联网科技", "Internet Technology", "6431 6432 6450"))),
    "65": _Profile(80, 1.7, 35, 1.6, 0.05, 0.60, 0.04, (
        ("信息技术", "Information Technology", "6513 6531 6560"),
        ("软件", "Software", "6511 6513 6519"),
        ("数字科技", "Digital Technology", "6532 6550 6579"))),
    "70": _Profile(300, 2.0, 100, -3.0, 0.0, 0.0, 0.08, (
        ("房地产开发", "Real Estate Development", "7010"),
        ("物业管理", "Property Management", "7020"), ("置业", "Property", "7010 7040"),
        ("房产中介", "Real Estate Agency", "7030"))),
    "72": _Profile(50, 1.7, 20, -2.0, 0.01, 0.03, 0.05, (
        ("企业管理咨询", "Business Management Consulting", "7211 7219 7243"),
        ("商务服务", "Business Services", "7297 7299"), ("投资", "Investment", "7212"),
        ("人力资源", "Human Resources", "7262 7263"),
        ("供应链管理", "Supply Chain Management", "7224"),
        ("广告", "Advertising", "7251 7259"), ("会展服务", "Exhibition Services", "7281 7289"))),
    "73": _Profile(60, 1.6, 25, 2.0, 0.01, 0.70, 0.03, (
        ("生物科技", "Biotechnology", "7310"),
        ("技术研究院", "Technology Research Institute", "7320"))),
    "74": _Profile(80, 1.5, 25, 0.5, 0.01, 0.30, 0.04, (
        ("工程设计", "Engineering Design", "7481 7484"),
        ("检测技术", "Testing Technology", "7452"), ("设计", "Design", "7491 7492"))),
    "75": _Profile(50, 1.6, 25, 0.8, 0.01, 0.40, 0.04, (
        ("科技", "Technology", "7519 7590"), ("科技发展", "Technology Development", "7519"),
        ("环保科技", "Environmental Technology", "7516"),
        ("新能源科技", "New Energy Technology", "7515"),
        ("知识产权", "Intellectual Property", "7520"))),
    "80": _Profile(40, 1.3, 8, -3.0, 0.0, 0.0, 0.03, (
        ("家政服务", "Housekeeping Services", "8010"), ("美容", "Beauty", "8040"))),
    "81": _Profile(50, 1.3, 12, -3.0, 0.0, 0.0, 0.03, (
        ("汽车维修", "Auto Repair", "8111"), ("汽车服务", "Auto Services", "8111 8112"),
        ("家电维修", "Appliance Repair", "8131 8132"))),
}  # fmt: skip

# Share of Guangdong's enterprises by division, in percent: estimates, not statistics.
_DEFAULT_WEIGHTS = (
    ("01", "A", 0.8), ("03", "A", 0.4), ("04", "A", 0.3), ("10", "B", 0.1),
    ("13", "C", 0.5), ("14", "C", 0.4), ("15", "C", 0.2), ("17", "C", 0.7), ("18", "C", 1.1),
    ("19", "C", 0.6), ("20", "C", 0.3), ("21", "C", 1.0), ("22", "C", 0.5), ("23", "C", 0.6),
    ("24", "C", 0.9), ("26", "C", 1.0), ("27", "C", 0.2), ("29", "C", 1.5), ("30", "C", 0.8),
    ("31", "C", 0.1), ("32", "C", 0.3), ("33", "C", 2.1), ("34", "C", 1.5), ("35", "C", 1.2),
    ("36", "C", 0.3), ("37", "C", 0.1), ("38", "C", 2.2), ("39", "C", 2.6), ("40", "C", 0.4),
    ("41", "C", 0.2), ("42", "C", 0.2), ("43", "C", 0.1),
    ("44", "D", 0.3), ("45", "D", 0.05), ("46", "D", 0.1),
    ("47", "E", 0.8), ("48", "E", 1.0), ("49", "E", 0.9), ("50", "E", 1.8),
    ("51", "F", 20.0), ("52", "F", 9.0),
    ("54", "G", 2.0), ("58", "G", 1.0), ("59", "G", 0.6), ("60", "G", 0.3),
    ("61", "H", 0.4), ("62", "H", 2.0), ("64", "I", 1.5), ("65", "I", 6.0), ("70", "K", 2.5),
    ("72", "L", 11.0), ("73", "M", 0.8), ("74", "M", 2.5), ("75", "M", 5.0),
    ("80", "O", 1.0), ("81", "O", 0.8),
)  # fmt: skip


def default_division_weights() -> tuple[DivisionWeight, ...]:
    """Guangdong's industrial structure as shares of enterprises by division, in percent.

    These are estimates, not published statistics: informed by the structure of Guangdong's
    enterprises (many trading and business-service companies; manufacturing about a fifth of
    all, led by electronics 39, electrical machinery 38 and metal products 33, then plastics 29,
    general equipment 34, special equipment 35, furniture 21 and textiles/apparel 17/18).
    Together about 99; only the proportions matter.
    """
    return tuple(DivisionWeight(d, s, w) for d, s, w in _DEFAULT_WEIGHTS)


def _fallback_profile(division: str, section: str) -> _Profile:
    """For a division without a profile: its class "<division>10" may not exist in GB/T 4754;
    only its division is sure to."""
    industrial = section in INDUSTRIAL_SECTIONS
    line = (("实业", "Industrial", f"{division}10"),)
    if industrial:
        return _Profile(250, 1.5, 50, 0.0, 0.10, 0.25, 0.03, line)
    return _Profile(80, 1.6, 30, -1.5, 0.01, 0.05, 0.03, line)


# Share multipliers of the three non-private ownerships by section (1 where not listed).
_STATE = {"C": 0.5, "D": 8.0, "E": 2.5, "F": 0.6, "G": 2.0, "K": 2.0, "N": 5.0}
_HMT = {"C": 1.6, "F": 1.2, "K": 1.0, "L": 1.0}
_FOREIGN = {"C": 1.6, "F": 1.0, "I": 1.0, "L": 1.2, "M": 1.0}
_OWNERSHIPS = (
    Ownership.DOMESTIC_PRIVATE,
    Ownership.STATE_OWNED,
    Ownership.HMT_INVESTED,
    Ownership.FOREIGN_INVESTED,
)
_HMT_SOURCES = (("HK", 0.85), ("TW", 0.12), ("MO", 0.03))
_FOREIGN_SOURCES = (
    ("JP", 0.20), ("US", 0.14), ("SG", 0.14), ("KR", 0.10), ("DE", 0.08), ("VG", 0.08),
    ("GB", 0.05), ("MY", 0.04), ("FR", 0.03), ("NL", 0.03), ("TH", 0.03), ("AU", 0.03),
    ("CA", 0.03), ("IT", 0.02),
)  # fmt: skip

# --- Names and addresses -----------------------------------------------------------------

# A syllable of the trade name and its pinyin.
_SYLLABLES = (
    "华hua", "盛sheng", "达da", "利li", "鑫xin", "源yuan", "兴xing", "隆long", "泰tai",
    "丰feng", "宏hong", "恒heng", "通tong", "发fa", "安an", "顺shun", "昌chang", "德de",
    "嘉jia", "信xin", "新xin", "创chuang", "金jin", "明ming", "永yong", "富fu", "荣rong",
    "祥xiang", "瑞rui", "宝bao", "中zhong", "海hai", "联lian", "美mei", "佳jia", "汇hui",
    "捷jie", "志zhi", "诚cheng", "合he", "力li", "健jian", "威wei", "锦jin", "亿yi",
    "万wan", "骏jun", "博bo", "腾teng", "展zhan", "旺wang", "益yi", "鸿hong", "东dong",
    "南nan", "方fang", "天tian", "星xing", "光guang", "冠guan", "凯kai", "振zhen", "粤yue",
    "俊jun", "智zhi", "聚ju", "卓zhuo", "越yue", "晟sheng", "欣xin", "峰feng", "奥ao",
    "艺yi", "宇yu", "辉hui", "景jing", "润run", "成cheng", "正zheng", "远yuan", "亚ya",
)  # fmt: skip
_ROADS = (
    "人民路", "建设路", "中山路", "解放路", "新华路", "文明路", "工业大道", "环城路",
    "沿江路", "迎宾大道", "站前路", "东风路", "南华路", "朝阳路", "光明路", "和平路",
    "兴业路", "科技路", "创业路", "发展大道", "开发大道", "商业街", "富民路", "育才路",
)  # fmt: skip
_PARKS = ("工业园", "经济开发区", "产业园", "高新区")
_CAPITAL_GRID = np.array((
    1, 3, 5, 8, 10, 20, 30, 50, 80, 100, 200, 300, 500, 800, 1000, 1500, 2000, 3000,
    5000, 8000, 10000, 20000, 30000, 50000, 100000,
), dtype=np.float64)  # fmt: skip

# --- Credit codes ------------------------------------------------------------------------

_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714 organisation code
_OLD_MOD, _OLD_MUL, _OLD_ADD = 10**8, 48_271_453, 19_733_611  # scramble 8-digit codes
_NEW_MOD, _NEW_MUL, _NEW_ADD = 31**6, 392_117_723, 51_200_447  # scramble "MA" codes
_USCC_START = datetime.date(2015, 10, 1)


def _org_value(char: str) -> int:
    """GB 11714 value of a character: digits as such, A = 10 … Z = 35."""
    return int(char) if char.isdigit() else ord(char) - 55


def _org_check(values: Sequence[int]) -> str:
    check = 11 - sum(v * w for v, w in zip(values, _ORG_WEIGHTS, strict=True)) % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def uscc_for(
    region_code: str, serial: int, *, authority: str = "9", kind: str = "1", modern: bool = True
) -> str:
    """A valid 18-character Unified Social Credit Code, unique for each ``serial``.

    authority, kind and the 6-digit region are followed by a 9-character organisation code
    with its own GB 11714 check character, then the GB 32100 mod-31 check character.
    ``modern`` (registered since 1 October 2015): the organisation code is "MA" and 6
    characters; otherwise 8 digits, as older enterprises kept theirs. The serial is scrambled
    so that consecutive serials do not give consecutive codes. 0 <= serial < MAX_ROWS.
    """
    if len(region_code) != 6 or not region_code.isascii() or not region_code.isdigit():
        raise ValueError(f"region_code: {region_code!r} is not 6 digits")
    if not 0 <= serial < MAX_ROWS:
        raise ValueError(f"serial: {serial} is not in [0, {MAX_ROWS})")
    for field, char in (("authority", authority), ("kind", kind)):
        if len(char) != 1 or char not in _ALPHABET:
            raise ValueError(f"{field}: {char!r} is not one character of {_ALPHABET}")
    if modern:
        number = (serial * _NEW_MUL + _NEW_ADD) % _NEW_MOD
        tail = ""
        for _ in range(6):
            number, digit = divmod(number, 31)
            tail = _ALPHABET[digit] + tail
        body = "MA" + tail
    else:
        body = f"{(serial * _OLD_MUL + _OLD_ADD) % _OLD_MOD:08d}"
    head = authority + kind + region_code + body + _org_check([_org_value(c) for c in body])
    total = sum(_ALPHABET.index(c) * w for c, w in zip(head, _USCC_WEIGHTS, strict=True))
    return head + _ALPHABET[(31 - total % 31) % 31]


def _uscc_array(region_digits: npt.NDArray[np.uint8], serial: Ints, modern: Bools) -> pa.Array:
    """``uscc_for(region, serial, modern=…)`` for many rows at once, as an Arrow string array."""
    n = len(serial)
    values = np.empty((n, 8), dtype=np.int64)  # GB 11714 values of the organisation body
    old = (serial * _OLD_MUL + _OLD_ADD) % _OLD_MOD
    new = (serial * _NEW_MUL + _NEW_ADD) % _NEW_MOD
    old_digits = (old[:, None] // 10 ** np.arange(7, -1, -1)) % 10
    new_digits = (new[:, None] // 31 ** np.arange(5, -1, -1)) % 31  # alphabet indices
    alphabet_codes = np.frombuffer(_ALPHABET.encode(), dtype=np.uint8)
    alphabet_values = np.array([_org_value(c) for c in _ALPHABET], dtype=np.int64)
    values[:] = old_digits
    values[modern, 0] = _org_value("M")
    values[modern, 1] = _org_value("A")
    values[modern, 2:] = alphabet_values[new_digits[modern]]
    check = 11 - (values @ np.array(_ORG_WEIGHTS)) % 11
    check_codes = np.where(check == 10, ord("X"), np.where(check == 11, ord("0"), 48 + check))

    chars = np.empty((n, 18), dtype=np.uint8)
    chars[:, 0] = ord("9")
    chars[:, 1] = ord("1")
    chars[:, 2:8] = region_digits
    chars[:, 8:16] = 48 + old_digits
    chars[modern, 8] = ord("M")
    chars[modern, 9] = ord("A")
    chars[modern, 10:16] = alphabet_codes[new_digits[modern]]
    chars[:, 16] = check_codes
    index = np.zeros(128, dtype=np.int64)
    index[alphabet_codes] = np.arange(31)
    total = index[chars[:, :17]] @ np.array(_USCC_WEIGHTS)
    chars[:, 17] = alphabet_codes[(31 - total % 31) % 31]
    offsets = np.arange(0, 18 * n + 1, 18, dtype=np.int32)
    return pa.Array.from_buffers(
        pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(chars.tobytes())]
    )


# --- The plan: reference data turned into arrays -----------------------------------------


def _cumulative(weights: Sequence[float], what: str) -> Floats:
    array = np.asarray(weights, dtype=np.float64)
    if len(array) == 0 or not np.all(np.isfinite(array)) or np.any(array < 0) or array.sum() <= 0:
        raise ValueError(f"{what}: weights must be finite, not negative, and not all zero")
    cumulative: Floats = np.cumsum(array) / array.sum()
    return cumulative


def _pick(cumulative: Floats, u: Floats) -> Ints:
    picked: Ints = np.minimum(np.searchsorted(cumulative, u, side="right"), len(cumulative) - 1)
    return picked


def _days(day: datetime.date) -> int:
    return (day - datetime.date(1970, 1, 1)).days


def _short_name(name: str) -> str:
    """四会市 → 四会, 连南瑶族自治县 → 连南; a two-character name stays whole."""
    if "族" in name:
        return name[: name.index("族") - 1]
    return name[:-1] if len(name) > 2 else name


class _Plan:
    """Everything a block needs that does not depend on the block."""

    def __init__(
        self,
        *,
        seed: int,
        regions: Sequence[RegionWeight],
        divisions: Sequence[DivisionWeight] | None,
        year: int,
        region_names: Mapping[str, tuple[str, str]] | None,
    ) -> None:
        if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
            raise ValueError(f"seed: {seed!r} is not a non-negative integer")
        if not 1981 <= year <= 2100:
            raise ValueError(f"year: {year} is not between 1981 and 2100")
        self.seed, self.year = seed, year
        self.year_end = _days(datetime.date(year, 12, 31))
        self.first_day = _days(datetime.date(1980, 1, 1))

        self.region_cum = _cumulative([r.weight for r in regions], "regions")
        codes = [r.code for r in regions]
        for code in codes:
            if len(code) != 6 or not code.isascii() or not code.isdigit():
                raise ValueError(f"regions: {code!r} is not a 6-digit region code")
        self.region_digits = np.frombuffer("".join(codes).encode(), np.uint8).reshape(-1, 6)
        self.region_codes = pa.array(codes)
        names = region_names or {}
        prefix_zh: list[str] = []
        prefix_en: list[str] = []
        short_zh: list[str] = []
        address: list[str | None] = []
        for code in codes:
            if code not in names:
                prefix_zh.append("广东")
                prefix_en.append("Guangdong")
                short_zh.append("广东")
                address.append(None)
                continue
            zh, en = names[code]
            city_code = code[:4] + "00"
            city = names.get(city_code) if city_code != code else None
            place_zh, place_en = city if city and zh.endswith("区") else (zh, en)
            prefix_zh.append(place_zh)
            prefix_en.append(place_en)
            short_zh.append(_short_name(place_zh))
            address.append("广东省" + (city[0] if city else "") + zh)
        self.prefix_zh, self.prefix_en = pa.array(prefix_zh), pa.array(prefix_en)
        self.short_zh, self.address = pa.array(short_zh), pa.array(address, pa.string())

        chosen = default_division_weights() if divisions is None else tuple(divisions)
        self.division_cum = _cumulative([d.weight for d in chosen], "divisions")
        profiles = []
        for d in chosen:
            if len(d.division) != 2 or not d.division.isdigit():
                raise ValueError(f"divisions: {d.division!r} is not a 2-digit division")
            profiles.append(_PROFILES.get(d.division) or _fallback_profile(d.division, d.section))
        sections = [d.section for d in chosen]

        def column(values: Sequence[float]) -> Floats:
            return np.asarray(values, dtype=np.float64)

        self.log_median = np.log(column([p.revenue for p in profiles]))
        self.sigma = column([p.sigma for p in profiles])
        self.log_per_employee = np.log(column([p.per_employee for p in profiles]))
        self.tech = column([p.tech for p in profiles])
        self.export = column([p.export for p in profiles])
        self.rd = column([p.rd for p in profiles])
        self.tax = column([p.tax for p in profiles])
        self.industrial = np.array([s in INDUSTRIAL_SECTIONS for s in sections])
        self.manufacturing = np.array([s == "C" for s in sections])
        self.state = column([_STATE.get(s, 1.0) for s in sections])
        self.hmt = column([_HMT.get(s, 0.6) for s in sections])
        self.foreign = column([_FOREIGN.get(s, 0.6) for s in sections])

        line_zh, line_en, line_count, class_count, classes = [], [], [], [], []
        for p in profiles:
            line_count.append(len(p.lines))
            for zh, en, codes_text in p.lines:
                line_zh.append(zh)
                line_en.append(en)
                class_count.append(len(codes_text.split()))
                classes.extend(codes_text.split())
        self.line_count = np.array(line_count, dtype=np.int64)
        self.line_start = np.concatenate([[0], np.cumsum(self.line_count)[:-1]]).astype(np.int64)
        self.class_count = np.array(class_count, dtype=np.int64)
        self.class_start = np.concatenate([[0], np.cumsum(self.class_count)[:-1]]).astype(np.int64)
        self.line_zh, self.line_en, self.classes = (
            pa.array(line_zh),
            pa.array(line_en),
            pa.array(classes),
        )

        zh_syllables = [s[0] for s in _SYLLABLES]
        en_syllables = [s[1:] for s in _SYLLABLES]
        self.syllable_zh = pa.array([*zh_syllables, ""])
        self.syllable_first = pa.array([s.capitalize() for s in en_syllables])
        self.syllable_next = pa.array(
            [("'" + s if s[0] in "aoe" else s) for s in en_syllables] + [""]
        )
        self.roads, self.parks = pa.array(_ROADS), pa.array([*_PARKS, ""])
        self.ownerships = pa.array([o.value for o in _OWNERSHIPS])
        sources = [*_HMT_SOURCES, *_FOREIGN_SOURCES]
        self.countries = pa.array([c for c, _ in sources])
        self.hmt_cum = _cumulative([w for _, w in _HMT_SOURCES], "sources")
        self.foreign_cum = _cumulative([w for _, w in _FOREIGN_SOURCES], "sources")
        self.window_start = _days(datetime.date(year - 2, 1, 1))  # certificates last 3 years
        self.listing_start = _days(datetime.date(1990, 12, 19))  # Shanghai Stock Exchange opens


# --- One block ---------------------------------------------------------------------------

_AGE_MEAN = 8.0  # years: ages are exponential (truncated at 1980), so most firms are young
_HIGH_TECH_FLOOR = ((5000.0, 0.05), (20000.0, 0.04))  # R&D / revenue required, else 3%


# Intercepts (log-odds), tuned on the default divisions to about 4% high-tech, 1% 专精特新,
# 0.1% 小巨人 and 0.02% listed enterprises.
_HIGH_TECH_LOGIT, _SPECIALISED_LOGIT, _GIANT_LOGIT, _LISTED_LOGIT = -3.3, -5.5, -1.5, -2.0


def _sigmoid(x: Floats) -> Floats:
    result: Floats = 1.0 / (1.0 + np.exp(-np.clip(x, -40.0, 40.0)))
    return result


def _take(dictionary: pa.Array, index: Ints, missing: Bools | None = None) -> pa.Array:
    return dictionary.take(pa.array(index, mask=missing))


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _money(values: Floats, missing: Bools) -> pa.Array:
    """Decimal128(18, 2) straight from integer hundredths: exact, and no per-value objects."""
    n = len(values)
    words = np.empty((n, 2), dtype=np.int64)  # little-endian 128-bit integers
    words[:, 0] = np.rint(values * 100.0).astype(np.int64)
    words[:, 1] = words[:, 0] >> 63
    validity = pa.py_buffer(np.packbits(~missing, bitorder="little"))
    return pa.Array.from_buffers(MONEY, n, [validity, pa.py_buffer(words)])


def _dates(days: Ints, missing: Bools) -> pa.Array:
    return pa.array(days.astype(np.int32), type=pa.date32(), mask=missing)


def _year_of(days: Ints) -> Ints:
    years: Ints = days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    return years


def _block(plan: _Plan, block: int) -> pa.RecordBatch:
    """Rows ``block * BLOCK`` to ``(block + 1) * BLOCK - 1``, from the block's own stream.

    Every draw is made for the whole block and in a fixed order, so a block never depends on
    which of its rows are asked for.
    """
    stream = np.random.SeedSequence(plan.seed, spawn_key=(block,))
    rng = np.random.Generator(np.random.PCG64(stream))
    n = BLOCK
    uniform, normal = rng.random, rng.standard_normal

    region = _pick(plan.region_cum, uniform(n))
    division = _pick(plan.division_cum, uniform(n))
    line = plan.line_start[division] + (uniform(n) * plan.line_count[division]).astype(np.int64)
    klass = plan.class_start[line] + (uniform(n) * plan.class_count[line]).astype(np.int64)
    industrial = plan.industrial[division]
    z = normal(n)  # latent size

    span = plan.year + 1 - 1980
    age = -_AGE_MEAN * np.log1p(uniform(n) * np.expm1(-span / _AGE_MEAN))
    founded = np.maximum(plan.year_end - (age * 365.25).astype(np.int64), plan.first_day)
    days_open = plan.year_end - founded + 1
    founded_year = _year_of(founded)

    weights = np.empty((n, 4))
    weights[:, 0] = 0.85
    weights[:, 1] = 0.03 * plan.state[division] * np.exp(0.5 * z - 0.125)
    weights[:, 2] = 0.07 * plan.hmt[division] * np.exp(0.35 * z - 0.06125)
    weights[:, 3] = 0.05 * plan.foreign[division] * np.exp(0.35 * z - 0.06125)
    cumulative = np.cumsum(weights, axis=1)
    ownership = (cumulative < (uniform(n) * cumulative[:, -1])[:, None]).sum(axis=1)
    invested = ownership >= 2  # Hong Kong, Macao, Taiwan or foreign
    source = uniform(n)
    country = np.where(
        ownership == 2,
        _pick(plan.hmt_cum, source),
        len(_HMT_SOURCES) + _pick(plan.foreign_cum, source),
    )

    # Revenue: log-normal by division; older and invested firms a little larger; firms founded
    # during the year earn for part of it; a few are dormant.
    log_size = (
        plan.log_median[division]
        + plan.sigma[division] * z
        + 0.25 * (np.log1p(days_open / 365.25) - 2.6)
        + 0.3 * invested
    )
    dormant = uniform(n) < 0.03
    revenue = np.where(dormant, 0.0, np.exp(log_size) * np.minimum(days_open / 365.25, 1.0))
    median = plan.log_median[division]  # larger firms need fewer employees per unit of revenue
    log_employees = (
        median - plan.log_per_employee[division] + 0.85 * (log_size - median) + 0.45 * normal(n)
    )
    employees = np.maximum(1.0, np.rint(np.exp(log_employees))).astype(np.int64)
    employees = np.where(dormant, np.minimum(employees, rng.integers(1, 6, n)), employees)

    # Registered capital: correlated with size, larger for state and invested firms, mostly a
    # round amount (foreign capital converted from another currency often is not).
    log_capital = 0.5 * log_size + 1.8 + 1.1 * normal(n) + np.array([0, 1.2, 0.6, 0.8])[ownership]
    log_capital = np.clip(log_capital, 0.0, np.log(1e6))
    grid = np.log(_CAPITAL_GRID)
    rounded = _CAPITAL_GRID[np.searchsorted((grid[1:] + grid[:-1]) / 2, log_capital)]
    capital = np.where(uniform(n) < np.where(invested, 0.5, 0.88), rounded, np.exp(log_capital))

    # High-tech certificate: by division and size; valid 3 years, issued in November or
    # December of a year after the founding one.
    high_tech = (uniform(n) < _sigmoid(_HIGH_TECH_LOGIT + plan.tech[division] + 0.9 * z)) & ~dormant
    issue_year = np.maximum(plan.year - rng.integers(0, 3, n), founded_year + 1)
    high_tech &= issue_year <= plan.year
    november = ((issue_year - 1970) * 12 + 10).astype("datetime64[M]")
    november_day = november.astype("datetime64[D]").astype(np.int64)
    issued = november_day + rng.integers(0, 61, n)
    expires = (november + 36).astype("datetime64[D]").astype(np.int64) + (issued - november_day)
    cert_no = issue_year * 10**8 + 44 * 10**6 + rng.integers(0, 100_000, n)  # GR2023440xxxxx

    # R&D: high-tech firms meet the certificate's intensity floor; others may spend a little.
    floor = np.full(n, 0.03)
    for limit, share in reversed(_HIGH_TECH_FLOOR):
        floor = np.where(revenue < limit, share, floor)
    other_intensity = np.clip(0.015 * np.exp(0.7 * normal(n)), 0.001, 0.2)
    intensity = np.where(high_tech, floor + rng.exponential(0.015, n), other_intensity)
    doing_rd = uniform(n) < plan.rd[division] * _sigmoid(0.5 + 0.8 * z)
    rd = np.where(high_tech | (doing_rd & ~dormant), revenue * intensity, 0.0)

    # Exports: by division, far more often for invested firms, which export more of their sales.
    own_export = np.array([1.0, 0.4, 2.0, 2.0])[ownership]
    export_chance = np.clip(plan.export[division] * own_export * np.exp(0.3 * z), 0.0, 0.95)
    exporting = (uniform(n) < export_chance) & ~dormant
    export_share = np.where(invested, rng.beta(3.0, 2.0, n), rng.beta(1.5, 3.0, n))
    exports = np.where(exporting, revenue * export_share, 0.0)

    # Taxes (small taxpayers below 1.2 million yuan are often exempt) and output value.
    taxes = revenue * plan.tax[division] * np.exp(0.5 * normal(n) - 0.125)
    taxes = np.where((revenue < 120.0) & (uniform(n) < 0.5), 0.0, taxes)
    output = revenue * np.clip(1.03 + 0.08 * normal(n), 0.7, 1.5)

    # 专精特新 (after two years in business), 小巨人 (at least half a year later), listing.
    manufacturing = plan.manufacturing[division]
    specialised_logit = (
        _SPECIALISED_LOGIT
        + 2.6 * high_tech
        + 1.5 * manufacturing
        + 0.6 * plan.tech[division]
        + 0.9 * (log_size - np.log(1000.0))
    )
    specialised = (uniform(n) < _sigmoid(specialised_logit)) & (days_open > 730) & ~dormant
    window = plan.year_end - plan.window_start + 1
    specialised_on = plan.window_start + (uniform(n) * window).astype(np.int64)
    specialised_on = np.maximum(specialised_on, founded + 730)
    giant_from = specialised_on + 180
    giant = specialised & (
        uniform(n) < _sigmoid(_GIANT_LOGIT + 1.0 * (log_size - np.log(10000.0)) + 1.0 * high_tech)
    )
    giant &= giant_from <= plan.year_end
    giant_span = np.maximum(plan.year_end - giant_from + 1, 1)
    giant_on = giant_from + (uniform(n) * giant_span).astype(np.int64)
    listed_from = np.maximum(founded + 1096, plan.listing_start)
    listed = uniform(n) < _sigmoid(
        _LISTED_LOGIT + 2.0 * (log_size - np.log(50000.0)) + 0.8 * high_tech
    )
    listed &= (listed_from <= plan.year_end) & ~dormant
    listed_span = np.maximum(plan.year_end - listed_from + 1, 1)
    listed_on = listed_from + (uniform(n) * listed_span).astype(np.int64)
    joint_stock = listed | ((z > 0.5) & (uniform(n) < 0.02))

    # Name and address parts.
    # Three different syllables: the second skips the first, the third skips both.
    first = rng.integers(0, len(_SYLLABLES), n)
    second = rng.integers(0, len(_SYLLABLES) - 1, n)
    second += second >= first
    third = rng.integers(0, len(_SYLLABLES) - 2, n)
    third += third >= np.minimum(first, second)
    third += third >= np.maximum(first, second)
    third = np.where(uniform(n) < 0.35, third, len(_SYLLABLES))
    bracketed = uniform(n) < 0.1  # 华盛（四会）电子科技有限公司
    english = uniform(n) < 0.25 + 0.45 * invested + 0.1 * (z > 1)
    road = rng.integers(0, len(_ROADS), n)
    number = rng.integers(1, 300, n)
    in_park = industrial & (uniform(n) < 0.6)
    park = np.where(in_park, rng.integers(0, len(_PARKS), n), len(_PARKS))
    room = rng.integers(1, 31, n) * 100 + rng.integers(1, 21, n)
    in_room = ~industrial & (uniform(n) < 0.4)

    # Missing values, as in real registers.
    def missing(share: float) -> Bools:
        drawn: Bools = uniform(n) < share
        return drawn

    no_figures = missing(0.06)
    missing_revenue = no_figures | missing(0.05)
    missing_rd = no_figures | missing(0.08)
    missing_employees = no_figures | missing(0.06)
    missing_taxes = no_figures | missing(0.08)
    missing_exports = no_figures | missing(0.08)
    missing_output = no_figures | missing(0.06) | ~industrial
    missing_address = missing(0.07)
    missing_capital = missing(0.04)
    missing_founded = missing(0.02)
    missing_ownership = missing(0.03)
    missing_industry = missing(0.015)
    missing_region = missing(0.01)

    modern = founded >= _days(_USCC_START)
    uscc = _uscc_array(plan.region_digits[region], np.arange(n) + block * n, modern)
    trade_zh = _join(*(_take(plan.syllable_zh, s) for s in (first, second, third)))
    trade_en = _join(
        _take(plan.syllable_first, first),
        _take(plan.syllable_next, second),
        _take(plan.syllable_next, third),
    )
    word_zh, word_en = _take(plan.line_zh, line), _take(plan.line_en, line)
    suffix = _take(pa.array(["有限公司", "股份有限公司"]), joint_stock.astype(np.int64))
    place_zh, place_en = _take(plan.prefix_zh, region), _take(plan.prefix_en, region)
    name = pc.if_else(
        pa.array(bracketed),
        _join(trade_zh, "（", _take(plan.short_zh, region), "）", word_zh, suffix),
        _join(place_zh, trade_zh, word_zh, suffix),
    )
    name_en = pc.if_else(
        pa.array(bracketed),
        _join(trade_en, " (", place_en, ") ", word_en, " Co., Ltd."),
        _join(place_en, " ", trade_en, " ", word_en, " Co., Ltd."),
    )
    name_en = pc.if_else(pa.array(english), name_en, pa.scalar(None, pa.string()))
    room_text = pc.if_else(pa.array(in_room), _join(pc.cast(pa.array(room), pa.string()), "房"), "")
    address = _join(
        _take(plan.address, region, missing_address),
        _take(plan.parks, park),
        _take(plan.roads, road),
        pc.cast(pa.array(number), pa.string()),
        "号",
        room_text,
    )
    cert = _join("GR", pc.cast(pa.array(cert_no, mask=~high_tech), pa.string()))
    year = np.full(n, plan.year, dtype=np.int32)
    columns: dict[str, pa.Array] = {
        "uscc": uscc,
        "name": name,
        "name_en": name_en,
        "region_code": _take(plan.region_codes, region, missing_region),
        "address": address,
        "industry_code": _take(plan.classes, klass, missing_industry),
        "founded_on": _dates(founded, missing_founded),
        "registered_capital": _money(capital, missing_capital),
        "ownership": _take(plan.ownerships, ownership, missing_ownership),
        "foreign_country": _take(plan.countries, country, ~invested | missing_ownership),
        "high_tech_cert_no": cert,
        "high_tech_issued_on": _dates(issued, ~high_tech),
        "high_tech_expires_on": _dates(expires, ~high_tech),
        "specialised_new_on": _dates(specialised_on, ~specialised),
        "little_giant_on": _dates(giant_on, ~giant),
        "listed_on": _dates(listed_on, ~listed),
        "year": pa.array(year, mask=no_figures),
        "revenue": _money(revenue, missing_revenue),
        "rd_expenditure": _money(rd, missing_rd),
        "employees": pa.array(employees.astype(np.int32), mask=missing_employees),
        "taxes_paid": _money(taxes, missing_taxes),
        "export_value": _money(exports, missing_exports),
        "output_value": _money(output, missing_output),
    }
    return pa.RecordBatch.from_arrays([columns[k] for k in ARROW_SCHEMA.names], schema=ARROW_SCHEMA)


# --- The public API ----------------------------------------------------------------------


def _check_range(count: int, start: int) -> None:
    if count < 0:
        raise ValueError(f"count: {count} is negative")
    if start < 0:
        raise ValueError(f"start: {start} is negative")
    if start + count > MAX_ROWS:
        raise ValueError(f"start + count: {start + count} is more than {MAX_ROWS:,} rows")


def _pieces(plan: _Plan, count: int, start: int) -> Iterator[pa.RecordBatch]:
    """Rows ``start`` to ``start + count - 1``, as slices of whole blocks."""
    end = start + count
    for block in range(start // BLOCK, (end - 1) // BLOCK + 1 if count else 0):
        first, last = block * BLOCK, (block + 1) * BLOCK
        rows = _block(plan, block)
        yield rows.slice(max(start, first) - first, min(end, last) - max(start, first))


def generate_batches(
    count: int,
    *,
    seed: int,
    regions: Sequence[RegionWeight],
    divisions: Sequence[DivisionWeight] | None = None,
    year: int = 2025,
    batch_size: int = 100_000,
    start: int = 0,
    region_names: Mapping[str, tuple[str, str]] | None = None,
) -> Iterator[pa.RecordBatch]:
    """Rows ``start`` to ``start + count - 1`` as Arrow record batches of ``ARROW_SCHEMA``.

    Every batch has ``batch_size`` rows but the last. Memory stays bounded by a batch and a
    block whatever the count.
    """
    _check_range(count, start)
    if batch_size < 1:
        raise ValueError(f"batch_size: {batch_size} is not positive")
    plan = _Plan(
        seed=seed, regions=regions, divisions=divisions, year=year, region_names=region_names
    )
    pending: list[pa.RecordBatch] = []
    pending_rows = 0
    for piece in _pieces(plan, count, start):
        while piece.num_rows:
            taken = piece.slice(0, batch_size - pending_rows)
            pending.append(taken)
            pending_rows += taken.num_rows
            piece = piece.slice(taken.num_rows)
            if pending_rows == batch_size:
                yield _concatenate(pending)
                pending, pending_rows = [], 0
    if pending:
        yield _concatenate(pending)


def _concatenate(batches: list[pa.RecordBatch]) -> pa.RecordBatch:
    if len(batches) == 1:
        return batches[0]
    table = pa.Table.from_batches(batches, schema=ARROW_SCHEMA).combine_chunks()
    return table.to_batches()[0]


def _records(batch: pa.RecordBatch) -> Iterator[EnterpriseRecord]:
    for row in batch.to_pylist():
        for key in _STRING_KEYS:
            if row[key] is None:
                row[key] = ""
        row["ownership"] = Ownership(row["ownership"]) if row["ownership"] else None
        yield EnterpriseRecord(**row)


def generate(
    count: int,
    *,
    seed: int,
    regions: Sequence[RegionWeight],
    divisions: Sequence[DivisionWeight] | None = None,
    year: int = 2025,
    start: int = 0,
    region_names: Mapping[str, tuple[str, str]] | None = None,
) -> Iterator[EnterpriseRecord]:
    """``count`` enterprises, rows ``start`` onwards; row ``i`` depends only on seed and ``i``.

    ``regions`` weigh county-level codes (by population, say); ``divisions`` default to
    ``default_division_weights()``; figures are for ``year``, and founding dates run from 1980
    to its end.
    """
    for batch in generate_batches(
        count,
        seed=seed,
        regions=regions,
        divisions=divisions,
        year=year,
        batch_size=BLOCK,
        start=start,
        region_names=region_names,
    ):
        yield from _records(batch)


def write_parquet(
    path: str | Path,
    count: int,
    *,
    seed: int,
    regions: Sequence[RegionWeight],
    divisions: Sequence[DivisionWeight] | None = None,
    year: int = 2025,
    batch_size: int = 100_000,
    start: int = 0,
    region_names: Mapping[str, tuple[str, str]] | None = None,
) -> int:
    """Stream the rows to a zstd-compressed Parquet file, one row group per batch.

    Returns the number of rows written. Memory is bounded by a batch, not by ``count``.
    """
    written = 0
    batches = generate_batches(
        count,
        seed=seed,
        regions=regions,
        divisions=divisions,
        year=year,
        batch_size=batch_size,
        start=start,
        region_names=region_names,
    )
    with pq.ParquetWriter(str(path), ARROW_SCHEMA, compression="zstd") as writer:
        for batch in batches:
            writer.write_batch(batch)
            written += batch.num_rows
    return written


def write_csv(
    path: str | Path,
    count: int,
    *,
    seed: int,
    regions: Sequence[RegionWeight],
    divisions: Sequence[DivisionWeight] | None = None,
    year: int = 2025,
    header_language: str = "en",
    start: int = 0,
    region_names: Mapping[str, tuple[str, str]] | None = None,
) -> int:
    """Stream the rows to a UTF-8 CSV file (no byte-order mark) with the schema's headers.

    ``header_language`` "en" writes the English keys, "zh" the Chinese headers. Dates are ISO,
    money has two decimals, missing values are empty cells; strings are quoted. Returns the
    number of rows written.
    """
    if header_language not in {"en", "zh"}:
        raise ValueError(f"header_language: {header_language!r} is not 'en' or 'zh'")
    headers = [c.key if header_language == "en" else c.zh for c in COLUMNS]
    schema = pa.schema([f.with_name(h) for f, h in zip(ARROW_SCHEMA, headers, strict=True)])
    options = pa_csv.WriteOptions(quoting_style="needed")
    written = 0
    batches = generate_batches(
        count,
        seed=seed,
        regions=regions,
        divisions=divisions,
        year=year,
        start=start,
        region_names=region_names,
    )
    with pa_csv.CSVWriter(str(path), schema, write_options=options) as writer:
        for batch in batches:
            writer.write_batch(pa.RecordBatch.from_arrays(batch.columns, schema=schema))
            written += batch.num_rows
    return written


__all__ = [
    "ARROW_SCHEMA",
    "BLOCK",
    "MAX_ROWS",
    "DivisionWeight",
    "RegionWeight",
    "default_division_weights",
    "generate",
    "generate_batches",
    "uscc_for",
    "write_csv",
    "write_parquet",
]
