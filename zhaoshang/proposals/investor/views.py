"""The investor's side: the proposal's page, its PDF, its attachments and the answer form,
under ``/<lang>/p/<token>/``. No account: the token is the key.

Every request hashes the token and looks the digest up, whatever the token looks like, so a
wrong token costs what a right one does and answers the same 404 as one that never existed.
An expired or revoked link answers 410 with the center's contacts."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from zhaoshang.core.private_files import private_path
from zhaoshang.proposals.models import Proposal, ProposalAnswer, ProposalAttachment
from zhaoshang.proposals.services import answer_submit, proposal_viewed
from zhaoshang.proposals.tokens import token_digest

NOT_FOUND = "proposals/investor/unavailable.html"


def _private(response: HttpResponseBase) -> HttpResponseBase:
    """Kept out of search engines, caches and other sites' referrer logs."""
    response["X-Robots-Tag"] = "noindex, nofollow, noarchive"
    response["Referrer-Policy"] = "no-referrer"
    response["Cache-Control"] = "private, no-store"
    return response


def _unavailable(request: HttpRequest, status: int) -> HttpResponseBase:
    return _private(render(request, NOT_FOUND, {"gone": status == 410}, status=status))


def _lookup(token: str) -> Proposal | None:
    digest = token_digest(token)
    return (
        Proposal.objects.select_related("lead")
        .filter(token_hash=digest)
        .exclude(status=Proposal.Status.DRAFT)
        .first()
    )


def _content(proposal: Proposal) -> tuple[dict[str, Any], dict[str, Any]]:
    snapshot = proposal.snapshot or {}
    language = translation.get_language() or "en"
    languages = snapshot.get("languages", {})
    return snapshot, languages.get(language) or languages[snapshot.get("language", "en")]


def _attachments(
    snapshot: dict[str, Any], token: str | None, proposal_pk: int | None
) -> list[dict[str, Any]]:
    """The frozen list of attachments, each with the link that serves it: through the token
    for the investor, through the officers' view in a preview."""
    shown = []
    for item in snapshot.get("attachments", []):
        if token:
            url = reverse("proposals-investor-file", args=[token, item["id"]])
        elif proposal_pk:
            url = reverse("proposals-file", args=[proposal_pk, item["id"]])
        else:
            continue
        kind = str(item.get("type", ""))
        shown.append(
            {
                "title": item.get("title", ""),
                "url": url,
                "is_image": kind.startswith("image/"),
                "kind": "PDF" if kind == "application/pdf" else _("image"),
                "size": item.get("size"),
            }
        )
    return shown


def page_context(
    snapshot: dict[str, Any],
    content: dict[str, Any],
    *,
    token: str | None,
    preview: bool,
    proposal_pk: int | None = None,
) -> dict[str, Any]:
    sites = content["sites"]
    return {
        "attachments": _attachments(snapshot, token, proposal_pk),
        "snap": snapshot,
        "c": content,
        "token": token,
        "preview": preview,
        "map_config": {
            "tiles": settings.MAP_TILES_URL,
            "attribution": settings.MAP_TILES_ATTRIBUTION,
            "sites": [[s["point"][0], s["point"][1], s["name"]] for s in sites if s["point"]],
        },
        "answer_kinds": ProposalAnswer.Kind.choices,
        "site_choices": [(s["key"], s["name"]) for s in sites],
    }


@never_cache
@require_GET
def proposal_page(request: HttpRequest, token: str) -> HttpResponseBase:
    proposal = _lookup(token)
    if proposal is None:
        return _unavailable(request, 404)
    if not proposal.is_live:
        return _unavailable(request, 410)
    proposal_viewed(proposal=proposal)
    snapshot, content = _content(proposal)
    context = page_context(snapshot, content, token=token, preview=False)
    context["answered"] = request.GET.get("answered") == "1"
    return _private(render(request, "proposals/investor/page.html", context))


