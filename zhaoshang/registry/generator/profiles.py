"""How the generator's enterprises look, as data: a profile per GB/T 4754 division (revenue,
spread, productivity, technology, exports, R&D, taxes and the words and classes of its names),
Guangdong's default shares of enterprises by division, the ownership multipliers and sources of
investment, and the tables that names, addresses and registered capital are drawn from. Money
in 10,000 yuan. No Django here; ``generator`` is the public API.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from zhaoshang.registry.domain.schema import INDUSTRIAL_SECTIONS, Ownership


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
class Profile:
    """How enterprises of one division look. Money in 10,000 yuan."""

    revenue: float  # median annual revenue of a going concern
    sigma: float  # log-normal spread of revenue
    per_employee: float  # revenue per employee at the median revenue
    tech: float  # log-odds added to the chance of a high-tech certificate
    export: float  # chance of exporting, for a domestic firm of median size
    rd: float  # chance of some R&D spending, for a firm without the certificate
    tax: float  # taxes paid / revenue
    lines: tuple[tuple[str, str, str], ...]  # (word in the name zh, en, its 4-digit classes)


PROFILES: dict[str, Profile] = {
    "01": Profile(80, 1.4, 15, -1.0, 0.02, 0.05, 0.01, (
        ("农业发展", "Agricultural Development", "0111 0141 0143"),
        ("果业", "Fruit", "0153 0154"), ("生态农业", "Ecological Agriculture", "0141 0142 0190"))),
    "03": Profile(150, 1.6, 25, -1.0, 0.01, 0.05, 0.01, (
        ("畜牧", "Animal Husbandry", "0313 0321 0322"), ("养殖", "Breeding", "0313 0321"))),
    "04": Profile(80, 1.4, 20, -1.5, 0.03, 0.03, 0.01, (("水产养殖", "Aquaculture", "0412"),)),
    "10": Profile(400, 1.3, 60, -1.5, 0.02, 0.10, 0.05, (
        ("矿业", "Mining", "1011 1019"), ("石材", "Stone", "1012"))),
    "13": Profile(350, 1.5, 45, -0.5, 0.10, 0.25, 0.02, (
        ("粮油食品", "Grain and Oil Food", "1311 1331"), ("饲料", "Feed", "1329"),
        ("食品", "Food", "1351 1361 1392"))),
    "14": Profile(250, 1.5, 30, 0.0, 0.10, 0.30, 0.03, (
        ("食品", "Food", "1411 1431 1462 1495"),)),
    "15": Profile(250, 1.5, 35, -0.5, 0.05, 0.20, 0.05, (
        ("饮料", "Beverage", "1522 1524 1529"), ("茶业", "Tea", "1530"))),
    "17": Profile(280, 1.4, 25, -0.5, 0.25, 0.25, 0.025, (
        ("纺织", "Textile", "1711 1713 1761 1771"),)),
    "18": Profile(180, 1.4, 14, -1.5, 0.30, 0.15, 0.02, (
        ("服饰", "Garment", "1811 1819 1830"), ("制衣", "Clothing", "1819 1821 1829"))),
    "19": Profile(200, 1.4, 15, -1.2, 0.35, 0.15, 0.02, (
        ("鞋业", "Footwear", "1951 1952 1954"), ("皮具", "Leather Goods", "1922"))),
    "20": Profile(200, 1.4, 25, -1.0, 0.15, 0.15, 0.025, (
        ("木业", "Wood Products", "2021 2032 2039"),)),
    "21": Profile(230, 1.4, 20, -0.5, 0.35, 0.25, 0.025, (
        ("家具", "Furniture", "2110 2130 2140 2190"), ("家居", "Home Furnishing", "2110 2190"))),
    "22": Profile(300, 1.4, 35, -0.5, 0.10, 0.25, 0.025, (
        ("纸业", "Paper", "2221 2239"), ("包装材料", "Packaging Materials", "2231"))),
    "23": Profile(180, 1.3, 20, -0.3, 0.10, 0.30, 0.03, (
        ("印刷", "Printing", "2311 2319"), ("包装印刷", "Packaging and Printing", "2319"))),
    "24": Profile(200, 1.5, 16, -0.3, 0.45, 0.25, 0.02, (
        ("玩具", "Toys", "2451 2452 2459"), ("工艺品", "Arts and Crafts", "2431 2432 2438 2439"),
        ("文具", "Stationery", "2411 2412"), ("体育用品", "Sporting Goods", "2441 2442 2443"))),
    "26": Profile(400, 1.5, 60, 0.8, 0.15, 0.45, 0.03, (
        ("化工", "Chemical", "2614 2661 2669"), ("新材料", "New Materials", "2651 2659"),
        ("涂料", "Coatings", "2641 2642"), ("日化", "Daily Chemicals", "2681 2682"))),
    "27": Profile(400, 1.7, 45, 1.5, 0.10, 0.60, 0.04, (
        ("制药", "Pharmaceutical", "2720 2740"), ("生物医药", "Biomedical", "2761 2770"))),
    "29": Profile(260, 1.4, 30, 0.3, 0.25, 0.35, 0.025, (
        ("塑料制品", "Plastic Products", "2921 2922 2926 2927 2929"),
        ("塑胶", "Plastics", "2927 2929"), ("橡胶制品", "Rubber Products", "2912 2913 2915"))),
    "30": Profile(350, 1.5, 35, 0.0, 0.10, 0.30, 0.03, (
        ("陶瓷", "Ceramics", "3071 3072 3074"), ("建材", "Building Materials", "3021 3032 3033"),
        ("玻璃", "Glass", "3041 3051 3054"))),
    "31": Profile(700, 1.6, 100, -0.2, 0.05, 0.30, 0.02, (("钢铁", "Steel", "3120 3130"),)),
    "32": Profile(600, 1.6, 80, 0.2, 0.10, 0.35, 0.02, (
        ("铝业", "Aluminium", "3216 3252"), ("有色金属", "Non-ferrous Metals", "3240 3251"))),
    "33": Profile(240, 1.4, 26, 0.3, 0.30, 0.35, 0.025, (
        ("五金制品", "Hardware Products", "3322 3351 3352 3389"),
        ("金属制品", "Metal Products", "3311 3312 3360 3399"),
        ("不锈钢制品", "Stainless Steel Products", "3381 3382 3389"))),
    "34": Profile(300, 1.5, 30, 1.0, 0.20, 0.50, 0.03, (
        ("机械设备", "Machinery and Equipment", "3441 3443 3484 3499"),
        ("自动化设备", "Automation Equipment", "3491 3499"),
        ("机械", "Machinery", "3421 3431 3484"))),
    "35": Profile(300, 1.5, 30, 1.3, 0.20, 0.55, 0.03, (
        ("智能装备", "Intelligent Equipment", "3562 3563 3569 3591"),
        ("模具", "Moulds", "3525"), ("专用设备", "Special Equipment", "3523 3531 3599"),
        ("医疗器械", "Medical Devices", "3581 3585 3589"))),
    "36": Profile(500, 1.6, 45, 0.8, 0.10, 0.45, 0.03, (
        ("汽车零部件", "Auto Parts", "3670"), ("汽车配件", "Auto Accessories", "3670"))),
    "37": Profile(300, 1.6, 35, 0.5, 0.20, 0.40, 0.03, (
        ("电动车", "Electric Vehicle", "3770"), ("摩托车", "Motorcycle", "3751 3752"),
        ("船舶", "Shipbuilding", "3731"))),
    "38": Profile(330, 1.5, 35, 1.3, 0.35, 0.55, 0.025, (
        ("电器", "Electrical Appliances", "3851 3854 3855 3856 3857"),
        ("电气", "Electric", "3821 3823 3831 3899"), ("照明", "Lighting", "3871 3872 3879"),
        ("新能源", "New Energy", "3841 3849"))),
    "39": Profile(350, 1.6, 35, 1.6, 0.45, 0.60, 0.02, (
        ("电子科技", "Electronic Technology", "3971 3976 3981 3982 3989"),
        ("电子", "Electronics", "3982 3984 3990"),
        ("智能科技", "Intelligent Technology", "3961 3962 3964 3969"),
        ("通信设备", "Communication Equipment", "3921 3922"),
        ("光电", "Optoelectronics", "3974 3975 3976"), ("计算机", "Computer", "3912 3913 3914"))),
    "40": Profile(250, 1.5, 26, 1.6, 0.20, 0.60, 0.03, (
        ("仪器仪表", "Instruments", "4011 4012 4090"),
        ("检测设备", "Testing Equipment", "4014 4015 4019"))),
    "41": Profile(150, 1.4, 20, -0.5, 0.25, 0.15, 0.02, (("实业", "Industrial", "4119 4190"),)),
    "42": Profile(300, 1.5, 65, -0.5, 0.02, 0.15, 0.02, (
        ("再生资源", "Renewable Resources", "4210 4220"),)),
    "43": Profile(120, 1.3, 20, -0.5, 0.05, 0.10, 0.03, (
        ("设备维修", "Equipment Repair", "4310 4320 4330"),)),
    "44": Profile(800, 1.8, 200, 0.0, 0.0, 0.20, 0.05, (
        ("电力", "Power", "4411 4420"), ("新能源", "New Energy", "4415 4416"),
        ("能源", "Energy", "4412 4430"))),
    "45": Profile(700, 1.8, 200, -0.5, 0.0, 0.10, 0.04, (("燃气", "Gas", "4511"),)),
    "46": Profile(500, 1.5, 80, -0.5, 0.0, 0.10, 0.04, (("水务", "Water", "4610 4620"),)),
    "47": Profile(500, 1.7, 60, -1.0, 0.0, 0.10, 0.03, (
        ("建筑工程", "Construction Engineering", "4710 4790"),
        ("建设", "Construction", "4710 4790"))),
    "48": Profile(450, 1.7, 60, -0.8, 0.01, 0.10, 0.03, (
        ("市政工程", "Municipal Engineering", "4813 4852 4890"),
        ("路桥工程", "Road and Bridge Engineering", "4812 4819"))),
    "49": Profile(250, 1.5, 40, -1.0, 0.0, 0.05, 0.03, (
        ("机电安装", "Electromechanical Installation", "4910 4920 4990"),)),
    "50": Profile(150, 1.5, 30, -1.2, 0.0, 0.05, 0.03, (
        ("装饰工程", "Decoration Engineering", "5011 5012 5013"),
        ("建筑装饰", "Building Decoration", "5011 5012"))),
    "51": Profile(150, 1.7, 60, -2.0, 0.12, 0.02, 0.01, (
        ("贸易", "Trading", "5123 5132 5137 5174 5179 5199"),
        ("商贸", "Commerce and Trade", "5121 5128 5165 5169"),
        ("进出口", "Import and Export", "5175 5176 5177 5181"))),
    "52": Profile(60, 1.5, 40, -3.0, 0.02, 0.01, 0.015, (
        ("商贸", "Trading", "5219 5221 5232"), ("超市", "Supermarket", "5212"),
        ("百货", "Department Store", "5211"), ("家电", "Home Appliances", "5271 5274"))),
    "54": Profile(120, 1.5, 30, -2.0, 0.01, 0.02, 0.025, (
        ("物流", "Logistics", "5431 5437 5439"), ("运输", "Transport", "5431 5433 5435"))),
    "58": Profile(150, 1.6, 60, -2.0, 0.10, 0.02, 0.015, (
        ("货运代理", "Freight Forwarding", "5821"),
        ("国际物流", "International Logistics", "5821"))),
    "59": Profile(120, 1.6, 40, -2.0, 0.02, 0.02, 0.03, (
        ("仓储", "Warehousing", "5920 5990"), ("冷链", "Cold Chain", "5930"))),
    "60": Profile(100, 1.6, 15, -2.0, 0.0, 0.02, 0.03, (("快递", "Express", "6020"),)),
    "61": Profile(100, 1.4, 12, -3.0, 0.0, 0.0, 0.05, (
        ("酒店", "Hotel", "6110 6121"), ("酒店管理", "Hotel Management", "6110 6121"))),
    "62": Profile(50, 1.2, 8, -3.0, 0.0, 0.0, 0.03, (
        ("餐饮管理", "Catering Management", "6210 6220"), ("餐饮", "Catering", "6210 6291"))),
    "64": Profile(60, 1.8, 40, 0.8, 0.03, 0.40, 0.04, (
        ("网络科技", "Network Technology", "6429 6432 6490"),
        ("互联网科技", "Internet Technology", "6431 6432 6450"))),
    "65": Profile(80, 1.7, 35, 1.6, 0.05, 0.60, 0.04, (
        ("信息技术", "Information Technology", "6513 6531 6560"),
        ("软件", "Software", "6511 6513 6519"),
        ("数字科技", "Digital Technology", "6532 6550 6579"))),
    "70": Profile(300, 2.0, 100, -3.0, 0.0, 0.0, 0.08, (
        ("房地产开发", "Real Estate Development", "7010"),
        ("物业管理", "Property Management", "7020"), ("置业", "Property", "7010 7040"),
        ("房产中介", "Real Estate Agency", "7030"))),
    "72": Profile(50, 1.7, 20, -2.0, 0.01, 0.03, 0.05, (
        ("企业管理咨询", "Business Management Consulting", "7211 7219 7243"),
        ("商务服务", "Business Services", "7297 7299"), ("投资", "Investment", "7212"),
        ("人力资源", "Human Resources", "7262 7263"),
        ("供应链管理", "Supply Chain Management", "7224"),
        ("广告", "Advertising", "7251 7259"), ("会展服务", "Exhibition Services", "7281 7289"))),
    "73": Profile(60, 1.6, 25, 2.0, 0.01, 0.70, 0.03, (
        ("生物科技", "Biotechnology", "7310"),
        ("技术研究院", "Technology Research Institute", "7320"))),
    "74": Profile(80, 1.5, 25, 0.5, 0.01, 0.30, 0.04, (
        ("工程设计", "Engineering Design", "7481 7484"),
        ("检测技术", "Testing Technology", "7452"), ("设计", "Design", "7491 7492"))),
    "75": Profile(50, 1.6, 25, 0.8, 0.01, 0.40, 0.04, (
        ("科技", "Technology", "7519 7590"), ("科技发展", "Technology Development", "7519"),
        ("环保科技", "Environmental Technology", "7516"),
        ("新能源科技", "New Energy Technology", "7515"),
        ("知识产权", "Intellectual Property", "7520"))),
    "80": Profile(40, 1.3, 8, -3.0, 0.0, 0.0, 0.03, (
        ("家政服务", "Housekeeping Services", "8010"), ("美容", "Beauty", "8040"))),
    "81": Profile(50, 1.3, 12, -3.0, 0.0, 0.0, 0.03, (
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


def fallback_profile(division: str, section: str) -> Profile:
    """For a division without a profile: its class "<division>10" may not exist in GB/T 4754;
    only its division is sure to."""
    industrial = section in INDUSTRIAL_SECTIONS
    line = (("实业", "Industrial", f"{division}10"),)
    if industrial:
        return Profile(250, 1.5, 50, 0.0, 0.10, 0.25, 0.03, line)
    return Profile(80, 1.6, 30, -1.5, 0.01, 0.05, 0.03, line)


# Share multipliers of the three non-private ownerships by section (1 where not listed).
STATE = {"C": 0.5, "D": 8.0, "E": 2.5, "F": 0.6, "G": 2.0, "K": 2.0, "N": 5.0}
HMT = {"C": 1.6, "F": 1.2, "K": 1.0, "L": 1.0}
FOREIGN = {"C": 1.6, "F": 1.0, "I": 1.0, "L": 1.2, "M": 1.0}
OWNERSHIPS = (
    Ownership.DOMESTIC_PRIVATE,
    Ownership.STATE_OWNED,
    Ownership.HMT_INVESTED,
    Ownership.FOREIGN_INVESTED,
)
HMT_SOURCES = (("HK", 0.85), ("TW", 0.12), ("MO", 0.03))
FOREIGN_SOURCES = (
    ("JP", 0.20), ("US", 0.14), ("SG", 0.14), ("KR", 0.10), ("DE", 0.08), ("VG", 0.08),
    ("GB", 0.05), ("MY", 0.04), ("FR", 0.03), ("NL", 0.03), ("TH", 0.03), ("AU", 0.03),
    ("CA", 0.03), ("IT", 0.02),
)  # fmt: skip

# --- Names and addresses -----------------------------------------------------------------

# A syllable of the trade name and its pinyin.
SYLLABLES = (
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
ROADS = (
    "人民路", "建设路", "中山路", "解放路", "新华路", "文明路", "工业大道", "环城路",
    "沿江路", "迎宾大道", "站前路", "东风路", "南华路", "朝阳路", "光明路", "和平路",
    "兴业路", "科技路", "创业路", "发展大道", "开发大道", "商业街", "富民路", "育才路",
)  # fmt: skip
PARKS = ("工业园", "经济开发区", "产业园", "高新区")
CAPITAL_GRID = np.array((
    1, 3, 5, 8, 10, 20, 30, 50, 80, 100, 200, 300, 500, 800, 1000, 1500, 2000, 3000,
    5000, 8000, 10000, 20000, 30000, 50000, 100000,
), dtype=np.float64)  # fmt: skip
