"""The Blogger backup parser: both export formats, the sanitiser, and every refusal.

Plain pytest, no database. The files in blogger_files/ are written by hand after the two
formats Blogger writes: classic.xml ("Back up content", kinds as categories) and takeout.atom
(the 2018 blogger: namespace), with the same posts, draft, page and comments.
"""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhaoshang.portal.blogger import (
    BloggerEntry,
    BloggerExport,
    BloggerFileError,
    parse_blogger_export,
    sanitise_html,
)

FILES = Path(__file__).parent / "blogger_files"
CHINA = timezone(timedelta(hours=8))
EN_TITLE = "Guangdong opens the year with its high-quality development conference"
ZH_TITLE = "四會市招商引資"
DRAFT_TITLE = "Draft: technology finance for small factories"


def read(name: str) -> bytes:
    return (FILES / name).read_bytes()


@pytest.fixture(scope="module")
def classic() -> BloggerExport:
    return parse_blogger_export(read("classic.xml"))


@pytest.fixture(scope="module")
def takeout() -> BloggerExport:
    return parse_blogger_export(read("takeout.atom"))


def entry(export: BloggerExport, title: str) -> BloggerEntry:
    (found,) = [e for e in export.entries if e.title == title]
    return found


def feed(*entries: str, blogger_ns: bool = True) -> bytes:
    """A small Takeout-style file around the given <entry> elements."""
    namespace = " xmlns:blogger='http://schemas.google.com/blogger/2018'" if blogger_ns else ""
    body = "\n".join(entries)
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f"<feed xmlns='http://www.w3.org/2005/Atom'{namespace}>\n"
        "<title>T</title>\n"
        f"{body}\n</feed>\n"
    ).encode()


def post(
    *,
    title: str = "A post",
    published: str | None = "2024-02-18T01:30:00Z",
    extra: str = "",
    post_id: str = "7001",
) -> str:
    stamp = f"<published>{published}</published>" if published is not None else ""
    return (
        "<entry>\n"
        f"<id>tag:blogger.com,1999:blog-1.post-{post_id}</id>\n"
        "<blogger:type>POST</blogger:type><blogger:status>LIVE</blogger:status>\n"
        f"<title>{title}</title>\n"
        f"{stamp}\n{extra}\n"
        "<content type='html'>&lt;p&gt;x&lt;/p&gt;</content>\n"
        "</entry>"
    )


def error_for(data: bytes) -> str:
    with pytest.raises(BloggerFileError) as caught:
        parse_blogger_export(data)
    return str(caught.value)


# ---------------------------------------------------------------- classic format


def test_classic_keeps_posts_and_pages_in_file_order(classic):
    assert [(e.kind, e.title) for e in classic.entries] == [
        ("post", EN_TITLE),
        ("post", ZH_TITLE),
        ("post", DRAFT_TITLE),
        ("page", "Contact us"),
    ]


def test_classic_blog_title_is_read(classic):
    assert classic.blog_title == "Invest in Sihui 四會招商"


def test_classic_skips_comments_settings_and_template_and_counts_them(classic):
    assert dict(classic.skipped) == {"template": 1, "settings": 1, "comment": 2}


def test_skipped_counts_cannot_be_changed(classic):
    with pytest.raises(TypeError):
        classic.skipped["comment"] = 0


def test_traditional_chinese_title_survives_byte_for_byte(classic):
    title = entry(classic, ZH_TITLE).title
    assert title.encode("utf-8") == "四會市招商引資".encode()
    assert title.encode("utf-8") in read("classic.xml")


def test_traditional_chinese_labels_survive_byte_for_byte(classic):
    labels = entry(classic, ZH_TITLE).labels
    assert [label.encode("utf-8") for label in labels] == [
        b"\xe6\x8a\x95\xe8\xb3\x87",  # 投資
        b"\xe5\xb7\xa5\xe5\xbb\xa0",  # 工廠
        b"\xe5\xbb\xa3\xe6\x9d\xb1",  # 廣東
    ]


def test_labels_keep_file_order_without_duplicates(classic):
    assert entry(classic, EN_TITLE).labels == ("Investment", "Guangdong")


