"""The inventory: industrial parks, the land parcels and the buildings in them (or outside
any park), their photos and documents, and the history of their status.

Conventions (the contract the map, the public pages and the matching build on):

- areas in m² as Decimal; mu is derived (1 mu = 666.67 m², ``MU_M2``);
- money in yuan as Decimal (price per mu, rent per m² per month, sale price);
- coordinates in WGS 84 as floats (``lat``, ``lng``); outlines are GeoJSON Polygon
  geometries (``{"type": "Polygon", "coordinates": [[[lng, lat], ...]]}``) in WGS 84;
- ``region`` is the county-level division (registry.Region) the site lies in;
- land use is a GB/T 21010-2017 class (``LandUse``); industries allowed are GB/T 4754
  code ranges written as in the rules (``["C13-C43"]``, ``["C38", "C39"]``; empty = any).

What is public: everything here except ``notes`` (officers' notes) and the status history.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.models import PrivateFile, localized
from zhaoshang.registry.models import Region

# Square metres in one mu (亩): 10,000 / 15.
MU_M2 = Decimal("666.67")


class SiteStatus(models.TextChoices):
    AVAILABLE = "available", _("available")
    RESERVED = "reserved", _("reserved")
    NEGOTIATING = "negotiating", _("in negotiation")
    TRANSFERRED = "transferred", _("transferred")
    WITHDRAWN = "withdrawn", _("withdrawn")


class LandUse(models.TextChoices):
    """GB/T 21010-2017 (土地利用现状分类) classes a center offers land under: the
    second-level classes of 06 (工矿仓储用地) and the first-level 05 (商服用地)."""

    INDUSTRIAL = "0601", _("industrial (0601)")
    MINING = "0602", _("mining (0602)")
    STORAGE = "0604", _("storage and logistics (0604)")
    COMMERCIAL = "05", _("commercial and business services (05)")


class Park(models.Model):
    """An industrial park, development zone or incubator."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    name_zh_hans = models.CharField(_("name (Simplified Chinese)"), max_length=200)
    name_zh_hant = models.CharField(_("name (Traditional Chinese)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh_hans = models.TextField(_("description (Simplified Chinese)"), blank=True)
    description_zh_hant = models.TextField(_("description (Traditional Chinese)"), blank=True)
    region = models.ForeignKey(
        Region, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    outline = models.JSONField(_("outline"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    managing_body = models.CharField(_("managing body"), max_length=200, blank=True)
    contact_phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    # {"power_kva": .., "substations": .., "water_t_day": .., "gas": bool, "steam": bool,
    #  "wastewater_t_day": ..}
    utilities = models.JSONField(_("utilities"), default=dict, blank=True)
    # [{"place": str, "km": number, "minutes": number}, ...]
    distances = models.JSONField(_("distances"), default=list, blank=True)
    notes = models.TextField(_("officers' notes"), blank=True)
    is_demo = models.BooleanField(_("demonstration data"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("park")
        verbose_name_plural = _("parks")
        ordering = ["slug"]
        indexes = [models.Index(fields=["region"], name="sites_park_region")]

    def __str__(self) -> str:
        return self.name or self.slug

    @property
    def name(self) -> str:
        """The name in the reader's language and script (``core.models.localized``)."""
        return localized(self, "name")


class Parcel(models.Model):
    """A plot of land offered for investment."""

    number = models.CharField(_("parcel number"), max_length=60, unique=True)
    park = models.ForeignKey(
        Park,
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parcels",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh_hans = models.TextField(_("description (Simplified Chinese)"), blank=True)
    description_zh_hant = models.TextField(_("description (Traditional Chinese)"), blank=True)
    area_m2 = models.DecimalField(_("area (m²)"), max_digits=14, decimal_places=2)
    land_use = models.CharField(
        _("land use"), max_length=4, choices=LandUse.choices, default=LandUse.INDUSTRIAL
    )
    industries_allowed = models.JSONField(_("industries allowed"), default=list, blank=True)
    plot_ratio_min = models.DecimalField(
        _("plot ratio (minimum)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    plot_ratio_max = models.DecimalField(
        _("plot ratio (maximum)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # Percentages (30 = 30 %).
    building_density_min = models.DecimalField(
        _("building density (minimum, %)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    building_density_max = models.DecimalField(
        _("building density (maximum, %)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    green_ratio_max = models.DecimalField(
        _("green ratio (maximum, %)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    height_limit_m = models.DecimalField(
        _("height limit (m)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    min_investment_per_mu = models.DecimalField(
        _("minimum investment per mu (yuan)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    min_tax_per_mu = models.DecimalField(
        _("minimum tax per mu and year (yuan)"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
    )
    price_per_mu = models.DecimalField(
        _("price per mu (yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    tenure_years = models.PositiveSmallIntegerField(_("tenure (years)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=SiteStatus.choices, default=SiteStatus.AVAILABLE
    )
    available_on = models.DateField(_("available from"), null=True, blank=True)
    outline = models.JSONField(_("outline"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    notes = models.TextField(_("officers' notes"), blank=True)
    is_demo = models.BooleanField(_("demonstration data"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("land parcel")
        verbose_name_plural = _("land parcels")
        ordering = ["number"]
        permissions = [("import_sites", _("Can import and export the site inventory"))]
        indexes = [
            models.Index(fields=["region", "status"], name="sites_parcel_region_status"),
            models.Index(fields=["status", "area_m2"], name="sites_parcel_status_area"),
            models.Index(fields=["lat", "lng"], name="sites_parcel_position"),
            # The matching tables re-read the sites saved since they were read.
            models.Index(fields=["updated_at"], name="sites_parcel_updated"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(area_m2__gt=0), name="sites_parcel_area"),
            models.CheckConstraint(
                condition=models.Q(price_per_mu__isnull=True) | models.Q(price_per_mu__gte=0),
                name="sites_parcel_price",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def area_mu(self) -> Decimal:
        return (Decimal(self.area_m2) / MU_M2).quantize(Decimal("0.01"))


class Building(models.Model):
    """Standard factory space, a warehouse or offices, for rent or sale."""

    class Kind(models.TextChoices):
        FACTORY = "factory", _("factory")
        WAREHOUSE = "warehouse", _("warehouse")
        OFFICE = "office", _("office")

    code = models.CharField(_("building code"), max_length=60, unique=True)
    park = models.ForeignKey(
        Park,
        verbose_name=_("park"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="buildings",
    )
    region = models.ForeignKey(
        Region, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FACTORY)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh_hans = models.TextField(_("description (Simplified Chinese)"), blank=True)
    description_zh_hant = models.TextField(_("description (Traditional Chinese)"), blank=True)
    floor_area_m2 = models.DecimalField(
        _("floor area (m², total)"), max_digits=12, decimal_places=2
    )
    floors = models.PositiveSmallIntegerField(_("floors"), null=True, blank=True)
    area_per_floor_m2 = models.DecimalField(
        _("area per floor (m²)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    ceiling_height_m = models.DecimalField(
        _("ceiling height (m)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    floor_load_kn_m2 = models.DecimalField(
        _("floor load (kN/m²)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    column_spacing_m = models.CharField(_("column spacing (m)"), max_length=40, blank=True)
    crane_tonnes = models.DecimalField(
        _("crane capacity (t)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    power_kva = models.DecimalField(
        _("power available (kVA)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    rent_per_m2_month = models.DecimalField(
        _("rent per m² and month (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    sale_price = models.DecimalField(
        _("sale price (yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    smallest_unit_m2 = models.DecimalField(
        _("smallest unit (m²)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SiteStatus.choices, default=SiteStatus.AVAILABLE
    )
    available_on = models.DateField(_("available from"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lng = models.FloatField(_("longitude"), null=True, blank=True)
    notes = models.TextField(_("officers' notes"), blank=True)
    is_demo = models.BooleanField(_("demonstration data"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["region", "status"], name="sites_building_region_status"),
            models.Index(fields=["status", "floor_area_m2"], name="sites_building_status_area"),
            models.Index(fields=["lat", "lng"], name="sites_building_position"),
            models.Index(fields=["updated_at"], name="sites_building_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(floor_area_m2__gt=0), name="sites_building_area"
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def divisible(self) -> bool:
        return self.smallest_unit_m2 is not None


def _one_site() -> models.Q:
    """Exactly one of park, parcel and building is set."""
    return (
        models.Q(park__isnull=False, parcel__isnull=True, building__isnull=True)
        | models.Q(park__isnull=True, parcel__isnull=False, building__isnull=True)
        | models.Q(park__isnull=True, parcel__isnull=True, building__isnull=False)
    )


class StatusChange(models.Model):
    """One change of a parcel's or a building's status (officers only)."""

    parcel = models.ForeignKey(
        Parcel, null=True, blank=True, on_delete=models.CASCADE, related_name="status_changes"
    )
    building = models.ForeignKey(
        Building, null=True, blank=True, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=12, choices=SiteStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=12, choices=SiteStatus.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(parcel__isnull=False, building__isnull=True)
                | models.Q(parcel__isnull=True, building__isnull=False),
                name="sites_status_change_one_site",
            )
        ]

    def __str__(self) -> str:
        old = self.get_from_status_display() if self.from_status else "—"
        return f"{old} → {self.get_to_status_display()}"


class SitePhoto(models.Model):
    """A photo of a park, parcel or building: checked, re-encoded without metadata and at
    most 1600 px wide, as the posts' images. Public."""

    park = models.ForeignKey(
        Park, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    parcel = models.ForeignKey(
        Parcel, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    building = models.ForeignKey(
        Building, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("image"), upload_to="sites/%Y/%m/")
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("site photo")
        verbose_name_plural = _("site photos")
        ordering = ["position", "id"]
        constraints = [models.CheckConstraint(condition=_one_site(), name="sites_photo_one_site")]

    def __str__(self) -> str:
        return self.caption or self.image.name


class SiteDocument(models.Model):
    """A PDF about a park, parcel or building (planning conditions, a brochure), kept as a
    private file; ``public`` documents are offered on the public pages too."""

    park = models.ForeignKey(
        Park, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    parcel = models.ForeignKey(
        Parcel, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    building = models.ForeignKey(
        Building, null=True, blank=True, on_delete=models.CASCADE, related_name="documents"
    )
    file = models.ForeignKey(PrivateFile, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    public = models.BooleanField(_("public"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("site document")
        verbose_name_plural = _("site documents")
        ordering = ["title", "id"]
        constraints = [
            models.CheckConstraint(condition=_one_site(), name="sites_document_one_site")
        ]

    def __str__(self) -> str:
        return self.title