def _address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _throttled(request: HttpRequest) -> bool:
    """More answers than PROPOSAL_ANSWERS_PER_HOUR from this address in the hour."""
    throttle = caches["throttle"]
    key = f"zhaoshang:proposal-answers:{_address(request)}"
    return int(throttle.get(key, 0)) >= settings.PROPOSAL_ANSWERS_PER_HOUR


def _count(request: HttpRequest) -> None:
    throttle = caches["throttle"]
    key = f"zhaoshang:proposal-answers:{_address(request)}"
    throttle.add(key, 0, timeout=3600)
    try:
        throttle.incr(key)
    except ValueError:
        throttle.set(key, 1, timeout=3600)


def _dates(values: list[str]) -> tuple[list[datetime.date], bool]:
    found, bad = [], False
    for value in values[:3]:
        if not value.strip():
            continue
        try:
            found.append(datetime.date.fromisoformat(value.strip()[:10]))
        except ValueError:
            bad = True
    return found, bad


@never_cache
@require_POST
def proposal_answer(request: HttpRequest, token: str) -> HttpResponseBase:
    proposal = _lookup(token)
    if proposal is None:
        return _unavailable(request, 404)
    if not proposal.is_live:
        return _unavailable(request, 410)
    snapshot, content = _content(proposal)
    context = page_context(snapshot, content, token=token, preview=False)
    data = request.POST
    context["values"] = {
        "kind": data.get("kind", ""),
        "name": data.get("name", "")[:120],
        "message": data.get("message", "")[:5000],
        "site": data.get("site", ""),
    }
    if _throttled(request):
        context["throttled"] = True
        return _private(render(request, "proposals/investor/page.html", context, status=429))
    dates, bad = _dates(data.getlist("visit_dates"))
    try:
        if bad:
            raise ValidationError({"visit_dates": [_("Enter dates as YYYY-MM-DD.")]})
        answer_submit(
            proposal=proposal,
            kind=data.get("kind", ""),
            name=data.get("name", ""),
            message=data.get("message", ""),
            visit_dates=dates,
            site=data.get("site", ""),
        )
    except ValidationError as exc:
        context["errors"] = exc.message_dict
        return _private(render(request, "proposals/investor/page.html", context, status=400))
    _count(request)
    return redirect(f"{request.path.rsplit('answer/', 1)[0]}?answered=1#answer")


@never_cache
@require_GET
def proposal_pdf_view(request: HttpRequest, token: str) -> HttpResponseBase:
    proposal = _lookup(token)
    if proposal is None:
        return _unavailable(request, 404)
    if not proposal.is_live:
        return _unavailable(request, 410)
    language = translation.get_language() or "en"
    cache = caches["default"]
    key = f"proposals:pdf:{proposal.pk}:{proposal.token_hash}:{language}"
    data = cache.get(key)
    if data is None:
        from zhaoshang.proposals.investor.pdf import proposal_pdf  # fpdf2, on the first PDF

        data = proposal_pdf(proposal.snapshot or {}, language)
        cache.set(key, data, 3600)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="proposal-{proposal.number}-{language}.pdf"'
    )
    return _private(response)


@never_cache
@require_GET
def proposal_attachment(request: HttpRequest, token: str, pk: int) -> HttpResponseBase:
    proposal = _lookup(token)
    if proposal is None:
        return _unavailable(request, 404)
    if not proposal.is_live:
        return _unavailable(request, 410)
    listed = {a.get("id") for a in (proposal.snapshot or {}).get("attachments", [])}
    attachment = proposal.attachments.select_related("file").filter(pk=pk).first()
    if attachment is None or pk not in listed:
        raise Http404
    return attachment_response(attachment)


def attachment_response(attachment: ProposalAttachment) -> HttpResponseBase:
    """The file, inline, typed as it was checked, sandboxed and never sniffed."""
    path = private_path(attachment.file)
    if not path.exists():
        raise Http404
    response = FileResponse(
        path.open("rb"), content_type=attachment.content_type, filename=attachment.file.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return _private(response)