def test_kind_category_is_not_a_label(classic):
    assert all("kind#" not in label for e in classic.entries for label in e.labels)


def test_title_is_stripped_at_the_ends_only(classic):
    assert entry(classic, EN_TITLE).title == EN_TITLE


def test_classic_draft_is_flagged(classic):
    assert entry(classic, DRAFT_TITLE).is_draft
    assert not entry(classic, EN_TITLE).is_draft


def test_classic_draft_in_the_2007_app_namespace_is_flagged():
    data = read("classic.xml").replace(b"http://purl.org/atom/app#", b"http://www.w3.org/2007/app")
    assert entry(parse_blogger_export(data), DRAFT_TITLE).is_draft


def test_classic_original_url_path_and_slug_come_from_the_alternate_link(classic):
    found = entry(classic, EN_TITLE)
    assert found.original_url == (
        "https://sihui-invest.blogspot.com/2024/02/guangdong-high-quality-development.html"
    )
    assert found.original_path == "/2024/02/guangdong-high-quality-development.html"
    assert found.slug == "guangdong-high-quality-development"


def test_page_keeps_its_p_path(classic):
    page = entry(classic, "Contact us")
    assert (page.kind, page.original_path, page.slug) == ("page", "/p/contact.html", "contact")


def test_draft_without_link_has_no_url_path_or_slug(classic):
    draft = entry(classic, DRAFT_TITLE)
    assert (draft.original_url, draft.original_path, draft.slug) == ("", "", "")


def test_dates_are_timezone_aware_with_their_offset(classic):
    found = entry(classic, EN_TITLE)
    assert found.published == datetime(2024, 2, 18, 9, 30, tzinfo=CHINA)
    assert found.updated == datetime(2024, 2, 19, 11, 5, 42, 218000, tzinfo=CHINA)
    assert found.published.utcoffset() == timedelta(hours=8)


def test_blogger_id_is_the_post_or_page_number(classic):
    assert [e.blogger_id for e in classic.entries] == ["7001", "7002", "7003", "8001"]


def test_author_name_is_read(classic):
    assert entry(classic, ZH_TITLE).author == "陳小明"


def test_body_is_sanitised_but_keeps_the_image(classic):
    body = entry(classic, EN_TITLE).html
    assert 'src="https://blogger.googleusercontent.com/img/b/R29vZ2xl/s400/park.jpg"' in body
    assert 'alt="Industrial park"' in body
    for gone in ("<script", "tracker", "onerror", "onclick", "javascript:", "style="):
        assert gone not in body


def test_data_image_in_a_body_loses_its_src(classic):
    body = entry(classic, ZH_TITLE).html
    assert "data:" not in body
    assert "<h2>四會市歡迎投資</h2>" in body


# ---------------------------------------------------------------- Takeout format


def test_takeout_keeps_posts_and_pages_in_file_order(takeout):
    assert [(e.kind, e.title) for e in takeout.entries] == [
        ("post", EN_TITLE),
        ("post", ZH_TITLE),
        ("post", DRAFT_TITLE),
        ("page", "Contact us"),
    ]


def test_takeout_skips_comments_and_deleted_posts_and_counts_them(takeout):
    assert dict(takeout.skipped) == {"deleted": 1, "comment": 2}


def test_takeout_draft_status_is_flagged(takeout):
    assert entry(takeout, DRAFT_TITLE).is_draft
    assert not entry(takeout, ZH_TITLE).is_draft


def test_takeout_path_and_slug_come_from_blogger_filename(takeout):
    found = entry(takeout, EN_TITLE)
    assert found.original_path == "/2024/02/guangdong-high-quality-development.html"
    assert found.slug == "guangdong-high-quality-development"
    assert found.original_url == ""


def test_takeout_empty_filename_gives_no_path(takeout):
    assert entry(takeout, DRAFT_TITLE).original_path == ""


def test_takeout_labels_with_and_without_scheme_survive(takeout):
    assert entry(takeout, EN_TITLE).labels == ("Investment", "Guangdong")
    assert entry(takeout, ZH_TITLE).labels == ("投資", "工廠", "廣東")


