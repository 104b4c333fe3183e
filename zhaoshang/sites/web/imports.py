"""The officers' import page (/<lang>/officer/sites/import/) and its templates. The import
runs while the officer waits: a file holds at most ``read.MAX_RECORDS`` sites (5,000) and
``read.MAX_BYTES`` (20 MB), which the services check in well under a minute.

Who may: whoever holds ``sites.import_sites``; to write (not only check), also the rights
to add and to change the kind of site imported, as the forms ask."""

from __future__ import annotations

import io

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.sites.imports.fields import KINDS
from zhaoshang.sites.imports.pipeline import sites_import
from zhaoshang.sites.imports.read import MAX_BYTES, MAX_RECORDS, SiteFileError
from zhaoshang.sites.imports.template import TEMPLATE_FORMATS, template_write
from zhaoshang.sites.web.forms import SiteImportForm

IMPORT = "sites.import_sites"
_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@permission_needed(IMPORT)
def site_import(request: HttpRequest) -> HttpResponse:
    form = SiteImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        dry_run = request.POST.get("action") != "import"
        user = request_user(request)
        if not dry_run and not (
            user.has_perm(f"sites.add_{kind}") and user.has_perm(f"sites.change_{kind}")
        ):
            raise PermissionDenied
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error(
                "file", _("The file is larger than the limit of %s.") % filesizeformat(MAX_BYTES)
            )
        else:
            try:
                report = sites_import(
                    actor=user,
                    stream=upload,
                    filename=upload.name or "",
                    kind=kind,
                    coords=form.cleaned_data["coords"],
                    dry_run=dry_run,
                )
            except SiteFileError as exc:
                form.add_error(
                    "file",
                    _("The file was not imported: %(reason)s.") % {"reason": exc.message(_)},
                )
    return render(
        request,
        "sites/officer/site_import.html",
        {
            "form": form,
            "report": report,
            "max_records": MAX_RECORDS,
            "max_bytes": MAX_BYTES,
            "template_kinds": KINDS,
        },
    )


@permission_needed(IMPORT)
def site_import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    if kind not in KINDS or fmt not in TEMPLATE_FORMATS:
        raise Http404
    out = io.BytesIO()
    template_write(kind, fmt, out)
    response = HttpResponse(out.getvalue(), content_type=_CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.{fmt}"'
    return response
