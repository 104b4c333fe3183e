"""Read the Atom file that Blogger's "Back up content" writes, without Django.

``parse_blogger_export(data)`` turns the bytes of a Blogger backup into a
``BloggerExport``: the blog's title, its posts and static pages in file order, and how many
entries of every other kind were skipped. It either returns everything or raises
``BloggerFileError`` with a sentence that says what is wrong; it never returns part of a file.
``sanitise_html`` is the one HTML sanitiser of the portal (the Markdown renderer uses it too).

Two formats are read, and one file may in principle mix them, since the format is decided
entry by entry:

Classic (the "Back up content" file of blogger.com, Atom with GData extensions)
    * the kind of an entry is the ``term`` of its ``<category>`` whose ``scheme`` is
      ``http://schemas.google.com/g/2005#kind``; the part after ``#`` of
      ``http://schemas.google.com/blogger/2008/kind#post`` (``post``, ``page``, ``comment``,
      ``settings``, ``template``) is the kind's name;
    * labels are the ``term`` of the categories whose scheme is
      ``http://www.blogger.com/atom/ns#``;
    * the original URL is the ``href`` of ``<link rel="alternate">`` (drafts have none);
    * a draft carries ``<app:control><app:draft>yes</app:draft></app:control>``; both the old
      ``http://purl.org/atom/app#`` namespace and the RFC 5023 one
      (``http://www.w3.org/2007/app``) are accepted.

Takeout (the newer file, namespace ``http://schemas.google.com/blogger/2018``)
    * the kind is the text of the entry's own ``<blogger:type>`` child (``POST``, ``PAGE``,
      ``COMMENT``, ...); a ``<blogger:type>`` nested deeper, such as the one inside
      ``<author>`` that says ``BLOGGER``, is not the entry's kind;
    * ``<blogger:status>``: ``LIVE`` is published; ``DELETED``, ``SOFT_TRASHED`` and
      ``TRASHED`` entries are skipped and counted as ``"deleted"``; ``DRAFT``, ``SCHEDULED``
      and any status this module does not know are kept as drafts, so that nothing becomes
      public that was not public on Blogger; with no status at all the classic
      ``app:draft`` mark decides, and without it the entry is live;
    * the original path is ``<blogger:filename>`` (``/2024/02/slug.html``, ``/p/about.html``);
      the file gives no host, so ``original_url`` is empty unless the entry also has a
      ``<link rel="alternate">``;
    * labels are all ``<category>`` terms except kind categories, whatever their scheme
      (``tag:blogger.com,1999:blog-N/label`` or none).

Both formats
    * ``blogger_id`` is the part after ``.post-`` or ``.page-`` at the end of a
      ``tag:blogger.com,1999:blog-N.post-M`` id, else the whole ``<id>`` text; an entry kept
      as a post or a page must have an ``<id>``; a second entry with an id already seen is
      skipped and counted as ``"duplicate"``;
    * dates are RFC 3339 with a time zone (``2024-02-18T09:30:00.000+08:00``, ``...Z``); a
      kept entry with no ``<published>``, or with a date that cannot be read or has no offset,
      makes the whole file an error; a missing ``<updated>`` falls back to ``<published>``;
    * the body is ``<content>``: ``type="html"`` (what Blogger writes) is escaped HTML;
      ``type="text"`` (Atom's default) is escaped before sanitising; ``type="xhtml"`` is
      serialised from the child elements; every body goes through ``sanitise_html``;
    * a title of ``type="html"`` is turned into plain text; other titles are kept exactly,
      stripped of whitespace at the ends only; labels are kept exactly as written (no Unicode
      normalisation, no case folding), in file order, duplicates removed;
    * ``original_path`` keeps its percent-encoding as written; ``slug`` is its last part
      without ``.html``;
    * entries of any kind other than ``post`` and ``page`` are skipped and counted by kind;
      an entry with no kind at all is counted as ``"unknown"``.

A file is refused when it is empty, is not well-formed XML (the message gives expat's reason
and line), ends early, declares entities or refers to external ones (defusedxml), has a root
that is not an Atom ``<feed>``, or has none of Blogger's marks (neither kind categories nor
elements of the 2018 namespace); a blog's public feed (``/feeds/posts/default``) is such a
feed, and the message says so. Errors about one entry give its number, kind, title and line.
"""

from __future__ import annotations