def test_takeout_author_type_is_not_mistaken_for_the_entry_kind(takeout):
    # every <author> in the file holds <blogger:type>BLOGGER</blogger:type>
    assert "blogger" not in takeout.skipped
    assert entry(takeout, EN_TITLE).author == "Lin Wei"


def test_takeout_utc_dates_are_timezone_aware(takeout):
    found = entry(takeout, EN_TITLE)
    assert found.published == datetime(2024, 2, 18, 1, 30, tzinfo=UTC)
    assert found.published.tzinfo is not None


def test_both_formats_give_the_same_posts(classic, takeout):
    def essentials(export: BloggerExport) -> list[tuple[object, ...]]:
        return [
            (
                e.blogger_id,
                e.kind,
                e.title,
                e.html,
                e.published,
                e.labels,
                e.original_path,
                e.slug,
                e.is_draft,
                e.author,
            )
            for e in export.entries
        ]

    assert essentials(classic) == essentials(takeout)


def test_scheduled_post_is_kept_as_a_draft():
    extra = "<blogger:filename>/2024/03/soon.html</blogger:filename>"
    data = feed(post(extra=extra).replace("LIVE", "SCHEDULED"))
    assert parse_blogger_export(data).entries[0].is_draft


def test_soft_trashed_post_is_skipped_as_deleted():
    data = feed(post().replace("LIVE", "SOFT_TRASHED"))
    export = parse_blogger_export(data)
    assert (export.entries, dict(export.skipped)) == ((), {"deleted": 1})


def test_second_entry_with_the_same_id_is_skipped_as_duplicate():
    export = parse_blogger_export(feed(post(title="first"), post(title="second")))
    assert [e.title for e in export.entries] == ["first"]
    assert dict(export.skipped) == {"duplicate": 1}


def test_missing_updated_falls_back_to_published():
    found = parse_blogger_export(feed(post())).entries[0]
    assert found.updated == found.published


def test_html_title_becomes_plain_text():
    # the HTML "Sihui <b>&amp;</b> Zhaoqing", escaped once more for XML
    title = "<title type='html'>Sihui &lt;b&gt;&amp;amp;&lt;/b&gt; Zhaoqing</title>"
    data = feed(post().replace("<title>A post</title>", title))
    assert parse_blogger_export(data).entries[0].title == "Sihui & Zhaoqing"


def test_text_content_is_escaped_not_interpreted():
    body = "<content type='text'>1 &lt; 2 &lt;b&gt;</content>"
    data = feed(post().replace("<content type='html'>&lt;p&gt;x&lt;/p&gt;</content>", body))
    assert parse_blogger_export(data).entries[0].html == "1 &lt; 2 &lt;b&gt;"


def test_xhtml_content_is_serialised_and_sanitised():
    body = (
        "<content type='xhtml'><div xmlns='http://www.w3.org/1999/xhtml'>"
        "<p onclick='x()'>Hello <b>Sihui</b></p></div></content>"
    )
    data = feed(post().replace("<content type='html'>&lt;p&gt;x&lt;/p&gt;</content>", body))
    assert parse_blogger_export(data).entries[0].html == "<p>Hello <b>Sihui</b></p>"


# ---------------------------------------------------------------- sanitiser


def test_sanitiser_removes_script_with_its_content():
    assert sanitise_html("<p>a<script>alert(1)</script>b</p>") == "<p>ab</p>"


def test_sanitiser_removes_event_handler_attributes():
    cleaned = sanitise_html('<img src="https://x.example/a.png" onerror="alert(1)" onload="y()">')
    assert cleaned == '<img src="https://x.example/a.png">'


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java&#x09;script:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
    ],
)
def test_sanitiser_removes_script_urls_from_links(href):
    assert "href" not in sanitise_html(f'<a href="{href}">x</a>')


def test_sanitiser_removes_style_attributes_and_style_elements():
    cleaned = sanitise_html('<style>p{}</style><p style="color:red">x</p>')
    assert cleaned == "<p>x</p>"


