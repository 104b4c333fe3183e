"""Company names and contacts made comparable, for spotting the same investor twice."""

from __future__ import annotations

import re

from zhaoshang.textsearch.analysis import fold

# Words that say what kind of company it is, not which one.
_SUFFIXES = (
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团",
    "公司",
    "工厂",
    "厂",
    "company limited",
    "co ltd",
    "co limited",
    "limited",
    "ltd",
    "llc",
    "inc",
    "corporation",
    "corp",
    "company",
    "co",
    "group",
    "gmbh",
    "jsc",
)
_PUNCTUATION = re.compile(r"[\s\.,;:·()（）\[\]&'\"\-_/，。、]+")
# Mail providers anyone uses: the same domain says nothing about the same company.
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "outlook.com",
        "hotmail.com",
        "yahoo.com",
        "yahoo.com.hk",
        "yahoo.com.tw",
        "icloud.com",
        "qq.com",
        "163.com",
        "126.com",
        "sina.com",
        "foxmail.com",
        "live.com",
        "protonmail.com",
    }
)


def company_key(name: str) -> str:
    """``name`` folded (case, width, traditional to simplified), without punctuation and the
    words that only say it is a company."""
    text = fold(name or "")
    text = _PUNCTUATION.sub(" ", text).strip()
    changed = True
    while changed and text:
        changed = False
        for suffix in _SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)].rstrip()
                changed = True
    return text.replace(" ", "")


def email_domain(email: str) -> str:
    """The domain of ``email`` when it says something about the company, else ''."""
    domain = (email or "").rpartition("@")[2].strip().lower()
    return "" if domain in PUBLIC_MAIL_DOMAINS else domain
