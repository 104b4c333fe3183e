"""``{{ text|reader_script }}``: Simplified Chinese shown in Traditional to its readers;
``<span{{ text|lang_attr }}>``: text in another language than the page marked as such."""

from __future__ import annotations

import re

from django import template
from django.utils import translation
from django.utils.safestring import SafeString

from zhaoshang.core.scripts import in_reader_script

register = template.Library()


@register.filter
def reader_script(value: object) -> str:
    return in_reader_script("" if value is None else str(value))


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


@register.filter
def lang_attr(value: object) -> SafeString:
    """`` lang="zh"`` for Chinese text on a page in English, `` lang="en"`` for text in
    Latin letters only on a page in Chinese, else nothing: screen readers then read the
    text in its own language (an issuing body, a name)."""
    text = "" if value is None else str(value)
    page = translation.get_language() or "en"
    if page.startswith("zh"):
        latin_only = _LATIN.search(text) and not _CJK.search(text)
        return SafeString(' lang="en"') if latin_only else SafeString("")
    return SafeString(' lang="zh"') if _CJK.search(text) else SafeString("")
