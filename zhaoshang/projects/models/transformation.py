"""The provincial transformation programme: an enterprise's technological-transformation
and digital-transformation projects, and the maturity scale the administrator keeps."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhaoshang.registry.models import chinese_or_english


class MaturityLevel(models.Model):
    """A step of the digital-maturity scale (the administrator keeps the scale)."""

    rank = models.PositiveSmallIntegerField(_("rank"), unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=100)
    description = models.CharField(_("description"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("maturity level")
        verbose_name_plural = _("maturity levels")
        ordering = ["rank"]

    def __str__(self) -> str:
        return f"{self.rank} {self.name}"

    @property
    def name(self) -> str:
        return chinese_or_english(self.name_zh, self.name_en)


class TransformationProject(models.Model):
    """One transformation project of an enterprise. It counts toward the programme's target
    of the year it is completed in, once an officer has confirmed it."""

    class Kind(models.TextChoices):
        TECHNOLOGICAL = "tech", _("technological transformation")
        DIGITAL = "digital", _("digital transformation")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an officer")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("rejected")

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="transformation_projects",
        db_index=False,  # the (enterprise, kind, completed_on) index serves it
    )
    kind = models.CharField(_("programme"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("project"), max_length=200)
    description = models.TextField(_("what was done"), blank=True)
    investment_yuan = models.DecimalField(
        _("investment (yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    equipment = models.CharField(_("equipment"), max_length=500, blank=True)
    started_on = models.DateField(_("start"), null=True, blank=True)
    completed_on = models.DateField(_("end"), null=True, blank=True)
    subsidy_yuan = models.DecimalField(
        _("subsidy (yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    level_before = models.ForeignKey(
        MaturityLevel,
        verbose_name=_("maturity before"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    level_after = models.ForeignKey(
        MaturityLevel,
        verbose_name=_("maturity after"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demonstration data"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("transformation project")
        verbose_name_plural = _("transformation projects")
        ordering = ["-completed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(investment_yuan__gte=0) & Q(subsidy_yuan__gte=0),
                name="projects_transformation_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "status", "completed_on"], name="projects_tp_completed"),
            models.Index(
                fields=["enterprise", "kind", "completed_on"], name="projects_tp_enterprise"
            ),
        ]

    def __str__(self) -> str:
        return self.title
