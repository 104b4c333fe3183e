"""Targets by region and year, and the rollup of actuals by region and month that the
dashboards read (rebuilt from the projects' own tables, never typed in)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhaoshang.projects.targets.measures import Measure


class Target(models.Model):
    """What a region is to reach in a year for one measure (yuan, or a count)."""

    region = models.ForeignKey(
        "registry.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    measure = models.CharField(_("measure"), max_length=24, choices=Measure.choices)
    value = models.DecimalField(_("target"), max_digits=18, decimal_places=2)
    source = models.CharField(_("source"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("demonstration data"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["year", "region", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "measure"], name="projects_target_once"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="projects_target_not_negative"),
        ]
        indexes = [models.Index(fields=["year", "region"])]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year} {self.measure}: {self.value}"


class RegionMonthActual(models.Model):
    """The rollup: one measure's actual for the projects of one region in one month.
    Rebuilt region by region from the leads, milestones and quarterly figures."""

    region = models.ForeignKey(
        "registry.Region", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    month = models.PositiveSmallIntegerField()
    measure = models.CharField(max_length=24, choices=Measure.choices)
    value = models.DecimalField(max_digits=20, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year", "month", "measure"], name="projects_actual_once"
            )
        ]
        indexes = [models.Index(fields=["year", "region"], name="projects_actual_year")]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}-{self.month:02} {self.measure}: {self.value}"


class ActualsStale(models.Model):
    """A region whose rollup rows of one part (the projects' measures, or the
    transformation counts) are out of date: a write touched them."""

    PROJECTS, TRANSFORMATION = "projects", "transformation"

    region = models.ForeignKey(
        "registry.Region", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    part = models.CharField(max_length=16)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["region", "part"], name="projects_stale_once")
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.part}"


class ActualsBuilt(models.Model):
    """One row once the rollup has been built whole; absent means build it whole.
    ``generation`` grows with every change to the rollup or to the targets, so that what
    was read from them may be cached under it."""

    built_at = models.DateTimeField(default=timezone.now)
    generation = models.PositiveBigIntegerField(default=1)

    def __str__(self) -> str:
        return str(self.built_at)
