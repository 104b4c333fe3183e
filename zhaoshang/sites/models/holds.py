"""Holds: an officer keeps a parcel or building for a lead until a date.

At most one hold on a site is active (not released) at a time; the database says so with a
partial unique index per kind of site, so that two holds sent at the same moment cannot both
be written, on SQLite as on PostgreSQL."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SiteHold(models.Model):
    class Ended(models.TextChoices):
        RELEASED = "released", _("released")
        LAPSED = "lapsed", _("lapsed")
        OVERRIDDEN = "overridden", _("overridden by a manager")
        TRANSFERRED = "transferred", _("site transferred to another lead")

    parcel = models.ForeignKey(
        "sites.Parcel",
        verbose_name=_("parcel"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="holds",
    )
    building = models.ForeignKey(
        "sites.Building",
        verbose_name=_("building"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="holds",
    )
    lead = models.ForeignKey(
        "leads.Lead", verbose_name=_("lead"), on_delete=models.CASCADE, related_name="site_holds"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        on_delete=models.PROTECT,
        related_name="site_holds",
    )
    until = models.DateField(_("held until"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    released_at = models.DateTimeField(_("released"), null=True, blank=True)
    ended = models.CharField(_("ended"), max_length=12, choices=Ended.choices, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("overridden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    warned_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("site hold")
        verbose_name_plural = _("site holds")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(parcel__isnull=False, building__isnull=True)
                | Q(parcel__isnull=True, building__isnull=False),
                name="sites_hold_one_site",
            ),
            models.UniqueConstraint(
                fields=["parcel"],
                condition=Q(released_at__isnull=True, parcel__isnull=False),
                name="sites_hold_one_active_per_parcel",
            ),
            models.UniqueConstraint(
                fields=["building"],
                condition=Q(released_at__isnull=True, building__isnull=False),
                name="sites_hold_one_active_per_building",
            ),
        ]
        indexes = [models.Index(fields=["released_at", "until"], name="sites_hold_open_until")]

    def __str__(self) -> str:
        return f"{self.site} → {self.lead_id} until {self.until}"

    @property
    def site(self) -> models.Model:
        site = self.parcel if self.parcel_id else self.building
        assert site is not None
        return site

    @property
    def is_active(self) -> bool:
        return self.released_at is None
