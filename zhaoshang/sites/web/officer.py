"""Officers' pages of the inventory: the list with its filters, a site's page (with its
status history, photos and documents), the forms to create and change parks, parcels and
buildings, status changes, photos and documents."""

from __future__ import annotations

import tempfile
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.leads.web.shared import errors_to_form
from zhaoshang.sites import exporting, selectors, services
from zhaoshang.sites.models import Building, Parcel, Park, SiteDocument, SitePhoto
from zhaoshang.sites.web.forms import (
    FORMS,
    DocumentForm,
    PhotoForm,
    SiteFilterForm,
    StatusForm,
    initial_of,
)

VIEW = "sites.view_parcel"
EXPORT = "sites.import_sites"
GEOJSON_TYPE = "application/geo+json"
KINDS: dict[str, type[Park] | type[Parcel] | type[Building]] = {
    "park": Park,
    "parcel": Parcel,
    "building": Building,
}
LIST_LIMIT = 200


def _site(kind: str, pk: int) -> Park | Parcel | Building:
    model = KINDS.get(kind)
    if model is None:
        raise Http404
    found: Park | Parcel | Building = get_object_or_404(
        model._default_manager.select_related("region"), pk=pk
    )  # type: ignore[assignment]
    return found


def _may(request: HttpRequest, action: str, kind: str) -> None:
    if not request_user(request).has_perm(f"sites.{action}_{kind}"):
        raise PermissionDenied


@permission_needed(VIEW)
def site_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, SiteFilterForm(request.GET or None))


def _list_page(
    request: HttpRequest, form: SiteFilterForm, *, refused_export: bool = False
) -> HttpResponse:
    where = form.to_filter()
    parcels = selectors.parcels_filtered(where)
    buildings = selectors.buildings_filtered(where)
    status = 200
    if refused_export:
        messages.error(request, _("Nothing was exported: correct the filter below first."))
        status = 400
    return render(
        request,
        "sites/officer/site_list.html",
        {
            "form": form,
            "parks": selectors.parks_filtered(where) if not where.kind else Park.objects.none(),
            "parcels": parcels[:LIST_LIMIT],
            "parcel_count": parcels.count(),
            "buildings": buildings[:LIST_LIMIT],
            "building_count": buildings.count(),
            "limit": LIST_LIMIT,
            "query": request.GET.urlencode(),
        },
        status=status,
    )


