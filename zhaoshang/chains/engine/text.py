"""Folding and cutting an enterprise's text the way the classifier reads it. No Django here.

Folding is :func:`zhaoshang.textsearch.analysis.fold` itself (NFKC, case folding, Traditional
to Simplified), so that a keyword meets the same text that search indexes (about 11 µs for a
typical 100-character scope).

A business scope (经营范围) is cut into clauses at ``；;。`` and line breaks, after removing
the headings (一般项目：, 许可项目：) and the standard boilerplate sentences. A clause's verbs
say what the enterprise does with the things it names: a clause that makes (制造, 生产, 加工,
研发 ...) is evidence of a link; a clause that only trades or serves (销售, 零售, 批发, 进出口,
维修, 租赁, 技术服务 ...) is not.
"""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass

from zhaoshang.textsearch.analysis import fold as search_fold

_SEPARATORS = re.compile(r"[；;。\n\r]+")

BOILERPLATE = (
    "依法须经批准的项目，经相关部门批准后方可开展经营活动",
    "依法须经批准的项目，经相关部门批准后依批准的内容开展经营活动",
    "除依法须经批准的项目外，凭营业执照依法自主开展经营活动",
    "具体经营项目以相关部门批准文件或许可证件为准",
    "具体经营项目以审批结果为准",
    "法律、行政法规禁止的项目除外",
    "法律、行政法规限制的项目取得许可后方可经营",
    "一般项目",
    "许可项目",
    "经营范围",
)
"""Phrases removed from a scope (once folded) before it is cut: they name no product."""

MAKING_WORDS = (
    "制造", "生产", "加工", "研发", "研制", "组装", "装配", "冶炼", "压延", "铸造", "锻造",
    "挤压", "轧制", "熔炼", "精炼", "提纯", "电镀", "喷涂", "表面处理", "封装", "制作",
    "拉丝", "冲压", "切割", "焊接", "成型", "改性", "合成", "提炼", "回收利用", "综合利用",
    "再生利用", "梯次利用", "拆解", "智能制造", "开发生产", "manufactur", "production",
    "produce", "producing", "fabricat", "assembl", "processing", "smelt", "refin", "anodiz",
    "coating", "plating", "machining",
)  # fmt: skip
"""Verbs (folded; English ones as stems) that make a clause evidence of making."""

SERVICE_PHRASES = (
    "生产性", "生产资料", "技术服务", "技术开发", "技术咨询", "技术交流", "技术转让", "技术推广", "技术研发",
    "软件开发", "信息咨询", "咨询服务", "产品研发服务", "技术研究",
)  # fmt: skip
"""Phrases naming a service, removed from a clause before its verbs are read: the
技术服务、技术开发、技术咨询... list that nearly every scope carries makes nothing."""

TRADE_WORDS = (
    "销售", "零售", "批发", "经销", "代销", "代理", "进出口", "贸易", "购销", "经营",
    "租赁", "维修", "修理", "保养", "安装", "回收", "服务", "咨询", "检测", "sale", "sell",
    "retail", "wholesal", "trad", "distribut", "repair", "import", "export", "servic",
)  # fmt: skip
"""Words that make a clause (without a making verb) evidence of trade or service only."""


TAIL_WORDS = frozenset(
    "的 之 及 和 与 跟 或 等 及其 以及 和其 产品 制品 系列 类 用品 为主".split()  # noqa: SIM905
)
"""Words that may follow a keyword without making it a modifier of what follows."""


def is_tail(word: str) -> bool:
    """Whether ``word``, right after a keyword, leaves the keyword the head of its phrase:
    a verb, a joining word, punctuation or a space."""
    if not word or word in TAIL_WORDS or not any("\u3400" <= c <= "\u9fff" for c in word):
        return not word or not word[0].isalnum() or word in TAIL_WORDS
    return any(word.startswith(verb) for verb in _VERB_STARTS)


class Activity(enum.Enum):
    """What a clause says the enterprise does with the things it names."""

    MAKING = "making"
    TRADE = "trade"  # selling, repairing, renting, serving: not making
    BARE = "bare"  # no verb: a list of things


@dataclass(frozen=True)
class Clause:
    """One clause of a folded text: its span in the text and its activity."""

    start: int
    end: int
    activity: Activity


def fold(text: str) -> str:
    """``text`` folded exactly as search folds it."""
    return search_fold(text)


@functools.cache
def _boilerplate() -> tuple[str, ...]:
    return tuple(fold(phrase) for phrase in BOILERPLATE)


def strip_boilerplate(folded: str) -> str:
    """A folded scope without its headings and boilerplate sentences."""
    for phrase in _boilerplate():
        if phrase in folded:
            folded = folded.replace(phrase, "；")
    return folded


def _activity(clause: str) -> Activity:
    for phrase in SERVICE_PHRASES:
        if phrase in clause:
            clause = clause.replace(phrase, "；")
    if any(word in clause for word in MAKING_WORDS):
        return Activity.MAKING
    if any(word in clause for word in TRADE_WORDS):
        return Activity.TRADE
    return Activity.BARE


def clauses(folded: str) -> list[Clause]:
    """The clauses of a folded text (already stripped of boilerplate), in order."""
    found = []
    start = 0
    for match in _SEPARATORS.finditer(folded):
        if match.start() > start:
            found.append(Clause(start, match.start(), _activity(folded[start : match.start()])))
        start = match.end()
    if start < len(folded):
        found.append(Clause(start, len(folded), _activity(folded[start:])))
    return found


_VERB_STARTS = tuple(
    w for w in (*MAKING_WORDS, *TRADE_WORDS, *SERVICE_PHRASES, "技术", "研究") if not w.isascii()
)
