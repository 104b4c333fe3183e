"""Business scope (经营范围) and main products (主要产品) text for generated enterprises, by
industry division, in the shape real registry text has. No Django here.

A scope lists two items of the enterprise's own trade and one or two side items that nearly
every scope carries (货物进出口、技术服务 ...), mostly in the standard form of the 2021
wording (一般项目：…；…（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）), sometimes
with a 许可项目 part, and otherwise in the older free form (生产、销售：…). Industrial firms
have a main product or two; others have none. Each row draws from the block's random stream
(``texts`` is given the block's generator), so the text is deterministic by seed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# Items of each division's own trade, in the standard wording (making ones and trading ones),
# and its main products. A division without an entry uses _OTHER.
_TRADE_TEXT = """
13  粮食加工食品生产；饲料生产；食用农产品初加工；农副产品销售
   = 大米、饲料、食用油
14  食品生产；食品销售；糕点、面包制造
   = 月饼、饼干、调味品
15  饮料生产；茶叶制品生产；食品销售
   = 包装饮用水、茶叶
17  面料纺织加工；针纺织品销售；棉纺纱加工
   = 棉纱、针织面料
18  服装制造；服饰制造；服装服饰批发
   = 女装、衬衫、童装
19  鞋制造；皮革制品制造；箱包制造
   = 皮鞋、运动鞋、箱包
20  木材加工；木制容器制造；人造板制造
   = 胶合板、木托盘
21  家具制造；家具销售；家具零配件生产
   = 办公家具、实木家具、沙发
22  纸制品制造；包装材料及制品销售；纸和纸板容器制造
   = 瓦楞纸箱、包装纸
23  包装装潢印刷品印刷；文件、资料等其他印刷品印刷
   = 彩盒、标签
24  玩具制造；工艺美术品及礼仪用品制造；文具制造
   = 塑胶玩具、工艺品
26  专用化学产品制造（不含危险化学品）；涂料制造（不含危险化学品）；日用化学产品制造；
    化工产品销售（不含许可类化工产品）
   = 水性涂料、胶粘剂、洗涤剂
27  医学研究和试验发展；第一类医疗器械生产
   = 中成药、原料药
29  塑料制品制造；橡胶制品制造；塑料制品销售
   = 塑料周转箱、PE薄膜、橡胶密封件
30  建筑陶瓷制品加工制造；水泥制品制造；玻璃制造
   = 瓷砖、钢化玻璃、混凝土预制件
31  钢压延加工；金属材料销售；钢、铁冶炼
   = 螺纹钢、冷轧带钢、镀锌板
32  常用有色金属冶炼；有色金属压延加工；有色金属合金制造；有色金属合金销售
   = 铝型材、铝合金锭、电解铜、铜杆、再生铝锭
33  五金产品制造；金属制品研发；不锈钢制品制造；金属结构制造；门窗制造加工；
    金属表面处理及热处理加工；五金产品批发
   = 五金配件、不锈钢餐具、钢结构件、铝合金门窗、家具五金、铸件
34  通用设备制造（不含特种设备制造）；机械零件、零部件加工；泵及真空设备制造；
    机械设备销售
   = 减速机、水泵、阀门、轴承
35  专用设备制造（不含许可类专业设备制造）；模具制造；第二类医疗器械生产；
    电子专用设备制造
   = 注塑模具、自动化生产线、贴片机
36  汽车零部件及配件制造；汽车零部件研发；汽车零配件批发
   = 汽车内饰件、汽车冲压件、新能源汽车电驱动总成
37  助动自行车、代步车及零配件制造；摩托车零配件制造；船舶制造
   = 电动自行车、摩托车配件
38  电池制造；电池零配件生产；电线、电缆制造；照明器具制造；家用电器制造；
    配电开关控制设备制造；充电桩销售；电机制造；储能技术服务
   = 锂离子电池、动力电池、LED灯具、电线电缆、电饭煲、充电桩、储能系统
