"""The workspace's own pages: the start page ("Today") and the search."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhaoshang.core import selectors as core_selectors
from zhaoshang.core import services as core_services
from zhaoshang.core.audit_display import events_display
from zhaoshang.core.permissions import permission_needed, request_user
from zhaoshang.core.roles import WORKSPACE
from zhaoshang.workspace import selectors

PER_PAGE = 20


@permission_needed(WORKSPACE)
def officer_start(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return render(
        request,
        "workspace/today.html",
        {
            "roles": core_services.user_roles(user),
            "today": selectors.today_for(user),
            "recent_events": events_display(
                core_selectors.audit_events(core_selectors.AuditFilter(actor=user), viewer=user)[
                    :10
                ]
            ),
        },
    )


@permission_needed(WORKSPACE)
def officer_search(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    query = selectors.search_terms(request.GET.get("q", ""))
    leads = enterprises = None
    if query and user.has_perm("leads.view_lead"):
        leads = Paginator(selectors.leads_found(user, query), PER_PAGE).get_page(
            request.GET.get("leads_page")
        )
    if query and user.has_perm("registry.view_enterprise"):
        enterprises = Paginator(selectors.enterprises_found(query), PER_PAGE).get_page(
            request.GET.get("enterprises_page")
        )
    return render(
        request,
        "workspace/search.html",
        {"officer_query": query, "leads": leads, "enterprises": enterprises},
    )
