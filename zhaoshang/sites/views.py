"""Officers' pages of the inventory: the list with its filters, a site's page, the forms
to create and change parks, parcels and buildings, status changes, photos and documents."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from zhaoshang.core.permissions import permission_needed
from zhaoshang.sites.models import Building, Parcel, Park

VIEW = "sites.view_parcel"


@permission_needed(VIEW)
def site_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "sites/officer/site_list.html",
        {
            "parks": Park.objects.select_related("region")[:200],
            "parcels": Parcel.objects.select_related("region", "park")[:200],
            "buildings": Building.objects.select_related("region", "park")[:200],
        },
    )