39  电子元器件制造；电子产品销售；电子电路制造；计算机软硬件及外围设备制造；通信设备制造；
    显示器件制造；集成电路制造；智能家庭消费设备制造
   = 线路板、电子元器件、液晶显示模组、蓝牙耳机、路由器、芯片、监控摄像机
40  电子测量仪器制造；实验分析仪器制造；仪器仪表销售
   = 流量计、检测仪器
41  日用杂品制造；工艺美术品及收藏品零售
   = 日用杂品
42  再生资源加工；金属废料和碎屑加工处理；再生资源销售
   = 再生铜、废钢破碎料
43  通用设备修理；专用设备修理；电气设备修理
   =
44  发电业务、输电业务、供（配）电业务；太阳能发电技术服务；储能技术服务
   =
47  建设工程施工；住宅室内装饰装修；建筑劳务分包
   =
48  市政设施管理；园林绿化工程施工；土石方工程施工
   =
49  电气安装服务；消防设施工程施工；建筑智能化工程施工
   =
50  住宅室内装饰装修；建筑装饰材料销售；门窗安装
   =
51  五金产品批发；电子产品销售；金属材料销售；化工产品销售（不含许可类化工产品）；
    电池销售；建筑材料销售；机械设备销售；日用百货销售；家用电器销售；新能源汽车整车销售；
    有色金属合金销售；不锈钢制品销售
   =
52  日用百货销售；五金产品零售；电池销售；家用电器销售；食品销售（仅销售预包装食品）；
    电子产品销售；手机零售
   =
54  道路货物运输站经营；国内货物运输代理；装卸搬运
   =
58  国际货物运输代理；国内货物运输代理；报关业务
   =
59  普通货物仓储服务（不含危险化学品等需许可审批的项目）；低温仓储
   =
61  酒店管理；住宿服务
   =
62  餐饮管理；外卖递送服务
   =
64  互联网数据服务；信息系统集成服务；网络技术服务
   =
65  软件开发；信息系统集成服务；信息技术咨询服务；物联网技术服务
   =
70  房地产经纪；物业管理；住房租赁
   =
72  企业管理咨询；供应链管理服务；以自有资金从事投资活动；会议及展览服务；广告设计、代理；
    人力资源服务（不含职业中介活动、劳务派遣服务）
   =
73  工程和技术研究和试验发展；生物化工产品技术研发；新材料技术研发
   =
74  工程管理服务；检验检测服务；专业设计服务
   =
75  新材料技术推广服务；新兴能源技术研发；节能管理服务；科技中介服务
   =
80  家政服务；美容服务；洗染服务
   =
81  机动车修理和维护；家用电器修理；汽车零配件零售
   =
"""
"""Each division's own items in the standard wording (making and trading ones, separated by
；) and, after ``=``, its main products (separated by 、); a line ending in a separator goes on
in the next."""


def _parse_trade(text: str) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    joined = re.sub(r"([；、])\n\s+", r"\1", text.strip())
    table: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    division = ""
    for line in joined.splitlines():
        if line.lstrip().startswith("="):
            made = line.split("=", 1)[1].strip()
            table[division] = (table[division][0], tuple(made.split("、")) if made else ())
        else:
            division, _space, items = line.partition(" ")
            table[division] = (tuple(i.strip() for i in items.split("；")), ())
    return table


_TRADE = _parse_trade(_TRADE_TEXT)
_OTHER: tuple[tuple[str, ...], tuple[str, ...]] = (("技术服务、技术开发", "日用百货销售"), ())
_SIDE = (
    "货物进出口",
    "技术进出口",
    "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广",
    "信息咨询服务（不含许可类信息咨询服务）",
    "非居住房地产租赁",
    "销售代理",
    "机械设备租赁",
    "互联网销售（除销售需要许可的商品）",
)
_LICENCES = ("道路货物运输（不含危险货物）", "建设工程施工", "食品经营", "危险化学品经营")
_GENERAL = "一般项目："
_GENERAL_END = "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"
_LICENSED = "许可项目："
_LICENSED_END = (
    "（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件"
    "或许可证件为准）"
)
_OLD_END = "。（依法须经批准的项目，经相关部门批准后方可开展经营活动）"


class TextTables:
    """The pools of one plan's divisions as Arrow arrays, indexed by row."""

    def __init__(self, divisions: Sequence[str]) -> None:
        items: list[str] = []
        products: list[str] = []
        item_start, item_count, product_start, product_count = [], [], [], []
        for division in divisions:
            own, made = _TRADE.get(division, _OTHER)
            item_start.append(len(items))
            item_count.append(len(own))
            items.extend(own)
            product_start.append(len(products))
            product_count.append(len(made))
            products.extend(made)
        self.items = pa.array(items)
        self.products = pa.array([*products, ""])
        self.item_start = np.array(item_start, dtype=np.int64)
        self.item_count = np.array(item_count, dtype=np.int64)
        self.product_start = np.array(product_start, dtype=np.int64)
        self.product_count = np.array(product_count, dtype=np.int64)
        self.side = pa.array(_SIDE)
        self.licences = pa.array([*_LICENCES, ""])


