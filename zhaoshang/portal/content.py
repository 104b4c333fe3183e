"""Turning what editors write into safe HTML, and HTML into plain text for search.

No Django here. Markdown is rendered by markdown-it-py (CommonMark with tables and
strikethrough, raw HTML allowed in the source) and then sanitised with the same nh3 rules
as imported Blogger HTML, so nothing an editor or an old blog writes can run script.
"""

from __future__ import annotations

import html
import re
import unicodedata

import nh3
import opencc
from markdown_it import MarkdownIt

from zhaoshang.portal.blogger import sanitise_html

_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
_markdown.enable(["table", "strikethrough"])


def markdown_to_html(source: str) -> str:
    """Sanitised HTML for a Markdown text."""
    return sanitise_html(_markdown.render(source))


def html_to_text(fragment: str) -> str:
    """The words of an HTML fragment, tags removed, entities decoded, spaces collapsed."""
    spaced = re.sub(r"<(br|/p|/h\d|/li|/div|/tr|/td|/th|/blockquote)\b[^>]*>", " \\g<0>", fragment)
    text = html.unescape(nh3.clean(spaced, tags=set()))
    return re.sub(r"\s+", " ", text).strip()


def summary_from_text(text: str, limit: int = 200) -> str:
    """The first ``limit`` characters of ``text``, cut at a word boundary when it is Latin."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,.;:，。；：") + "…"


def slug_from_title(title: str, limit: int = 80) -> str:
    """An ASCII slug: English words as they are, Chinese characters as pinyin syllables."""
    from pypinyin import lazy_pinyin  # on first use: its phrase dictionary is large

    words = " ".join(lazy_pinyin(title, errors="default"))
    ascii_text = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "post"


_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_to_simplified: opencc.OpenCC | None = None


def detect_language(text: str) -> str:
    """ "en", "zh-hans" or "zh-hant" for a text, by its share of Chinese characters and
    whether folding Traditional to Simplified changes it."""
    global _to_simplified
    chinese = _CJK.findall(text)
    if len(chinese) < max(2, len(text) // 20):
        return "en"
    if _to_simplified is None:
        _to_simplified = opencc.OpenCC("t2s")
    sample = "".join(chinese[:2000])
    return "zh-hant" if _to_simplified.convert(sample) != sample else "zh-hans"
