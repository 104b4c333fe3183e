"""The sites app's data: parks, land parcels and buildings (``inventory``), and the holds
officers put on them for a lead (``holds``, added by the matching work)."""

from zhaoshang.sites.models.holds import SiteHold
from zhaoshang.sites.models.inventory import (
    MU_M2,
    Building,
    LandUse,
    Parcel,
    Park,
    SiteDocument,
    SitePhoto,
    SiteStatus,
    StatusChange,
)

__all__ = [
    "MU_M2",
    "Building",
    "LandUse",
    "Parcel",
    "Park",
    "SiteDocument",
    "SiteHold",
    "SitePhoto",
    "SiteStatus",
    "StatusChange",
]
