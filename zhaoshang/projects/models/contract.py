"""A signed project: the contract of a lead that signed, its milestones and its figures by
quarter, planned and actual. The region of a project is its lead's region (one join, never
a copy that could drift), so targets by region count from the lead."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhaoshang.projects.milestones import MilestoneKind


def _money(label: Any) -> models.DecimalField:
    return models.DecimalField(label, max_digits=16, decimal_places=2, null=True, blank=True)


class Project(models.Model):
    """The contract a signed lead made: what the investor promised, and by when."""

    lead = models.OneToOneField(
        "leads.Lead", verbose_name=_("lead"), on_delete=models.CASCADE, related_name="project"
    )
    contract_on = models.DateField(_("contract date"), null=True, blank=True)
    parties = models.CharField(_("parties"), max_length=500, blank=True)
    parcel = models.ForeignKey(
        "sites.Parcel",
        verbose_name=_("parcel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    building = models.ForeignKey(
        "sites.Building",
        verbose_name=_("building"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    investment_yuan = _money(_("promised fixed-asset investment (yuan)"))
    output_yuan = _money(_("output per year at full capacity (yuan)"))
    tax_yuan = _money(_("tax per year (yuan)"))
    jobs = models.PositiveIntegerField(_("jobs"), null=True, blank=True)
    intensity_yuan_per_mu = _money(_("investment intensity (yuan per mu)"))
    tax_per_mu_yuan = _money(_("tax per mu per year (yuan)"))
    land_mu = models.DecimalField(
        _("land (mu)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    is_demo = models.BooleanField(_("demonstration data"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("signed project")
        verbose_name_plural = _("signed projects")
        ordering = ["-contract_on", "-id"]
        permissions = [
            ("supervise_project", _("Can open supervision tasks and set warning rules")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(investment_yuan__gte=0)
                & Q(output_yuan__gte=0)
                & Q(tax_yuan__gte=0)
                & Q(intensity_yuan_per_mu__gte=0)
                & Q(tax_per_mu_yuan__gte=0)
                & Q(land_mu__gte=0),
                name="projects_promises_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.lead) if self.lead_id else f"project {self.pk}"


class Milestone(models.Model):
    """One step of a project, with the date the contract promised and the date it happened."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("milestone"), max_length=16, choices=MilestoneKind.choices)
    planned_on = models.DateField(_("promised date"), null=True, blank=True)
    actual_on = models.DateField(_("actual date"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"], name="projects_milestone_once"),
        ]
        # The warnings walk the milestones still to come by their promised date.
        indexes = [
            models.Index(
                fields=["planned_on"],
                condition=Q(actual_on__isnull=True),
                name="projects_milestone_open_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.project}: {self.get_kind_display()}"


class QuarterFigure(models.Model):
    """A project's figures for one quarter: investment made (到资), output, taxes, jobs,
    planned and actual. Money in yuan; jobs as people employed at the quarter's end."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="figures"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    planned_investment = _money(_("investment made, planned"))
    actual_investment = _money(_("investment made, actual"))
    planned_output = _money(_("output, planned"))
    actual_output = _money(_("output, actual"))
    planned_tax = _money(_("taxes, planned"))
    actual_tax = _money(_("taxes, actual"))
    planned_jobs = models.PositiveIntegerField(_("jobs, planned"), null=True, blank=True)
    actual_jobs = models.PositiveIntegerField(_("jobs, actual"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("quarterly figures")
        verbose_name_plural = _("quarterly figures")
        ordering = ["project", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "year", "quarter"], name="projects_figures_once"
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4), name="projects_quarter_1_to_4"
            ),
            models.CheckConstraint(
                condition=Q(planned_investment__gte=0)
                & Q(actual_investment__gte=0)
                & Q(planned_output__gte=0)
                & Q(actual_output__gte=0)
                & Q(planned_tax__gte=0)
                & Q(actual_tax__gte=0),
                name="projects_figures_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.year}Q{self.quarter}"