import contextlib
import html as html_lib
import re
import xml.parsers.expat
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from urllib.parse import urlsplit
from xml.etree.ElementTree import Element, ParseError, tostring

import defusedxml
import defusedxml.ElementTree as safe_et
import nh3

__all__ = [
    "BloggerEntry",
    "BloggerExport",
    "BloggerFileError",
    "parse_blogger_export",
    "sanitise_html",
]

ATOM_NS = "http://www.w3.org/2005/Atom"
BLOGGER_2018_NS = "http://schemas.google.com/blogger/2018"
XHTML_NS = "http://www.w3.org/1999/xhtml"
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
KIND_PREFIX = "http://schemas.google.com/blogger/2008/kind#"
LABEL_SCHEME = "http://www.blogger.com/atom/ns#"
APP_NAMESPACES = ("http://purl.org/atom/app#", "http://www.w3.org/2007/app")

KEPT_KINDS = frozenset({"post", "page"})
DELETED_STATUSES = frozenset({"DELETED", "SOFT_TRASHED", "TRASHED"})

_FEED = f"{{{ATOM_NS}}}feed"
_ENTRY = f"{{{ATOM_NS}}}entry"
_ID = f"{{{ATOM_NS}}}id"
_TITLE = f"{{{ATOM_NS}}}title"
_CONTENT = f"{{{ATOM_NS}}}content"
_CATEGORY = f"{{{ATOM_NS}}}category"
_LINK = f"{{{ATOM_NS}}}link"
_PUBLISHED = f"{{{ATOM_NS}}}published"
_UPDATED = f"{{{ATOM_NS}}}updated"
_AUTHOR_NAME = f"{{{ATOM_NS}}}author/{{{ATOM_NS}}}name"
_B_TYPE = f"{{{BLOGGER_2018_NS}}}type"
_B_STATUS = f"{{{BLOGGER_2018_NS}}}status"
_B_FILENAME = f"{{{BLOGGER_2018_NS}}}filename"

# expat error codes that mean "the document stopped before it was complete"
_TRUNCATION_CODES = frozenset(
    {
        xml.parsers.expat.errors.codes[xml.parsers.expat.errors.XML_ERROR_NO_ELEMENTS],
        xml.parsers.expat.errors.codes[xml.parsers.expat.errors.XML_ERROR_UNCLOSED_TOKEN],
        xml.parsers.expat.errors.codes[xml.parsers.expat.errors.XML_ERROR_PARTIAL_CHAR],
        xml.parsers.expat.errors.codes[xml.parsers.expat.errors.XML_ERROR_UNCLOSED_CDATA_SECTION],
    }
)
_TAG_URI_ID = re.compile(r"\.(?:post|page)-([^./\s]+)\Z")
_RFC3339 = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})[Tt ](?P<time>\d{2}:\d{2}(?::\d{2})?)"
    r"(?:\.(?P<fraction>\d+))?(?P<offset>[Zz]|[+-]\d{2}:\d{2})"
)
_URL_SCHEME = re.compile(r"\s*([A-Za-z][A-Za-z0-9+.\-]*):")


class BloggerFileError(ValueError):
    """The bytes are not a Blogger backup that can be imported; the message says why."""


@dataclass(frozen=True)
class BloggerEntry:
    """One post or static page of a Blogger backup."""

    blogger_id: str
    kind: str
    title: str
    html: str
    published: datetime
    updated: datetime
    labels: tuple[str, ...]
    original_url: str
    original_path: str
    slug: str
    is_draft: bool
    author: str


@dataclass(frozen=True)
class BloggerExport:
    """What a Blogger backup holds: posts and pages in file order, and what was skipped."""

    blog_title: str
    entries: tuple[BloggerEntry, ...]
    skipped: Mapping[str, int]


# --------------------------------------------------------------------------- sanitising

