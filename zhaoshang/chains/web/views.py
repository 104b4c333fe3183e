"""Officers' pages of the chains, under /<lang>/officer/chains/: the chains, a region's chain
map, a link's page, targets (with leads and the XLSX export), a chain's file, the map's
thresholds. Each page: parse, call a selector or service, render."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.chains import access, selectors, services, targeting
from zhaoshang.chains.engine.targets import PARTS, Weights
from zhaoshang.chains.models import Chain, Link, LinkNote, MapSettings, Placement
from zhaoshang.chains.web.exporting import targets_xlsx
from zhaoshang.chains.web.forms import (
    ChainFileForm,
    MapSettingsForm,
    NoteForm,
    RegionForm,
    TargetsForm,
)
from zhaoshang.chains.web.svg import chain_svg
from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.leads.access import leads_visible_to
from zhaoshang.leads.stages import SIGNED_STAGES, Stage
from zhaoshang.leads.web.shared import errors_to_form
from zhaoshang.registry.models import Region

MAX_SELECTED = 100


def _region(request: HttpRequest) -> tuple[Region, RegionForm]:
    user = request_user(request)
    data = {"region": request.GET.get("region") or access.home_region(user)}
    form = RegionForm(data)
    code = form.data["region"] if form.is_valid() else access.home_region(user)
    region = Region.objects.filter(code=code).first() or Region.objects.get(
        code=access.DEFAULT_REGION
    )
    return region, form


def _chain(key: str) -> Chain:
    return get_object_or_404(Chain, key=key)


def _link(chain: Chain, key: str) -> Link:
    return get_object_or_404(Link.objects.select_related("chain"), chain=chain, key=key)


def registry_url(link: Link, region: Region, **extra: str) -> str:
    query = {"link": str(link.pk), "region": region.code, **extra}
    return f"{reverse('registry-enterprises')}?{urlencode(query)}"


@permission_needed(access.VIEW)
def chain_list(request: HttpRequest) -> HttpResponse:
    region, form = _region(request)
    return render(
        request,
        "chains/chain_list.html",
        {"chains": selectors.chains(), "region": region, "form": form},
    )


@permission_needed(access.VIEW)
def chain_map(request: HttpRequest, key: str) -> HttpResponse:
    chain = _chain(key)
    region, form = _region(request)
    the_map = selectors.chain_map(chain, region)
    query = f"?{urlencode({'region': region.code})}"

    def url_of(link: Link) -> str:
        return reverse("chains-link", args=[chain.key, link.key]) + query

    rows = [
        {
            "figures": figures,
            "url": url_of(figures.link),
            "all_url": registry_url(figures.link, region),
            "above_url": registry_url(figures.link, region, size="above"),
            "high_tech_url": registry_url(figures.link, region, qualification="high_tech"),
            "specialised_url": registry_url(figures.link, region, qualification="specialised_new"),
            "province_url": registry_url(figures.link, the_map.province),
            "share": figures.share / 100,
        }
        for figures in the_map.links
    ]
    return render(
        request,
        "chains/chain_map.html",
        {
            "chain": chain,
            "region": region,
            "form": form,
            "the_map": the_map,
            "rows": rows,
            "svg": chain_svg(the_map, url_of),
            "query": query,
        },
    )


def _lead_rows(link: Link, region: Region, user: Any) -> tuple[list[Any], list[Any]]:
    """Open and signed leads on the link: by the lead's industry, or its enterprise's
    placement on the link."""
    placed = Placement.objects.filter(link=link).values("enterprise_id")
    divisions = selectors.link_divisions(link)
    from django.db.models import Q

    found = (
        leads_visible_to(user)
        .filter(Q(industry_id__in=divisions) | Q(enterprise_id__in=placed))
        .select_related("region")
        .order_by("-updated_at")
    )
    signed = [lead for lead in found[:200] if lead.stage in SIGNED_STAGES]
    open_leads = [
        lead
        for lead in found[:200]
        if lead.stage not in SIGNED_STAGES and lead.stage not in {Stage.LOST, Stage.ON_HOLD}
    ]
    return open_leads[:30], signed[:30]


@permission_needed(access.VIEW)
def link_detail(request: HttpRequest, key: str, link_key: str) -> HttpResponse:
    chain = _chain(key)
    link = _link(chain, link_key)
    region, form = _region(request)
    user = request_user(request)
    open_leads, signed = _lead_rows(link, region, user)
    notes = [(note, access.note_editable(user, note)) for note in selectors.link_notes(link)]
    return render(
        request,
        "chains/link_detail.html",
        {
            "chain": chain,
            "link": link,
            "region": region,
            "form": form,
            "local": selectors.link_enterprises(link, region),
            "leaders": selectors.link_leaders_elsewhere(link, region),
            "open_leads": open_leads,
            "signed": signed,
            "notes": notes,
            "note_form": NoteForm(),
            "all_url": registry_url(link, region),
            "may_decide": user.has_perm(access.DECIDE),
            "query": f"?{urlencode({'region': region.code})}",
        },
    )


@require_POST
@permission_needed(access.DECIDE)
def placement_decide(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_object_or_404(
        Placement.objects.select_related("link", "link__chain", "enterprise"), pk=pk
    )
    verdict = request.POST.get("verdict", "")
    try:
        services.placement_decide(
            actor=request_user(request),
            enterprise=placement.enterprise,
            link=placement.link,
            verdict=verdict,
        )
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        messages.success(request, _("Your decision is saved; it holds over later runs."))
    return redirect(
        reverse("chains-link", args=[placement.link.chain.key, placement.link.key])
        + "?"
        + urlencode({"region": request.POST.get("region", "")})
    )


@require_POST
@permission_needed(access.NOTE_ADD)
def note_add(request: HttpRequest, key: str, link_key: str) -> HttpResponse:
    link = _link(_chain(key), link_key)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(
                actor=request_user(request), link=link, text=form.cleaned_data["text"]
            )
            messages.success(request, _("The note is saved."))
        except ValidationError as error:
            messages.error(request, "; ".join(error.messages))
    else:
        messages.error(request, _("The note was not saved: write it first."))
    return redirect(reverse("chains-link", args=[key, link_key]))


@require_POST
@permission_needed(access.VIEW)
def note_edit(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(LinkNote, pk=pk)
    user = request_user(request)
    if not access.note_editable(user, note):
        raise PermissionDenied
    form = NoteForm(request.POST)
    if form.is_valid():
        services.note_edit(actor=user, note=note, text=form.cleaned_data["text"])
        messages.success(request, _("The note is saved."))
    else:
        messages.error(request, _("The note was not saved: write it first."))
    return redirect(reverse("chains-link", args=[note.chain_key, note.link_key]))


def _targets_form(request: HttpRequest, chain: Chain, data: Any) -> TargetsForm:
    user = request_user(request)
    values = data.copy()
    values.setdefault("region", access.home_region(user))
    for name in PARTS:  # the weights in use are shown, not empty boxes
        if not values.get(name):
            values[name] = f"{getattr(Weights(), name):g}"
    links = [(link.key, link.name()) for link in selectors.chain_links(chain)]
    return TargetsForm(values, links=links)


@permission_needed(access.VIEW)
def targets(request: HttpRequest, key: str) -> HttpResponse:
    chain = _chain(key)
    form = _targets_form(request, chain, request.GET)
    if not form.is_valid():
        return render(
            request,
            "chains/targets.html",
            {"chain": chain, "form": form, "sections": []},
            status=400,
        )
    region = Region.objects.get(code=form.cleaned_data["region"])
    weights = form.weights()
    link_key = form.cleaned_data.get("link") or ""
    if link_key:
        link = _link(chain, link_key)
        sections = [(link, targeting.targets_for_link(link, region, weights, limit=50))]
    else:
        sections = targeting.gap_targets(chain, region, weights, per_link=10)
    if request.GET.get("format") == "xlsx":
        out = io.BytesIO()
        targets_xlsx(chain, region, sections, out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        name = f"targets-{chain.key}-{region.code}-{targeting.targets_stamp()}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    query = request.GET.copy()
    query.pop("format", None)
    return render(
        request,
        "chains/targets.html",
        {
            "chain": chain,
            "region": region,
            "form": form,
            "sections": sections,
            "labels": targeting.part_labels(),
            "query": query.urlencode(),
            "may_lead": request_user(request).has_perm("leads.add_lead"),
        },
    )


@require_POST
@permission_needed("leads.add_lead")
def targets_leads(request: HttpRequest, key: str) -> HttpResponse:
    """Leads for the chosen candidates (the ranking is computed again from the same
    parameters, so only ranked candidates can be chosen)."""
    chain = _chain(key)
    if not request_user(request).has_perm(access.VIEW):
        raise PermissionDenied
    form = _targets_form(request, chain, request.POST)
    chosen = {int(v) for v in request.POST.getlist("enterprise")[:MAX_SELECTED] if v.isdigit()}
    back = (
        reverse("chains-targets", args=[key])
        + "?"
        + urlencode({k: v for k, v in request.POST.items() if k in form.fields})
    )
    if not form.is_valid() or not chosen:
        messages.error(request, _("No lead was created: choose at least one candidate."))
        return redirect(back)
    region = Region.objects.get(code=form.cleaned_data["region"])
    weights = form.weights()
    link_key = form.cleaned_data.get("link") or ""
    if link_key:
        link = _link(chain, link_key)
        ranked = targeting.targets_for_link(link, region, weights, limit=50)
    else:
        ranked = [t for _l, found in targeting.gap_targets(chain, region, weights) for t in found]
    picked = [t for t in ranked if t.enterprise.pk in chosen]
    created, skipped = targeting.leads_from_targets(
        actor=request_user(request), region=region, targets=picked
    )
    messages.success(
        request,
        _("%(created)s leads created; %(skipped)s skipped as they already are leads.")
        % {"created": len(created), "skipped": len(skipped)},
    )
    return redirect(back)


@permission_needed(access.EDIT_CHAIN)
def chain_edit(request: HttpRequest, key: str | None = None) -> HttpResponse:
    chain = _chain(key) if key else None
    if not request_user(request).has_perm("chains.add_chain") and chain is None:
        raise PermissionDenied
    if request.method == "POST":
        form = ChainFileForm(request.POST)
        if form.is_valid():
            try:
                saved = services.chain_save(
                    actor=request_user(request),
                    text=form.cleaned_data["source"],
                    expected_key=chain.key if chain else None,
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(
                    request,
                    _("The chain is saved. Classify the registry again to place enterprises "
                      "on changed links."),
                )  # fmt: skip
                return redirect(reverse("chains-map", args=[saved.key]))
        status = 400
    else:
        form = ChainFileForm(initial={"source": chain.source if chain else ""})
        status = 200
    return render(request, "chains/chain_edit.html", {"chain": chain, "form": form}, status=status)


@require_POST
@permission_needed(access.EDIT_CHAIN)
def classify_start(request: HttpRequest) -> HttpResponse:
    from zhaoshang.chains.tasks import CLASSIFY
    from zhaoshang.core.tasks import task_submit

    task_submit(CLASSIFY, actor=request_user(request))
    messages.success(request, _("The registry will be classified in the background."))
    return redirect(reverse("chains-list"))


@permission_needed(access.EDIT_SETTINGS)
def map_settings(request: HttpRequest) -> HttpResponse:
    current = MapSettings.current()
    if request.method == "POST":
        form = MapSettingsForm(request.POST)
        if form.is_valid():
            try:
                services.map_settings_update(actor=request_user(request), values=form.cleaned_data)
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("The thresholds are saved."))
                return redirect(reverse("chains-settings"))
        status = 400
    else:
        form = MapSettingsForm(
            initial={name: getattr(current, name) for name in services.SETTING_FIELDS}
        )
        status = 200
    return render(request, "chains/map_settings.html", {"form": form}, status=status)
