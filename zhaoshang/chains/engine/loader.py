"""Reading and validating a chain file (YAML) into a :class:`~.model.Chain`. No Django here.

The loader is a pure function: it returns a whole, valid chain or raises
:class:`ChainFileError` listing every problem found, each with the path to it
(``links[3].supplies[1]: unknown link "cathode"``). Nothing is half-loaded. The format is
described in :mod:`zhaoshang.chains.engine` and in the README.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from zhaoshang.chains.engine.model import Chain, Keyword, Link, Names, Stage
from zhaoshang.chains.engine.text import fold
from zhaoshang.rules.codes import IndustryRange

MAX_FILE_BYTES = 1_000_000
MAX_LINKS = 200
MAX_WORDS = 400  # keywords or exclusions of one link
MAX_WORD_CHARS = 40
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_CHAIN_FIELDS = {"key", "names", "acyclic", "links"}
_LINK_FIELDS = {"key", "stage", "names", "classes", "keywords", "exclude", "supplies"}
_NAME_FIELDS = ("en", "zh_hans", "zh_hant")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a chain file: where (``links[3].supplies[1]``) and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ChainFileError(ValueError):
    """A chain file refused; ``problems`` lists every problem found, in file order."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class _Reader:
    """Collects problems while reading; each ``_`` method returns None where it failed."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def refuse(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def mapping(self, value: Any, path: str, fields: set[str]) -> Mapping[str, Any] | None:
        if not isinstance(value, Mapping):
            self.refuse(path, "must be a mapping of fields")
            return None
        for name in value:
            if name not in fields:
                self.refuse(_join(path, str(name)), "unknown field")
        return value

    def key(self, value: Any, path: str) -> str | None:
        if not isinstance(value, str) or not _KEY.match(value):
            self.refuse(
                path, "must be a key of lower-case letters, digits and _, starting with a letter"
            )
            return None
        return value

    def names(self, value: Any, path: str) -> Names | None:
        found = self.mapping(value, path, set(_NAME_FIELDS))
        if found is None:
            return None
        names = []
        for field in _NAME_FIELDS:
            text = found.get(field)
            if not isinstance(text, str) or not text.strip():
                self.refuse(_join(path, field), "missing name")
            elif len(text) > 200:
                self.refuse(_join(path, field), "longer than 200 characters")
            else:
                names.append(text.strip())
        return Names(*names) if len(names) == len(_NAME_FIELDS) else None

    def strings(self, value: Any, path: str, *, empty_ok: bool) -> list[tuple[str, str]]:
        """Each string of a list with its path; refuses a non-list and, unless ``empty_ok``,
        an empty one."""
        if value is None and empty_ok:
            return []
        if not isinstance(value, list):
            self.refuse(path, "must be a list")
            return []
        if not value and not empty_ok:
            self.refuse(path, "is empty: give at least one")
        if len(value) > MAX_WORDS:
            self.refuse(path, f"more than {MAX_WORDS} entries")
            return []
        found = []
        for index, item in enumerate(value):
            where = f"{path}[{index}]"
            if not isinstance(item, str) or not item.strip():
                self.refuse(where, "must be a non-empty text")
            elif len(item) > MAX_WORD_CHARS:
                self.refuse(where, f"longer than {MAX_WORD_CHARS} characters")
            else:
                found.append((where, item.strip()))
        return found

    def classes(self, value: Any, path: str) -> tuple[IndustryRange, ...]:
        ranges = []
        for where, text in self.strings(value, path, empty_ok=True):
            try:
                ranges.append(IndustryRange.parse(text))
            except ValueError as error:
                self.refuse(where, f"unknown class code: {error}")
        return tuple(ranges)

    def keywords(self, value: Any, path: str) -> tuple[Keyword, ...]:
        words = []
        for where, text in self.strings(value, path, empty_ok=False):
            suffix, prefix = text.startswith("*"), text.endswith("*")
            core = fold(text.strip("*").strip())
            if not core or "*" in core:
                self.refuse(where, "a keyword is a word, with * only at its start or end")
            else:
                words.append(Keyword(core, prefix=prefix, suffix=suffix))
        return tuple(words)


def _join(path: str, field: str) -> str:
    return f"{path}.{field}" if path else field


def _link(reader: _Reader, value: Any, path: str) -> Link | None:
    found = reader.mapping(value, path, _LINK_FIELDS)
    if found is None:
        return None
    key = reader.key(found.get("key"), _join(path, "key"))
    stage_text = found.get("stage")
    stage = None
    try:
        stage = Stage(str(stage_text))
    except ValueError:
        choices = ", ".join(s.value for s in Stage)
        reader.refuse(_join(path, "stage"), f"{stage_text!r} is not one of {choices}")
    names = reader.names(found.get("names"), _join(path, "names"))
    classes = reader.classes(found.get("classes"), _join(path, "classes"))
    words = reader.mapping(found.get("keywords"), _join(path, "keywords"), {"zh", "en"})
    keywords_zh: tuple[Keyword, ...] = ()
    keywords_en: tuple[Keyword, ...] = ()
    if words is not None:
        keywords_zh = reader.keywords(words.get("zh"), _join(path, "keywords.zh"))
        keywords_en = reader.keywords(words.get("en"), _join(path, "keywords.en"))
    exclude = tuple(
        fold(text)
        for _w, text in reader.strings(found.get("exclude"), _join(path, "exclude"), empty_ok=True)
    )
    supplies = tuple(
        text
        for _w, text in reader.strings(
            found.get("supplies"), _join(path, "supplies"), empty_ok=True
        )
    )
    if key is None or stage is None or names is None:
        return None
    return Link(key, stage, names, classes, keywords_zh, keywords_en, exclude, supplies)


def _raw_supplies(value: Any) -> list[str]:
    """The supplies of a link as written, even when the link itself is refused."""
    supplies = value.get("supplies") if isinstance(value, Mapping) else None
    if not isinstance(supplies, list):
        return []
    return [s.strip() for s in supplies if isinstance(s, str) and s.strip()]


def _check_edges(reader: _Reader, raw_links: list[Any]) -> None:
    keys = {raw.get("key") for raw in raw_links if isinstance(raw, Mapping) and raw.get("key")}
    for index, raw in enumerate(raw_links):
        supplies = _raw_supplies(raw)
        for position, target in enumerate(supplies):
            where = f"links[{index}].supplies[{position}]"
            if target not in keys:
                reader.refuse(where, f'unknown link "{target}"')
            elif target == raw.get("key"):
                reader.refuse(where, f'link "{target}" cannot supply itself')
        if len(set(supplies)) != len(supplies):
            reader.refuse(f"links[{index}].supplies", "names a link twice")


def _check_cycles(reader: _Reader, links: list[Link]) -> None:
    """Refuses each edge that closes a cycle, found by a depth-first walk in file order."""
    index_of = {link.key: index for index, link in enumerate(links)}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(key: str) -> None:
        state[key] = 1
        path.append(key)
        link = links[index_of[key]]
        for position, target in enumerate(link.supplies):
            if target not in index_of or target == key:
                continue
            if state.get(target) == 1:
                cycle = [*path[path.index(target) :], target]
                reader.refuse(
                    f"links[{index_of[key]}].supplies[{position}]",
                    f'"{target}" closes a cycle ({" → ".join(cycle)}) but the chain is acyclic',
                )
            elif target not in state:
                visit(target)
        path.pop()
        state[key] = 2

    for link in links:
        if link.key not in state:
            visit(link.key)


def chain_from_data(data: Any) -> Chain:
    """A chain from the parsed content of a chain file; ChainFileError lists all problems."""
    reader = _Reader()
    found = reader.mapping(data, "", _CHAIN_FIELDS)
    if found is None:
        raise ChainFileError(reader.problems)
    key = reader.key(found.get("key"), "key")
    names = reader.names(found.get("names"), "names")
    acyclic = found.get("acyclic")
    if not isinstance(acyclic, bool):
        reader.refuse("acyclic", "must be true or false")
    raw_links = found.get("links")
    links: list[Link | None] = []
    if not isinstance(raw_links, list) or not raw_links:
        reader.refuse("links", "must be a non-empty list of links")
        raw_links = []
    elif len(raw_links) > MAX_LINKS:
        reader.refuse("links", f"more than {MAX_LINKS} links")
        raw_links = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(raw_links):
        link = _link(reader, raw, f"links[{index}]")
        if link is not None and link.key in seen:
            reader.refuse(
                f"links[{index}].key",
                f'duplicate link key "{link.key}" (also links[{seen[link.key]}])',
            )
            link = None
        if link is not None:
            seen[link.key] = index
        links.append(link)
    _check_edges(reader, raw_links)
    whole = [link for link in links if link is not None]
    if acyclic is True and len(whole) == len(links) and not reader.problems:
        _check_cycles(reader, whole)
    if reader.problems or key is None or names is None or not isinstance(acyclic, bool):
        raise ChainFileError(reader.problems)
    return Chain(key, names, acyclic, tuple(whole))


def chain_from_text(text: str) -> Chain:
    """A chain from the text of a chain file (YAML; JSON is YAML too)."""
    if len(text.encode()) > MAX_FILE_BYTES:
        raise ChainFileError([Problem("", f"the file is larger than {MAX_FILE_BYTES} bytes")])
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise ChainFileError([Problem(where, str(problem))]) from None
    return chain_from_data(data)


def load_chain(path: Path) -> Chain:
    """A chain from a file."""
    return chain_from_text(path.read_text(encoding="utf-8"))


SHIPPED_DIR = Path(__file__).resolve().parent.parent / "data"


def shipped_chains() -> tuple[Chain, ...]:
    """The chains shipped in ``zhaoshang/chains/data/``, in file-name order."""
    return tuple(load_chain(path) for path in sorted(SHIPPED_DIR.glob("*.yaml")))
