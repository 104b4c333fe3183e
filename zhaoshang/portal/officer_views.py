"""Officers' pages of the portal: the post editor, image uploads, enquiry triage and the
Blogger import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.portal import selectors, services
from zhaoshang.portal.blogger import BloggerFileError, sanitise_html
from zhaoshang.portal.blogger_import import blogger_import
from zhaoshang.portal.content import markdown_to_html
from zhaoshang.portal.forms import (
    LANGUAGE_NAMES,
    BloggerImportForm,
    EnquiryUpdateForm,
    ImageUploadForm,
    PostForm,
)
from zhaoshang.portal.models import LANGUAGE_CHOICES, Enquiry, Post

BLOGGER_MAX_BYTES = 50 * 1024 * 1024


@permission_needed("portal.view_post")
def post_list(request: HttpRequest) -> HttpResponse:
    posts = Post.objects.prefetch_related("versions", "labels").order_by("-updated_at")
    status = request.GET.get("status", "")
    if status in Post.Status.values:
        posts = posts.filter(status=status)
    text = request.GET.get("q", "").strip()
    if text:
        posts = posts.filter(
            Q(versions__title__icontains=text) | Q(slug__icontains=text)
        ).distinct()
    page = Paginator(posts, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "portal/officer/post_list.html",
        {
            "page": page,
            "status": status,
            "q": text,
            "statuses": Post.Status.choices,
            "query": query.urlencode(),
            "now": timezone.now(),
        },
    )


def _initial(post: Post) -> dict[str, object]:
    initial: dict[str, object] = {
        "status": post.status,
        "publish_at": timezone.localtime(post.publish_at) if post.publish_at else None,
        "featured": post.featured,
        "slug": post.slug,
        "labels": list(post.labels.all()),
    }
    for version in post.versions.all():
        suffix = version.language.replace("-", "_")
        initial[f"title_{suffix}"] = version.title
        initial[f"summary_{suffix}"] = version.summary
        initial[f"body_{suffix}"] = (
            version.body_markdown if version.source == "markdown" else version.body_html
        )
    return initial


@permission_needed("portal.change_post")
def post_edit(request: HttpRequest, pk: int | None = None) -> HttpResponseBase:
    post = get_object_or_404(Post, pk=pk) if pk is not None else None
    if request.method == "POST":
        form = PostForm(request.POST)
        if form.is_valid():
            try:
                saved = _save(request, form, post)
            except ValidationError as exc:
                for name, errors in exc.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, _("The post is saved."))
                return redirect("portal-officer-post-edit", pk=saved.pk)
    else:
        form = PostForm(initial=_initial(post) if post else {"status": Post.Status.DRAFT})
    return render(
        request,
        "portal/officer/post_edit.html",
        {
            "form": form,
            "post": post,
            "image_form": ImageUploadForm(),
            "html_versions": {
                v.language for v in (post.versions.all() if post else []) if v.source == "html"
            },
        },
    )


def _save(request: HttpRequest, form: PostForm, post: Post | None) -> Post:
    actor = request_user(request)
    data = form.cleaned_data
    labels = list(data["labels"])
    html_languages = (
        {v.language for v in post.versions.all() if v.source == "html"} if post else set()
    )
    versions = {}
    for code, _name in LANGUAGE_CHOICES:
        suffix = code.replace("-", "_")
        title = data.get(f"title_{suffix}") or ""
        body = data.get(f"body_{suffix}") or ""
        if code in html_languages:
            # An imported post keeps its (sanitised) HTML as the editable text.
            versions[code] = services.VersionInput(
                title=title,
                summary=data.get(f"summary_{suffix}") or "",
                body_html=sanitise_html(body),
            )
        else:
            versions[code] = services.VersionInput(
                title=title, summary=data.get(f"summary_{suffix}") or "", body_markdown=body
            )
    return services.post_save(
        actor=actor,
        post=post,
        data=services.PostInput(
            status=data["status"],
            publish_at=data.get("publish_at"),
            featured=bool(data.get("featured")),
            slug=data.get("slug") or "",
            labels=labels,
            new_labels=form.new_label_names(),
            versions=versions,
        ),
    )


@permission_needed("portal.change_post")
@require_POST
def post_preview(request: HttpRequest) -> HttpResponse:
    """The sanitised HTML of the Markdown in the field named by ``field`` (for htmx)."""
    field = request.POST.get("field", "")
    source = request.POST.get(field, "") if field.startswith("body_") else ""
    rendered = markdown_to_html(source)
    language = field.removeprefix("body_").replace("_", "-")
    label = LANGUAGE_NAMES.get(language, "")
    return HttpResponse(
        f'<div class="preview-label">{escape(label)}</div><div class="prose">{rendered}</div>'
    )


@permission_needed("portal.add_postimage")
@require_POST
def image_upload(request: HttpRequest) -> HttpResponse:
    form = ImageUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "portal/officer/_image_result.html", {"form": form}, status=400)
    try:
        image = services.image_upload(
            actor=request_user(request),
            upload=form.cleaned_data["image"],
            alt=form.cleaned_data["alt"],
        )
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return render(request, "portal/officer/_image_result.html", {"form": form}, status=400)
    return render(request, "portal/officer/_image_result.html", {"image": image, "form": None})


@permission_needed("portal.view_enquiry")
def enquiry_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", Enquiry.Status.NEW)
    if status not in Enquiry.Status.values and status != "all":
        status = Enquiry.Status.NEW
    found = selectors.enquiries(None if status == "all" else status)
    page = Paginator(found, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/officer/enquiry_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Enquiry.Status.choices,
            "counts": selectors.enquiry_counts(),
            "query": f"status={status}",
        },
    )


@permission_needed("portal.view_enquiry")
def enquiry_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    enquiry = get_object_or_404(Enquiry, pk=pk)
    form = EnquiryUpdateForm(
        request.POST or None,
        initial={"status": enquiry.status, "officer_note": enquiry.officer_note},
    )
    if request.method == "POST":
        if not request.user.has_perm("portal.change_enquiry"):
            return HttpResponse(status=403)
        if form.is_valid():
            services.enquiry_update(
                actor=request_user(request),
                enquiry=enquiry,
                status=form.cleaned_data["status"],
                officer_note=form.cleaned_data["officer_note"],
            )
            messages.success(request, _("The enquiry is updated."))
            return redirect("portal-officer-enquiry", pk=enquiry.pk)
    site_asked = None
    if enquiry.site:
        from zhaoshang.sites.references import site_reference

        site_asked = site_reference(enquiry.site, public_only=False)
    return render(
        request,
        "portal/officer/enquiry_detail.html",
        {"enquiry": enquiry, "form": form, "site_asked": site_asked},
    )


@permission_needed("portal.import_blogger")
def blogger_upload(request: HttpRequest) -> HttpResponse:
    form = BloggerImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["backup"]
        if upload.size > BLOGGER_MAX_BYTES:
            form.add_error("backup", _("The file is larger than 50 MB."))
        else:
            try:
                report = blogger_import(
                    actor=request_user(request),
                    data=upload.read(),
                    dry_run=form.cleaned_data["dry_run"],
                )
            except BloggerFileError as exc:
                form.add_error("backup", str(exc))
    return render(request, "portal/officer/blogger_upload.html", {"form": form, "report": report})