@permission_needed(EXPORT)
def site_export(request: HttpRequest, name: str) -> HttpResponseBase:
    """The list's sites, with the list's filters, as XLSX (``sites.xlsx``: both kinds)
    or GeoJSON (one kind: ``parcels.geojson``, ``buildings.geojson``). A filter that does
    not hold exports nothing and says why, rather than everything."""
    form = SiteFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return _list_page(request, form, refused_export=True)
    where = form.to_filter()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if name == "sites.xlsx":
        # Written to a temporary file (rows are not kept in memory) and streamed from
        # there; FileResponse closes it when the response is done.
        spool = tempfile.TemporaryFile()  # noqa: SIM115
        exporting.write_xlsx(
            [selectors.parcels_filtered(where), selectors.buildings_filtered(where)], spool
        )
        spool.seek(0)
        return FileResponse(spool, as_attachment=True, filename=f"sites-{stamp}.xlsx")
    if name in ("parcels.geojson", "buildings.geojson"):
        kind = name.partition(".")[0]
        sites = (
            selectors.parcels_filtered(where)
            if kind == "parcels"
            else selectors.buildings_filtered(where)
        )
        response = StreamingHttpResponse(exporting.geojson_chunks(sites), content_type=GEOJSON_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{kind}-{stamp}.geojson"'
        return response
    raise Http404


@permission_needed(VIEW)
def site_detail(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    site = _site(kind, pk)
    owner = {kind: site}
    context: dict[str, Any] = {
        "place": site,  # not "site": the layout reads the center's settings under that name
        "kind": kind,
        "photos": SitePhoto.objects.filter(**owner),
        "documents": SiteDocument.objects.filter(**owner).select_related("file"),
        "photo_form": PhotoForm(),
        "document_form": DocumentForm(),
    }
    if isinstance(site, Parcel | Building):
        context["history"] = selectors.status_history(site)
        context["status_form"] = StatusForm(initial={"status": site.status})
    if isinstance(site, Park):
        context["park_parcels"] = site.parcels.all()
        context["park_buildings"] = site.buildings.all()
    return render(request, "sites/officer/site_detail.html", context)


def _edit(request: HttpRequest, kind: str, site: Park | Parcel | Building | None) -> HttpResponse:
    form_class = FORMS.get(kind)
    if form_class is None:
        raise Http404
    _may(request, "change" if site else "add", kind)
    form = form_class(request.POST or None, initial=initial_of(site) if site else None)
    if request.method == "POST" and form.is_valid():
        saver: Any = {
            "park": services.park_save,
            "parcel": services.parcel_save,
            "building": services.building_save,
        }[kind]
        try:
            saved = saver(actor=request_user(request), values=form.values(), **{kind: site})
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("sites-detail", kind=kind, pk=saved.pk)
    return render(
        request, "sites/officer/site_form.html", {"form": form, "place": site, "kind": kind}
    )


@permission_needed(VIEW)
def site_new(request: HttpRequest, kind: str) -> HttpResponse:
    return _edit(request, kind, None)


@permission_needed(VIEW)
def site_edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    return _edit(request, kind, _site(kind, pk))


@require_POST
@permission_needed(VIEW)
def site_status(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    site = _site(kind, pk)
    if not isinstance(site, Parcel | Building):
        raise Http404
    _may(request, "change", kind)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.site_status_change(
                actor=request_user(request),
                site=site,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Status changed."))
        except ValidationError as exc:
            for problem in exc.messages:
                messages.error(request, problem)
    else:
        messages.error(request, _("Choose a status."))
    return redirect("sites-detail", kind=kind, pk=pk)


@require_POST
@permission_needed("sites.add_sitephoto")
def photo_add(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    site = _site(kind, pk)
    form = PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.site_photo_add(
                actor=request_user(request),
                site=site,
                upload=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
            messages.success(request, _("Photo added."))
        except ValidationError as exc:
            for problem in exc.messages:
                messages.error(request, problem)
    else:
        messages.error(request, _("Choose a photo."))
    return redirect("sites-detail", kind=kind, pk=pk)


@require_POST
@permission_needed("sites.delete_sitephoto")
def photo_remove(request: HttpRequest, pk: int) -> HttpResponse:
    photo = get_object_or_404(SitePhoto, pk=pk)
    kind, site_pk = _owner(photo)
    services.site_photo_remove(actor=request_user(request), photo=photo)
    messages.success(request, _("Photo removed."))
    return redirect("sites-detail", kind=kind, pk=site_pk)


@require_POST
@permission_needed("sites.add_sitedocument")
def document_add(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    site = _site(kind, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.site_document_add(
                actor=request_user(request),
                site=site,
                upload=upload,
                name=upload.name or "document.pdf",
                title=form.cleaned_data["title"],
                public=form.cleaned_data["public"],
            )
            messages.success(request, _("Document added."))
        except ValidationError as exc:
            for problem in exc.messages:
                messages.error(request, problem)
    else:
        messages.error(request, _("Choose a PDF and give it a title."))
    return redirect("sites-detail", kind=kind, pk=pk)


@require_POST
@permission_needed("sites.delete_sitedocument")
def document_remove(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(SiteDocument, pk=pk)
    kind, site_pk = _owner(document)
    services.site_document_remove(actor=request_user(request), document=document)
    messages.success(request, _("Document removed."))
    return redirect("sites-detail", kind=kind, pk=site_pk)


def _owner(item: SitePhoto | SiteDocument) -> tuple[str, int]:
    for kind in KINDS:
        pk = getattr(item, f"{kind}_id")
        if pk is not None:
            return kind, int(pk)
    raise Http404


def detail_url(site: Park | Parcel | Building) -> str:
    return reverse("sites-detail", kwargs={"kind": type(site).__name__.lower(), "pk": site.pk})
