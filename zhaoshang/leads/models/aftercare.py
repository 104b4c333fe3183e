"""Aftercare visits to enterprises already here, and the actions they lead to."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhaoshang.registry.models import Enterprise

# The questionnaire of a visit: field name and the question asked.
QUESTIONS: tuple[tuple[str, Any], ...] = (
    ("expansion", _("Expansion plans")),
    ("land_buildings", _("Land or building needs")),
    ("tech_transformation", _("Technological transformation")),
    ("digital_transformation", _("Digital transformation")),
    ("talent", _("Talent")),
    ("financing", _("Financing")),
    ("policy_questions", _("Policy questions")),
    ("public_services", _("Problems with public services")),
)
TOPIC_CHOICES = [(name, label) for name, label in QUESTIONS] + [("other", _("other"))]


class AftercareVisit(models.Model):
    """A visit to an enterprise to learn how it is doing and what it needs."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_on = models.DateField(_("visited on"))
    department = models.CharField(_("department"), max_length=120, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="aftercare_visits",
    )
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    expansion = models.TextField(_("Expansion plans"), blank=True)
    land_buildings = models.TextField(_("Land or building needs"), blank=True)
    tech_transformation = models.TextField(_("Technological transformation"), blank=True)
    digital_transformation = models.TextField(_("Digital transformation"), blank=True)
    talent = models.TextField(_("Talent"), blank=True)
    financing = models.TextField(_("Financing"), blank=True)
    policy_questions = models.TextField(_("Policy questions"), blank=True)
    public_services = models.TextField(_("Problems with public services"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("aftercare visit")
        verbose_name_plural = _("aftercare visits")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["enterprise", "visited_on"])]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.visited_on}"

    def answers(self) -> list[tuple[object, str]]:
        """(question, answer) for each question answered."""
        return [(label, getattr(self, name)) for name, label in QUESTIONS if getattr(self, name)]


class VisitAction(models.Model):
    """Something an enterprise raised in a visit, owned by an officer until it is resolved."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("aftercare action status", "open")
        IN_PROGRESS = "in_progress", pgettext_lazy("aftercare action status", "in progress")
        RESOLVED = "resolved", pgettext_lazy("aftercare action status", "resolved")

    visit = models.ForeignKey(AftercareVisit, on_delete=models.CASCADE, related_name="actions")
    topic = models.CharField(_("topic"), max_length=30, choices=TOPIC_CHOICES)
    description = models.TextField(_("issue"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="visit_actions",
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    resolution_note = models.TextField(_("resolution"), blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("visit action")
        verbose_name_plural = _("visit actions")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["owner", "status", "due_on"])]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_overdue(self) -> bool:
        return self.status != self.Status.RESOLVED and self.due_on < timezone.localdate()