@pytest.mark.parametrize(
    "markup",
    [
        '<iframe src="https://evil.example/"></iframe>',
        '<object data="x.swf"></object>',
        '<embed src="x.swf">',
        '<svg onload="alert(1)"><circle r="1"/></svg>',
        "<form action='https://evil.example/'><input name='q'></form>",
        "<meta http-equiv='refresh' content='0;url=https://evil.example/'>",
    ],
)
def test_sanitiser_removes_active_elements(markup):
    assert sanitise_html(f"<p>a</p>{markup}") == "<p>a</p>"


def test_sanitiser_keeps_http_image_with_its_attributes():
    markup = '<img src="https://x.example/a.png" alt="A" title="T" width="4" height="3">'
    assert sanitise_html(markup) == markup


@pytest.mark.parametrize(
    "src",
    ["data:image/png;base64,iVBORw0KGgo=", "mailto:a@b.example", "javascript:alert(1)", "ftp://x"],
)
def test_sanitiser_removes_image_sources_that_are_not_http(src):
    assert sanitise_html(f'<img src="{src}" alt="A">') == '<img alt="A">'


def test_sanitiser_keeps_relative_and_protocol_relative_images():
    markup = '<img src="//1.bp.blogspot.com/a.jpg"><img src="/media/a.jpg">'
    assert sanitise_html(markup) == markup


@pytest.mark.parametrize(
    "href", ["https://x.example/", "http://x.example/", "mailto:a@b.example", "/2024/02/a.html"]
)
def test_sanitiser_keeps_allowed_links_and_adds_rel(href):
    assert sanitise_html(f'<a href="{href}" title="t">x</a>') == (
        f'<a href="{href}" title="t" rel="noopener noreferrer nofollow">x</a>'
    )


def test_sanitiser_keeps_ordinary_article_markup():
    markup = (
        "<h1>a</h1><h6>b</h6><p>c<br><strong>d</strong><em>e</em><b>f</b><i>g</i><u>h</u>"
        "<s>i</s><sup>1</sup><sub>2</sub><span>j</span></p><blockquote>k</blockquote>"
        '<ul><li>l</li></ul><ol><li>m</li></ol><figure><img src="https://x.example/a.png">'
        "<figcaption>n</figcaption></figure><table><thead><tr><th>o</th></tr></thead>"
        "<tbody><tr><td>p</td></tr></tbody></table><pre><code>q</code></pre><hr><div>r</div>"
    )
    assert sanitise_html(markup) == markup


def test_sanitiser_drops_unknown_tags_but_keeps_their_text():
    assert sanitise_html("<p><font color='red'>Sihui</font></p>") == "<p>Sihui</p>"


# ---------------------------------------------------------------- refusals


def test_malformed_file_names_the_problem_and_the_line():
    assert error_for(read("malformed.xml")) == "malformed XML at line 12: mismatched tag"


def test_truncated_file_is_reported_as_truncated():
    message = error_for(read("truncated.xml"))
    assert message.startswith("the file is truncated")
    assert "line 13" in message


def test_non_atom_file_names_its_root_element():
    assert error_for(read("not_atom.xml")) == (
        "not a Blogger backup: the root element is <rss>, expected an Atom <feed>"
    )


def test_atom_feed_without_blogger_marks_is_refused():
    message = error_for(read("atom_not_blogger.xml"))
    assert message.startswith("not a Blogger backup: the Atom feed has no Blogger entry kinds")


def test_blogger_public_feed_is_refused_with_a_hint():
    data = (
        b"<feed xmlns='http://www.w3.org/2005/Atom'>"
        b"<id>tag:blogger.com,1999:blog-4411284</id><title>T</title></feed>"
    )
    assert "public feed" in error_for(data)


def test_well_formed_html_is_refused_by_its_root():
    assert error_for(b"<html><body><p>hi</p></body></html>") == (
        "not a Blogger backup: the root element is <html>, expected an Atom <feed>"
    )


def test_ordinary_html_page_is_refused_as_html():
    data = b"<!DOCTYPE html>\n<html><head><meta charset='utf-8'></head><body></body></html>"
    assert error_for(data).startswith("not a Blogger backup: the file is an HTML page")


