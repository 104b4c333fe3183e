"""Every write of the public portal: one transaction each, with its audit event, its
search-index update and the clearing of cached pages."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from zhaoshang.core.audit import (
    audit_create,
    audit_delete,
    audit_fields_changed,
    audit_update,
    snapshot,
)
from zhaoshang.core.links import absolute_url
from zhaoshang.core.models import User
from zhaoshang.core.pagecache import public_pages_changed
from zhaoshang.core.phones import phone_fields_normalise, phone_normalise
from zhaoshang.core.selectors import site_settings_current
from zhaoshang.core.text import instance_text_check, text_check
from zhaoshang.leads.origins import ELSEWHERE, ORIGINS
from zhaoshang.portal.content import html_to_text, markdown_to_html, slug_from_title
from zhaoshang.portal.models import (
    LANGUAGE_CHOICES,
    Contact,
    Enquiry,
    Label,
    Post,
    PostImage,
    PostVersion,
    ReferenceCounter,
)
from zhaoshang.registry.models import Industry
from zhaoshang.textsearch.services import search_index_put, search_index_remove

LANGUAGES = [code for code, _name in LANGUAGE_CHOICES]
VERSION_FIELDS = ("title", "summary", "source", "body_markdown", "body_html")

# --- labels -----------------------------------------------------------------------------


def label_create(
    *,
    actor: User | None,
    name_en: str,
    name_zh_hans: str = "",
    name_zh_hant: str = "",
    slug: str = "",
    blogger_term: str = "",
) -> Label:
    name_en = name_en.strip()
    if not (name_en or name_zh_hans or name_zh_hant):
        raise ValidationError({"name_en": _("A label needs a name.")})
    base = slug or slug_from_title(name_en or name_zh_hans or name_zh_hant)
    label = Label(
        slug=_free_slug(Label, base),
        name_en=name_en or name_zh_hans or name_zh_hant,
        name_zh_hans=name_zh_hans,
        name_zh_hant=name_zh_hant,
        blogger_term=blogger_term,
    )
    instance_text_check(label)
    label.full_clean()
    with transaction.atomic():
        label.save()
        audit_create(actor=actor, instance=label)
        public_pages_changed()
    return label


def _free_slug(model: Any, base: str, exclude_pk: int | None = None) -> str:
    base = base[:70] or "item"
    candidate, n = base, 1
    while model.objects.filter(slug=candidate).exclude(pk=exclude_pk).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


# --- posts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionInput:
    title: str
    body_markdown: str = ""
    summary: str = ""
    body_html: str | None = None  # imported HTML, already sanitised; None = render Markdown


@dataclass(frozen=True)
class PostInput:
    status: str
    publish_at: datetime.datetime | None
    versions: Mapping[str, VersionInput]
    labels: Iterable[Label] = ()
    featured: bool = False
    slug: str = ""
    blogger_id: str | None = None
    original_url: str = ""
    original_path: str = ""
    new_labels: Iterable[str] = ()  # names of labels to find or create with the post


def _check_post(data: PostInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.status not in Post.Status.values:
        errors["status"] = [_("Unknown status.")]
    if data.status == Post.Status.SCHEDULED:
        if data.publish_at is None:
            errors["publish_at"] = [_("A scheduled post needs the time to publish it.")]
        elif data.publish_at <= timezone.now():
            errors["publish_at"] = [_("The time to publish a scheduled post must be in future.")]
    versions = {lang: v for lang, v in data.versions.items() if v.title.strip()}
    if not versions:
        errors["title_en"] = [_("A post needs a title in at least one language.")]
    for lang in data.versions:
        if lang not in LANGUAGES:
            errors[f"title_{lang}"] = [_("Unknown language.")]
    return errors


def _version_values(version: VersionInput) -> dict[str, str]:
    if version.body_html is not None:
        return {
            "title": version.title.strip(),
            "summary": version.summary.strip(),
            "source": PostVersion.Source.HTML,
            "body_markdown": "",
            "body_html": version.body_html,
        }
    return {
        "title": version.title.strip(),
        "summary": version.summary.strip(),
        "source": PostVersion.Source.MARKDOWN,
        "body_markdown": version.body_markdown,
        "body_html": markdown_to_html(version.body_markdown),
    }


def post_save(*, actor: User | None, post: Post | None, data: PostInput) -> Post:
    """Create (``post`` None) or change a post with its versions and labels.

    Versions whose title is empty are removed. Raises ValidationError naming the field;
    nothing is written then.
    """
    errors = _check_post(data)
    if errors:
        raise ValidationError(errors)
    wanted = {lang: _version_values(v) for lang, v in data.versions.items() if v.title.strip()}
    creating = post is None
    with transaction.atomic():
        if post is None:
            first_title = next(iter(wanted.values()))["title"]
            title_for_slug = wanted.get("en", {}).get("title") or first_title
            post = Post(
                slug=_free_slug(Post, data.slug or slug_from_title(title_for_slug)),
                author=actor,
                created_at=timezone.now(),
            )
            before: dict[str, Any] = {}
        else:
            post = Post.objects.select_for_update().get(pk=post.pk)
            before = snapshot(post)
            if data.slug and data.slug != post.slug:
                post.slug = _free_slug(Post, data.slug, exclude_pk=post.pk)
        post.status = data.status
        post.publish_at = data.publish_at
        if post.publish_at is None and data.status == Post.Status.PUBLISHED:
            post.publish_at = timezone.now()
        post.featured = data.featured
        if data.blogger_id is not None:
            post.blogger_id = data.blogger_id
        post.original_url = data.original_url or post.original_url
        post.original_path = data.original_path or post.original_path
        post.updated_at = timezone.now()
        try:
            instance_text_check(post)
            post.full_clean(exclude=["labels"])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        post.save()
        if creating:
            audit_create(actor=actor, instance=post)
        else:
            audit_update(actor=actor, instance=post, before=before)
        labels = [*data.labels, *(_label_named(actor, name) for name in data.new_labels)]
        changes = _save_versions(post, wanted)
        changes.update(_save_labels(post, labels))
        if changes:
            audit_fields_changed(actor=actor, instance=post, changes=changes)
        if post.featured:
            for other in Post.objects.filter(featured=True).exclude(pk=post.pk):
                other_before = snapshot(other)
                other.featured = False
                other.save(update_fields=["featured"])
                audit_update(actor=actor, instance=other, before=other_before)
        _reindex(post)
        public_pages_changed()
    return post


def _save_versions(post: Post, wanted: dict[str, dict[str, str]]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    existing = {v.language: v for v in post.versions.all()}
    for lang, version in existing.items():
        if lang not in wanted:
            changes[f"title[{lang}]"] = {"old": version.title, "new": None}
            version.delete()
    for lang, values in wanted.items():
        version = existing.get(lang) or PostVersion(post=post, language=lang)
        for name in VERSION_FIELDS:
            old = getattr(version, name) if lang in existing else None
            if old != values[name]:
                shown = (
                    {"old": old, "new": values[name]}
                    if name != "body_html"
                    else {"old": "…" if old else None, "new": "…"}
                )
                changes[f"{name}[{lang}]"] = shown
            setattr(version, name, values[name])
        instance_text_check(version)
        version.full_clean(exclude=["post"])
        version.save()
    return changes


def _label_named(actor: User | None, name: str) -> Label:
    found = Label.objects.filter(Q(name_en=name) | Q(name_zh_hans=name) | Q(name_zh_hant=name))
    return found.first() or label_create(actor=actor, name_en=name)


def _save_labels(post: Post, labels: list[Label]) -> dict[str, Any]:
    old = sorted(post.labels.values_list("slug", flat=True))
    post.labels.set(labels)
    new = sorted(label.slug for label in labels)
    return {"labels": {"old": old, "new": new}} if old != new else {}


def _reindex(post: Post) -> None:
    search_index_remove(kind="post", object_id=post.pk)
    if post.status not in (Post.Status.PUBLISHED, Post.Status.SCHEDULED):
        return
    for version in post.versions.all():
        body = " ".join(filter(None, [version.summary, html_to_text(version.body_html)]))
        search_index_put(
            kind="post",
            object_id=post.pk,
            language=version.language,
            title=version.title,
            body=body,
        )


def post_delete(*, actor: User | None, post: Post) -> None:
    with transaction.atomic():
        pk = post.pk
        search_index_remove(kind="post", object_id=pk)
        post.delete()
        audit_delete(actor=actor, instance=post, object_id=pk)
        public_pages_changed()


# --- images -----------------------------------------------------------------------------

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_WIDTH = 1600
IMAGE_MAX_PIXELS = 40_000_000


@dataclass(frozen=True)
class ReencodedImage:
    data: bytes
    extension: str
    width: int
    height: int


def image_reencode(upload: UploadedFile) -> ReencodedImage:
    """Check an uploaded image (type by content, size), re-encode it without metadata and
    shrink it to at most 1600 px wide. Raises ValidationError on the ``image`` field. The
    pipeline of posts' images, and of the sites' photos."""
    if upload.size is not None and upload.size > IMAGE_MAX_BYTES:
        raise ValidationError(
            {"image": _("The image is larger than 5 MB; please send a smaller one.")}
        )
    data = upload.read(IMAGE_MAX_BYTES + 1)
    if len(data) > IMAGE_MAX_BYTES:
        raise ValidationError(
            {"image": _("The image is larger than 5 MB; please send a smaller one.")}
        )
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format or ""
            if fmt not in IMAGE_FORMATS:
                raise ValidationError(
                    {"image": _("Only JPEG, PNG, WebP and GIF images can be used.")}
                )
            if probe.width * probe.height > IMAGE_MAX_PIXELS:
                raise ValidationError({"image": _("The image has too many pixels.")})
            probe.verify()
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            picture: Image.Image = opened
            if picture.width > IMAGE_MAX_WIDTH:
                height = round(picture.height * IMAGE_MAX_WIDTH / picture.width)
                picture = picture.resize((IMAGE_MAX_WIDTH, height), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            if fmt == "JPEG":
                picture.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
            else:
                picture.save(out, fmt)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError({"image": _("This file is not an image we can read.")}) from exc
    return ReencodedImage(out.getvalue(), IMAGE_FORMATS[fmt], picture.width, picture.height)


def image_upload(
    *, actor: User | None, upload: UploadedFile, alt: str = "", post: Post | None = None
) -> PostImage:
    """A checked, re-encoded image for posts (``image_reencode``)."""
    reencoded = image_reencode(upload)
    name = f"image.{reencoded.extension}"
    with transaction.atomic():
        image = PostImage(
            alt=alt.strip()[:200],
            post=post,
            uploaded_by=actor,
            width=reencoded.width,
            height=reencoded.height,
        )
        image.image.save(name, ContentFile(reencoded.data), save=False)
        image.save()
        audit_create(actor=actor, instance=image)
    return image


# --- contacts ---------------------------------------------------------------------------

CONTACT_FIELDS = [f.name for f in Contact._meta.concrete_fields if f.name not in ("id",)]


def contact_save(*, actor: User | None, contact: Contact | None, **values: Any) -> Contact:
    """Create or change a contact; telephone and fax are checked and kept in E.164."""
    errors = phone_fields_normalise(values, ("phone", "fax"))
    unknown = sorted(set(values) - set(CONTACT_FIELDS))
    for name in unknown:
        errors[name] = [_("This is not a contact field.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        creating = contact is None
        contact = contact or Contact()
        before = {} if creating else snapshot(contact)
        for name, value in values.items():
            setattr(contact, name, value)
        instance_text_check(contact)
        contact.full_clean()
        contact.save()
        if creating:
            audit_create(actor=actor, instance=contact)
        else:
            audit_update(actor=actor, instance=contact, before=before)
        public_pages_changed()
    return contact


# --- enquiries --------------------------------------------------------------------------

ENQUIRY_FIELDS = (
    "name",
    "company",
    "email",
    "phone",
    "origin",
    "country_region",
    "industry_code",
    "industry",
    "planned_investment",
    "land_needs",
    "building_needs",
    "message",
)


def _next_reference(year: int) -> str:
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"ZS-{year}-{counter.last:06d}"


def enquiry_submit(*, language: str, consent: bool, site: str = "", **values: str) -> Enquiry:
    """Record an investor's enquiry, give it a reference number, and mail the investor and
    the center once the enquiry is stored. The investor must agree that the center keeps
    the details (``consent``); the moment is kept with the enquiry."""
    values = {k: (values.get(k) or "").strip() for k in ENQUIRY_FIELDS}
    errors: dict[str, list[str]] = {}
    if not consent:
        errors["consent"] = [
            _("Agree to the privacy notice, so that we may keep your details to answer you.")
        ]
    origin = values["origin"]
    if origin and origin not in ORIGINS:
        errors["origin"] = [_("Choose a country or region from the list.")]
    elif origin == ELSEWHERE and not values["country_region"]:
        errors["country_region"] = [_("Say which country or region you write from.")]
    elif origin and not values["country_region"]:
        with translation.override("en"):
            values["country_region"] = str(ORIGINS[origin])
    elif not origin and not values["country_region"]:
        errors["origin"] = [_("Choose the country or region you write from.")]
    industry_code = values.pop("industry_code")
    if industry_code and not Industry.objects.filter(code=industry_code).exists():
        errors["industry_code"] = [_("Choose an industry from the list.")]
    if values["phone"]:
        try:
            values["phone"] = phone_normalise(values["phone"])
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if not values["email"] and not values["phone"]:
        errors["email"] = [_("Give an email address or a telephone number, so we can answer.")]
    site = (site or "").strip()
    if site:
        from zhaoshang.sites.references import site_reference

        if site_reference(site) is None:
            errors["site"] = [_("The site you asked about is no longer offered.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        now = timezone.now()
        enquiry = Enquiry(
            site=site,
            language=language,
            created_at=now,
            consent_at=now,
            industry_code_id=industry_code or None,
            **values,
        )
        enquiry.reference = "pending"
        instance_text_check(enquiry)
        enquiry.full_clean(exclude=["reference"])
        enquiry.reference = _next_reference(timezone.localtime(now).year)
        enquiry.save()
        audit_create(actor=None, instance=enquiry)
        transaction.on_commit(lambda: _enquiry_mail(enquiry))
    return enquiry


def _enquiry_mail(enquiry: Enquiry) -> None:
    center = site_settings_current()
    context = {"enquiry": enquiry, "center": center}
    if enquiry.email:
        with translation.override(enquiry.language):
            subject = _("Your enquiry %(reference)s") % {"reference": enquiry.reference}
            body = render_to_string("portal/mail/enquiry_received.txt", context)
        send_mail(subject, body, None, [enquiry.email], fail_silently=True)
    inbox = getattr(settings, "ENQUIRY_INBOX", "") or center.email
    if inbox:
        with translation.override("zh-hans"):
            subject = _("New enquiry %(reference)s") % {"reference": enquiry.reference}
            url = absolute_url(reverse("portal-officer-enquiry", args=[enquiry.pk]))
            body = render_to_string(
                "portal/mail/enquiry_notice.txt", {**context, "enquiry_url": url}
            )
        send_mail(subject, body, None, [inbox], fail_silently=True)


def enquiry_update(
    *, actor: User, enquiry: Enquiry, status: str, officer_note: str | None = None
) -> Enquiry:
    if status not in Enquiry.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    text_check({"officer_note": officer_note or ""}, multiline={"officer_note"})
    with transaction.atomic():
        enquiry = Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        before = snapshot(enquiry)
        enquiry.status = status
        if officer_note is not None:
            enquiry.officer_note = officer_note
        enquiry.save()
        audit_update(actor=actor, instance=enquiry, before=before)
    return enquiry
