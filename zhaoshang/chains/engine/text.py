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
import unicodedata
from dataclasses import dataclass

import opencc

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
    "生产性", "生产资料", "技术服务", "技术开发", "技术咨询", "技术交流", "技术转让",
    "技术推广", "技术研发", "软件开发", "信息咨询", "咨询服务", "产品研发服务", "技术研究",
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
    """One clause of a folded text: its span in the text."""

    start: int
    end: int


_BLOCKS = (
    (0x0000, 0x02FF),  # ASCII, Latin-1, Latin extended, spacing modifiers
    (0x2000, 0x206F),  # general punctuation
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3400, 0x4DBF),  # CJK extension A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFF00, 0xFFEF),  # half-width and full-width forms
)
"""The blocks registry text is written in. None of their characters combines with another
under NFKC, so folding them one by one through a table is what search does."""
_OUTSIDE = re.compile(
    "[^" + "".join(f"{re.escape(chr(low))}-{re.escape(chr(high))}" for low, high in _BLOCKS) + "]"
)
_COMMON = "；：（），"  # full-width punctuation in nearly every scope, replaced first


@functools.cache
def _table() -> tuple[dict[str, str], re.Pattern[str]]:
    """Each character of ``_BLOCKS`` that search's folding changes, with what it becomes."""
    changed = {}
    for low, high in _BLOCKS:
        for code in range(low, high + 1):
            char = chr(code)
            folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", char).casefold())
            if folded != char:
                changed[char] = folded
    pattern = re.compile("[" + "".join(re.escape(c) for c in changed) + "]")
    return changed, pattern


@functools.cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def fold(text: str) -> str:
    """``text`` folded exactly as :func:`zhaoshang.textsearch.analysis.fold` folds it.

    Search folds character by character (NFKC, case folding, NFKC), then converts the text
    to Simplified. Text made only of the usual blocks (``_BLOCKS``) is folded here through a
    table of the characters that change, about three times faster; other text goes through
    search's own function.
    """
    if not text or _OUTSIDE.search(text) is not None:
        return search_fold(text)
    changed, pattern = _table()
    for char in _COMMON:
        if char in text:
            text = text.replace(char, changed[char])
    if pattern.search(text) is not None:
        text = pattern.sub(lambda match: changed[match.group()], text)
    return str(_converter().convert(text))


@functools.cache
def _boilerplate() -> tuple[str, ...]:
    return tuple(fold(phrase) for phrase in BOILERPLATE)


def strip_boilerplate(folded: str) -> str:
    """A folded scope without its headings and boilerplate sentences."""
    for phrase in _boilerplate():
        if phrase in folded:
            folded = folded.replace(phrase, "；")
    return folded


def _alternatives(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    return _alternatives(SERVICE_PHRASES), _alternatives(MAKING_WORDS), _alternatives(TRADE_WORDS)


def activity(clause: str) -> Activity:
    """What a folded clause says the enterprise does with the things it names."""
    service, making, trade = _patterns()
    clause = service.sub("；", clause)
    if making.search(clause):
        return Activity.MAKING
    if trade.search(clause):
        return Activity.TRADE
    return Activity.BARE


def clauses(folded: str) -> list[Clause]:
    """The clauses of a folded text (already stripped of boilerplate), in order."""
    found = []
    start = 0
    for match in _SEPARATORS.finditer(folded):
        if match.start() > start:
            found.append(Clause(start, match.start()))
        start = match.end()
    if start < len(folded):
        found.append(Clause(start, len(folded)))
    return found


_VERB_STARTS = tuple(
    w for w in (*MAKING_WORDS, *TRADE_WORDS, *SERVICE_PHRASES, "技术", "研究") if not w.isascii()
)