def test_feed_outside_the_atom_namespace_is_refused():
    assert "not in the Atom namespace" in error_for(b"<feed><entry/></feed>")


@pytest.mark.parametrize("data", [b"", b"   \n"])
def test_empty_file_is_refused(data):
    assert error_for(data) == "the file is empty"


def test_not_xml_at_all_is_refused():
    assert error_for(b"PK\x03\x04 this is a zip file").startswith("malformed XML at line 1")


def test_entity_declarations_are_refused():
    data = (
        b"<?xml version='1.0'?><!DOCTYPE feed [<!ENTITY a 'aaaaaaaaaa'>"
        b"<!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>]>"
        b"<feed xmlns='http://www.w3.org/2005/Atom'><title>&b;</title></feed>"
    )
    assert "entities" in error_for(data)


def test_external_entities_are_refused():
    data = (
        b"<?xml version='1.0'?><!DOCTYPE feed [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>"
        b"<feed xmlns='http://www.w3.org/2005/Atom'><title>&x;</title></feed>"
    )
    assert "entit" in error_for(data)


def test_unknown_encoding_is_refused():
    data = b"<?xml version='1.0' encoding='klingon'?><feed/>"
    assert "encoding" in error_for(data)


def test_post_without_published_date_names_the_entry_and_line():
    data = feed(post(), post(title="Undated", published=None, post_id="7002"))
    assert error_for(data) == 'entry 2 at line 12 (post "Undated") has no <published> date'


def test_post_with_unreadable_date_is_refused():
    message = error_for(feed(post(published="18 February 2024")))
    assert "'18 February 2024'" in message
    assert "cannot be read" in message


def test_post_with_impossible_date_is_refused():
    assert "cannot be read" in error_for(feed(post(published="2024-02-30T10:00:00Z")))


def test_post_date_without_time_zone_is_refused():
    assert "time zone" in error_for(feed(post(published="2024-02-18T09:30:00")))


def test_post_with_unreadable_updated_date_is_refused():
    data = feed(post(extra="<updated>yesterday</updated>"))
    assert "<updated> date that cannot be read" in error_for(data)


def test_post_without_id_is_refused():
    data = feed(post().replace("<id>tag:blogger.com,1999:blog-1.post-7001</id>", ""))
    assert error_for(data).endswith("has no <id>")


def test_comment_with_bad_date_does_not_matter():
    comment = post(published="whenever").replace("POST", "COMMENT")
    assert dict(parse_blogger_export(feed(post(), comment)).skipped) == {"comment": 1}


def test_every_truncation_of_a_backup_is_refused():
    data = read("classic.xml")
    end = data.rindex(b"</feed>") + len(b"</feed>")
    for cut in range(0, end, 13):
        with pytest.raises(BloggerFileError):
            parse_blogger_export(data[:cut])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_arbitrary_bytes_parse_or_raise_blogger_file_error(data):
    with contextlib.suppress(BloggerFileError):
        parse_blogger_export(data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=60), st.integers(min_value=0))
def test_damaged_backups_parse_or_raise_blogger_file_error(noise, where):
    original = read("takeout.atom")
    at = where % len(original)
    with contextlib.suppress(BloggerFileError):
        parse_blogger_export(original[:at] + noise + original[at:])


XML_TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc"),  # surrogates and control characters are not XML
        blacklist_characters="\ufffe\uffff",
    ),
    max_size=40,
)


@settings(max_examples=200, deadline=None)
@given(XML_TEXT, XML_TEXT)
def test_any_title_and_label_survive_exactly(title, label):
    extra = f"<category term={quoteattr(label)}/>"
    export = parse_blogger_export(feed(post(title=escape(title), extra=extra)))
    found = export.entries[0]
    assert found.title == title.strip()
    assert found.labels == ((label,) if label.strip() else ())


def test_error_messages_are_plain_sentences():
    for name in ("malformed.xml", "truncated.xml", "not_atom.xml", "atom_not_blogger.xml"):
        message = error_for(read(name))
        assert re.fullmatch(r"[a-z][^\n]+", message), message
