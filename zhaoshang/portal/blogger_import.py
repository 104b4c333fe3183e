"""Importing a Blogger backup: posts, static pages and labels, in one transaction."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from zhaoshang.core.audit import audit_create, audit_update, snapshot
from zhaoshang.core.models import User
from zhaoshang.portal.blogger import BloggerEntry, parse_blogger_export
from zhaoshang.portal.content import detect_language, slug_from_title
from zhaoshang.portal.models import Label, Page, Post
from zhaoshang.portal.services import PostInput, VersionInput, label_create, post_save


@dataclass
class ImportReport:
    blog_title: str = ""
    posts: Counter[str] = field(default_factory=Counter)  # created / updated / unchanged
    pages: Counter[str] = field(default_factory=Counter)
    labels_created: list[str] = field(default_factory=list)
    labels_used: set[str] = field(default_factory=set)
    skipped: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def lines(self) -> list[str]:
        out = [
            f"blog: {self.blog_title or '(untitled)'}",
            "posts: {created} created, {updated} updated, {unchanged} unchanged".format(
                created=self.posts["created"],
                updated=self.posts["updated"],
                unchanged=self.posts["unchanged"],
            ),
            "pages: {created} created, {updated} updated, {unchanged} unchanged".format(
                created=self.pages["created"],
                updated=self.pages["updated"],
                unchanged=self.pages["unchanged"],
            ),
            f"labels: {len(self.labels_used)} used, {len(self.labels_created)} new"
            + (f" ({', '.join(self.labels_created)})" if self.labels_created else ""),
        ]
        skipped = ", ".join(f"{kind} {count}" for kind, count in sorted(self.skipped.items()))
        out.append(f"skipped: {skipped or 'nothing'}")
        if self.dry_run:
            out.append("dry run: nothing was written")
        return out


class _DryRunRollback(Exception):
    pass


def blogger_import(*, actor: User | None, data: bytes, dry_run: bool = False) -> ImportReport:
    """Import a Blogger backup. Raises BloggerFileError (nothing written) on a bad file."""
    export = parse_blogger_export(data)
    report = ImportReport(blog_title=export.blog_title, skipped=dict(export.skipped))
    report.dry_run = dry_run
    try:
        with transaction.atomic():
            labels: dict[str, Label] = {}
            for entry in export.entries:
                if entry.kind == "post":
                    _import_post(actor, entry, labels, report)
                elif entry.kind == "page":
                    _import_page(actor, entry, report)
            if dry_run:
                raise _DryRunRollback
    except _DryRunRollback:
        pass
    return report


def _label_for(
    actor: User | None, term: str, labels: dict[str, Label], report: ImportReport
) -> Label:
    if term in labels:
        return labels[term]
    label = Label.objects.filter(blogger_term=term).first()
    if label is None:
        language = detect_language(term)
        label = label_create(
            actor=actor,
            name_en=term,
            name_zh_hans=term if language == "zh-hans" else "",
            name_zh_hant=term if language == "zh-hant" else "",
            blogger_term=term,
        )
        report.labels_created.append(term)
    labels[term] = label
    report.labels_used.add(term)
    return label


def _import_post(
    actor: User | None, entry: BloggerEntry, labels: dict[str, Label], report: ImportReport
) -> None:
    language = detect_language(entry.title + " " + entry.html)
    post_labels = [_label_for(actor, term, labels, report) for term in entry.labels]
    status = Post.Status.DRAFT if entry.is_draft else Post.Status.PUBLISHED
    existing = (
        Post.objects.filter(blogger_id=entry.blogger_id)
        .prefetch_related("versions", "labels")
        .first()
    )
    if existing is not None and _same_post(existing, entry, language, status, post_labels):
        report.posts["unchanged"] += 1
        return
    data = PostInput(
        status=status,
        publish_at=entry.published,
        versions={language: VersionInput(title=entry.title, body_html=entry.html)},
        labels=post_labels,
        featured=existing.featured if existing else False,
        slug=(existing.slug if existing else entry.slug or slug_from_title(entry.title)),
        blogger_id=entry.blogger_id,
        original_url=entry.original_url,
        original_path=entry.original_path,
    )
    post_save(actor=actor, post=existing, data=data)
    report.posts["updated" if existing else "created"] += 1


def _same_post(
    post: Post, entry: BloggerEntry, language: str, status: str, labels: list[Label]
) -> bool:
    versions = list(post.versions.all())
    return (
        len(versions) == 1
        and versions[0].language == language
        and versions[0].title == entry.title.strip()
        and versions[0].body_html == entry.html
        and post.status == status
        and post.publish_at == entry.published
        and sorted(label.pk for label in post.labels.all()) == sorted(label.pk for label in labels)
        and post.original_path == entry.original_path
    )


def _import_page(actor: User | None, entry: BloggerEntry, report: ImportReport) -> None:
    page = Page.objects.filter(blogger_id=entry.blogger_id).first()
    language = detect_language(entry.title + " " + entry.html)
    values = {
        "title": entry.title.strip(),
        "body_html": entry.html,
        "language": language,
        "is_published": not entry.is_draft,
        "original_path": entry.original_path,
    }
    if page is not None and all(getattr(page, k) == v for k, v in values.items()):
        report.pages["unchanged"] += 1
        return
    if page is None:
        slug = entry.slug or slug_from_title(entry.title)
        base, n = slug, 1
        while Page.objects.filter(slug=slug, language=language).exists():
            n += 1
            slug = f"{base}-{n}"
        page = Page(slug=slug, blogger_id=entry.blogger_id, updated_at=entry.updated, **values)
        page.full_clean()
        page.save()
        audit_create(actor=actor, instance=page)
        report.pages["created"] += 1
        return
    before = snapshot(page)
    for name, value in values.items():
        setattr(page, name, value)
    page.updated_at = entry.updated
    page.full_clean()
    page.save()
    audit_update(actor=actor, instance=page, before=before)
    report.pages["updated"] += 1