_ALLOWED_TAGS = frozenset(
    {
        "p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s",
        "blockquote", "ul", "ol", "li", "a", "img", "figure", "figcaption", "table", "thead",
        "tbody", "tr", "th", "td", "pre", "code", "hr", "span", "div", "sup", "sub",
    }
)  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
# Removed together with everything inside them (the other unknown tags lose the tag only).
_DROPPED_WITH_CONTENT = frozenset(
    {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg", "math"}
)
_IMAGE_SCHEMES = frozenset({"http", "https"})


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    """Images may come only from http(s) or a relative address (links also allow mailto)."""
    if tag == "img" and attribute == "src":
        scheme = _URL_SCHEME.match(value)
        if scheme is not None and scheme.group(1).lower() not in _IMAGE_SCHEMES:
            return None
    return value


_CLEANER = nh3.Cleaner(
    tags=set(_ALLOWED_TAGS),
    clean_content_tags=set(_DROPPED_WITH_CONTENT),
    attributes=_ALLOWED_ATTRIBUTES,
    attribute_filter=_filter_attribute,
    strip_comments=True,
    link_rel="noopener noreferrer nofollow",
    url_schemes={"http", "https", "mailto"},
)


def sanitise_html(html: str) -> str:
    """Keep ordinary article markup and nothing that can run script (see the module doc).

    Links keep http, https, mailto and relative addresses and get
    ``rel="noopener noreferrer nofollow"``; images keep http, https and relative addresses;
    ``style`` and ``on*`` attributes, and script, style, iframe, object and embed elements, go.
    """
    return _CLEANER.clean(html)


# --------------------------------------------------------------------------- reading XML


def _load_root(data: bytes) -> Element:
    if not data.strip():
        raise BloggerFileError("the file is empty")
    try:
        root: Element = safe_et.fromstring(
            data, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
    except ParseError as exc:
        raise _xml_error(exc, data) from exc
    except defusedxml.EntitiesForbidden as exc:
        raise BloggerFileError(
            "the file declares XML entities, which a Blogger backup never does; refusing to read it"
        ) from exc
    except defusedxml.ExternalReferenceForbidden as exc:
        raise BloggerFileError(
            "the file refers to an external entity, which a Blogger backup never does; "
            "refusing to read it"
        ) from exc
    except defusedxml.DefusedXmlException as exc:
        raise BloggerFileError(f"the file uses an XML feature that is refused: {exc}") from exc
    except LookupError as exc:
        raise BloggerFileError(
            f"the file declares a character encoding that is unknown: {exc}"
        ) from exc
    except (ValueError, UnicodeError) as exc:
        raise BloggerFileError(f"the file cannot be read as XML: {exc}") from exc
    return root


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def _xml_error(exc: ParseError, data: bytes) -> BloggerFileError:
    line = exc.position[0]
    reason = xml.parsers.expat.ErrorString(exc.code)
    if _looks_like_html(data):
        return BloggerFileError(
            "not a Blogger backup: the file is an HTML page, expected an Atom <feed> "
            f"(malformed XML at line {line}: {reason})"
        )
    if exc.code in _TRUNCATION_CODES:
        return BloggerFileError(
            f"the file is truncated: the XML stops at line {line} before the feed is closed "
            f"({reason})"
        )
    return BloggerFileError(f"malformed XML at line {line}: {reason}")


def _local_name(tag: str) -> str:
    return tag.rpartition("}")[2]


def _check_root(root: Element) -> None:
    if root.tag == _FEED:
        return
    name = _local_name(root.tag)
    if name == "feed":
        raise BloggerFileError(
            "not a Blogger backup: the root element is <feed> but not in the Atom namespace "
            f"({ATOM_NS})"
        )
    raise BloggerFileError(
        f"not a Blogger backup: the root element is <{name}>, expected an Atom <feed>"
    )


def _has_blogger_marks(root: Element) -> bool:
    prefix = f"{{{BLOGGER_2018_NS}}}"
    for element in root.iter():
        if element.tag.startswith(prefix):
            return True
        if (
            element.tag == _CATEGORY
            and (element.get("scheme") or "").strip() == KIND_SCHEME
            and (element.get("term") or "").strip().startswith(KIND_PREFIX)
        ):
            return True
    return False


def _text(element: Element | None) -> str:
    return "" if element is None else "".join(element.itertext())


def _entry_lines(data: bytes) -> list[int]:
    """Line of every top-level <entry>, found again with expat (only when reporting errors).

    The file has already passed defusedxml, so it declares no entities to expand.
    """
    lines: list[int] = []
    depth = 0
    parser = xml.parsers.expat.ParserCreate(namespace_separator="}")

    def start(name: str, attributes: object) -> None:
        nonlocal depth
        if depth == 1 and name == f"{ATOM_NS}}}entry":
            lines.append(parser.CurrentLineNumber)
        depth += 1

    def end(name: str) -> None:
        nonlocal depth
        depth -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    with contextlib.suppress(xml.parsers.expat.ExpatError):
        parser.Parse(data, True)
    return lines


# --------------------------------------------------------------------------- entries


@dataclass(frozen=True)
class _Raw:
    """The parts of an entry read before it is known whether it is kept."""

    kind: str
    status: str  # Takeout status in capitals, "" in the classic format
    is_draft: bool


class _EntryProblem(Exception):
    """A kept entry is unusable; turned into a BloggerFileError that names the entry."""


def _kind_and_status(entry: Element) -> _Raw:
    type_element = entry.find(_B_TYPE)
    status = _text(entry.find(_B_STATUS)).strip().upper()
    if type_element is not None:
        kind = _text(type_element).strip().lower() or "unknown"
    else:
        kind = "unknown"
        for category in entry.findall(_CATEGORY):
            if (category.get("scheme") or "").strip() == KIND_SCHEME:
                term = (category.get("term") or "").strip()
                kind = term.rpartition("#")[2].lower() or "unknown"
                break
    is_draft = status != "LIVE" if status else _classic_draft(entry)
    return _Raw(kind=kind, status=status, is_draft=is_draft)


def _classic_draft(entry: Element) -> bool:
    for namespace in APP_NAMESPACES:
        draft = entry.find(f"{{{namespace}}}control/{{{namespace}}}draft")
        if draft is not None and _text(draft).strip().lower() == "yes":
            return True
    return False


def _title(entry: Element) -> str:
    element = entry.find(_TITLE)
    text = _text(element)
    if element is not None and (element.get("type") or "").strip().lower() == "html":
        text = html_lib.unescape(nh3.clean(text, tags=set()))
    return text.strip()


def _body(entry: Element) -> str:
    content = entry.find(_CONTENT)
    if content is None:
        return ""
    content_type = (content.get("type") or "text").strip().lower()
    if content_type in ("html", "text/html"):
        markup = _text(content)
    elif content_type in ("xhtml", "application/xhtml+xml"):
        markup = _serialise_xhtml(content)
    else:
        markup = html_lib.escape(_text(content), quote=False)
    return sanitise_html(markup)


def _serialise_xhtml(content: Element) -> str:
    """The children of an Atom xhtml content (one wrapping <div>, per RFC 4287) as HTML."""
    children = list(content)
    if len(children) == 1 and _local_name(children[0].tag) == "div" and not _text_outside(content):
        wrapper = children[0]
        parts = [html_lib.escape(wrapper.text or "", quote=False)]
        parts.extend(tostring(_without_namespaces(child), encoding="unicode") for child in wrapper)
        return "".join(parts)
    parts = [html_lib.escape(content.text or "", quote=False)]
    parts.extend(tostring(_without_namespaces(child), encoding="unicode") for child in children)
    return "".join(parts)


def _text_outside(content: Element) -> bool:
    return bool((content.text or "").strip()) or any((c.tail or "").strip() for c in content)


def _without_namespaces(element: Element) -> Element:
    copy = Element(
        _local_name(element.tag),
        {_local_name(name): value for name, value in element.attrib.items()},
    )
    copy.text = element.text
    copy.tail = element.tail
    copy.extend(_without_namespaces(child) for child in element)
    return copy


def _labels(entry: Element, takeout: bool) -> tuple[str, ...]:
    labels: list[str] = []
    for category in entry.findall(_CATEGORY):
        scheme = (category.get("scheme") or "").strip()
        term = category.get("term") or ""
        if not term.strip() or scheme == KIND_SCHEME:
            continue
        if takeout or scheme == LABEL_SCHEME:
            labels.append(term)
    return tuple(dict.fromkeys(labels))


def _alternate_url(entry: Element) -> str:
    for link in entry.findall(_LINK):
        if (link.get("rel") or "alternate").strip() != "alternate":
            continue
        if (link.get("type") or "text/html").strip().lower() != "text/html":
            continue
        href = (link.get("href") or "").strip()
        if urlsplit(href).scheme.lower() in ("http", "https"):
            return href
    return ""


def _path(url: str, filename: str) -> str:
    filename = filename.strip()
    if filename:
        path = urlsplit(filename).path if "://" in filename else filename
    elif url:
        path = urlsplit(url).path
    else:
        return ""
    path = path.strip()
    if not path.startswith("/"):
        path = "/" + path
    return "" if path == "/" else path


def _slug(path: str) -> str:
    last = path.rstrip("/").rpartition("/")[2]
    return last.removesuffix(".html")


def _date(entry: Element, tag: str, name: str) -> datetime | None:
    element = entry.find(tag)
    if element is None or not _text(element).strip():
        return None
    raw = _text(element).strip()
    match = _RFC3339.fullmatch(raw)
    if match is None:
        raise _EntryProblem(
            f"has a <{name}> date that cannot be read: {raw!r} "
            "(expected RFC 3339 with a time zone, like 2024-02-18T09:30:00+08:00)"
        )
    fraction = (match["fraction"] or "")[:6]
    offset = "+00:00" if match["offset"] in ("Z", "z") else match["offset"]
    normal = f"{match['date']}T{match['time']}{'.' + fraction.ljust(6, '0') if fraction else ''}"
    try:
        return datetime.fromisoformat(normal + offset)
    except ValueError as exc:
        raise _EntryProblem(f"has a <{name}> date that cannot be read: {raw!r} ({exc})") from exc


def _read_kept(entry: Element, raw: _Raw, takeout: bool) -> BloggerEntry:
    id_text = _text(entry.find(_ID)).strip()
    if not id_text:
        raise _EntryProblem("has no <id>")
    match = _TAG_URI_ID.search(id_text)
    published = _date(entry, _PUBLISHED, "published")
    if published is None:
        raise _EntryProblem("has no <published> date")
    updated = _date(entry, _UPDATED, "updated") or published
    url = _alternate_url(entry)
    path = _path(url, _text(entry.find(_B_FILENAME)))
    return BloggerEntry(
        blogger_id=match.group(1) if match else id_text,
        kind=raw.kind,
        title=_title(entry),
        html=_body(entry),
        published=published,
        updated=updated,
        labels=_labels(entry, takeout),
        original_url=url,
        original_path=path,
        slug=_slug(path) if path else "",
        is_draft=raw.is_draft,
        author=_text(entry.find(_AUTHOR_NAME)).strip(),
    )


def parse_blogger_export(data: bytes) -> BloggerExport:
    """Read a Blogger backup; raise ``BloggerFileError`` (and return nothing) if it is unusable.

    Posts and pages come back in file order; every other entry is counted in ``skipped`` under
    its kind (``"comment"``, ``"settings"``, ``"template"``), or under ``"deleted"``,
    ``"duplicate"`` or ``"unknown"``.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"parse_blogger_export expects bytes, not {type(data).__name__}")
    data = bytes(data)
    root = _load_root(data)
    _check_root(root)
    if not _has_blogger_marks(root):
        feed_id = _text(root.find(_ID)).strip()
        hint = (
            "; it looks like a blog's public feed, use Blogger's Settings > Back up content"
            if feed_id.startswith("tag:blogger.com,")
            else ""
        )
        raise BloggerFileError(
            "not a Blogger backup: the Atom feed has no Blogger entry kinds and no blogger: "
            f"elements{hint}"
        )

    entries: list[BloggerEntry] = []
    skipped: dict[str, int] = {}
    seen_ids: set[str] = set()
    for number, entry in enumerate(root.findall(_ENTRY), start=1):
        raw = _kind_and_status(entry)
        if raw.status in DELETED_STATUSES:
            reason = "deleted"
        elif raw.kind not in KEPT_KINDS:
            reason = raw.kind
        else:
            try:
                kept = _read_kept(entry, raw, takeout=entry.find(_B_TYPE) is not None)
            except _EntryProblem as problem:
                raise _entry_error(data, number, raw.kind, _title(entry), str(problem)) from None
            full_id = _text(entry.find(_ID)).strip()
            if full_id not in seen_ids:
                seen_ids.add(full_id)
                entries.append(kept)
                continue
            reason = "duplicate"
        skipped[reason] = skipped.get(reason, 0) + 1

    return BloggerExport(
        blog_title=_text(root.find(_TITLE)).strip(),
        entries=tuple(entries),
        skipped=MappingProxyType(skipped),
    )


def _entry_error(data: bytes, number: int, kind: str, title: str, problem: str) -> BloggerFileError:
    lines = _entry_lines(data)
    where = f" at line {lines[number - 1]}" if len(lines) >= number else ""
    named = f' "{title}"' if title else " without a title"
    return BloggerFileError(f"entry {number}{where} ({kind}{named}) {problem}")
