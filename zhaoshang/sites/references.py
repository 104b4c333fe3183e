"""A site named in text — ``parcel:<number>``, ``building:<code>``, ``park:<slug>`` — as
the enquiry form carries it ("ask about this site") and the enquiry keeps it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from zhaoshang.sites.models import Building, Parcel, Park
from zhaoshang.sites.web.map_data import PUBLIC_STATUSES

KINDS = ("park", "parcel", "building")


@dataclass(frozen=True)
class SiteReference:
    reference: str
    label: str
    url: str


def site_reference(reference: str, *, public_only: bool = True) -> SiteReference | None:
    """The site ``reference`` names, or None when there is none (or, with ``public_only``,
    none the public may see)."""
    kind, _sep, key = (reference or "").strip().partition(":")
    if kind not in KINDS or not key:
        return None
    if kind == "park":
        park = Park.objects.filter(slug=key).first()
        if park is None:
            return None
        return SiteReference(
            reference,
            _("Park %(name)s") % {"name": park.name},
            reverse("sites-public-park", args=[park.pk]),
        )
    if kind == "parcel":
        parcels = Parcel.objects.filter(number=key)
        if public_only:
            parcels = parcels.filter(status__in=PUBLIC_STATUSES)
        parcel = parcels.first()
        if parcel is None:
            return None
        return SiteReference(
            reference,
            _("Land parcel %(number)s") % {"number": parcel.number},
            reverse("sites-public-parcel", args=[parcel.pk]),
        )
    buildings = Building.objects.filter(code=key)
    if public_only:
        buildings = buildings.filter(status__in=PUBLIC_STATUSES)
    building = buildings.first()
    if building is None:
        return None
    return SiteReference(
        reference,
        _("%(kind)s %(code)s") % {"kind": building.get_kind_display(), "code": building.code},
        reverse("sites-public-building", args=[building.pk]),
    )