def _join(*parts: pa.Array | str) -> pa.Array:
    return pc.binary_join_element_wise(*parts, "")


def _pick(
    tables: TextTables, division: np.ndarray, u: np.ndarray, skip: np.ndarray | None
) -> np.ndarray:
    """An item index in each row's division pool; with ``skip``, a different one if it can."""
    count = tables.item_count[division]
    if skip is None:
        return tables.item_start[division] + (u * count).astype(np.int64)
    other = (u * np.maximum(count - 1, 1)).astype(np.int64)
    offset = skip - tables.item_start[division]
    other = np.where((count > 1) & (other >= offset), other + 1, other)
    return tables.item_start[division] + np.minimum(other, count - 1)


def texts(
    tables: TextTables, division: np.ndarray, industrial: np.ndarray, rng: np.random.Generator
) -> tuple[pa.Array, pa.Array]:
    """Scope and main products of each row (``division`` indexes the plan's divisions)."""
    n = len(division)
    uniform = rng.random
    first = _pick(tables, division, uniform(n), None)
    second = _pick(tables, division, uniform(n), first)
    side_one = rng.integers(0, len(_SIDE), n)
    side_two = (side_one + 1 + rng.integers(0, len(_SIDE) - 1, n)) % len(_SIDE)
    two_sides = uniform(n) < 0.6
    licence = np.where(uniform(n) < 0.12, rng.integers(0, len(_LICENCES), n), len(_LICENCES))
    standard = uniform(n) < 0.75

    item_one, item_two = tables.items.take(pa.array(first)), tables.items.take(pa.array(second))
    side_a = tables.side.take(pa.array(side_one))
    side_b = pc.if_else(
        pa.array(two_sides), _join("；", tables.side.take(pa.array(side_two))), pa.scalar("")
    )
    licensed = tables.licences.take(pa.array(licence))
    has_licence = pc.not_equal(licensed, "")
    licence_text = pc.if_else(has_licence, _join(_LICENSED, licensed, _LICENSED_END), pa.scalar(""))
    modern = _join(
        _GENERAL, item_one, "；", item_two, "；", side_a, side_b, _GENERAL_END, licence_text
    )
    older = _join(item_one, "；", item_two, "；", side_a, _OLD_END)
    scope = pc.if_else(pa.array(standard), modern, older)

    count = tables.product_count[division]
    has_products = industrial & (count > 0) & (uniform(n) < 0.85)
    product_one = tables.product_start[division] + (uniform(n) * count).astype(np.int64)
    product_two = tables.product_start[division] + (uniform(n) * count).astype(np.int64)
    two = (uniform(n) < 0.4) & (product_two != product_one)
    empty = len(tables.products) - 1
    one_text = tables.products.take(pa.array(np.where(has_products, product_one, empty)))
    two_text = tables.products.take(pa.array(np.where(two & has_products, product_two, empty)))
    joined = pc.if_else(pa.array(two & has_products), _join(one_text, "、", two_text), one_text)
    products = pc.if_else(pa.array(has_products), joined, pa.scalar(None, pa.string()))
    return scope, products
