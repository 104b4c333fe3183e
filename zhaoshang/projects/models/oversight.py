"""Watching signed projects: the contract-performance rules (data a manager edits), the
warning settings, the warnings raised, and supervision tasks (督办) with their replies."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhaoshang.projects.performance.labels import PROMISE_CHOICES, STATUS_CHOICES, TEST_CHOICES


class PerformanceRule(models.Model):
    """One rule of contract performance (履约): when ``test`` holds for ``promise`` beyond
    ``threshold``, the promise gets ``status``. See ``performance/engine.py``."""

    promise = models.CharField(_("promise"), max_length=16, choices=PROMISE_CHOICES)
    test = models.CharField(_("test"), max_length=24, choices=TEST_CHOICES)
    threshold = models.DecimalField(_("threshold"), max_digits=12, decimal_places=4)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES)
    active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("performance rule")
        verbose_name_plural = _("performance rules")
        ordering = ["promise", "id"]

    def __str__(self) -> str:
        promise, test, status = (
            self.get_promise_display(),
            self.get_test_display(),
            self.get_status_display(),
        )
        return f"{promise}: {test} {self.threshold:g} → {status}"


class WarningSettings(models.Model):
    """The one row of warning settings a manager keeps."""

    due_days = models.PositiveSmallIntegerField(
        _("warn of a milestone due within (days)"), default=30
    )
    figures_margin = models.DecimalField(
        _("figures behind plan by more than (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("20"),
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        verbose_name = _("warning settings")
        verbose_name_plural = _("warning settings")

    def __str__(self) -> str:
        return f"{self.due_days} days, {self.figures_margin}%"

    @classmethod
    def current(cls) -> WarningSettings:
        found = cls.objects.order_by("pk").first()
        return found if found is not None else cls(pk=1)


class ProjectWarning(models.Model):
    """A warning on a project while its cause lasts. ``key`` says what it is about (kind,
    project, milestone or figure, and the promised date), so that the daily computation
    finds it again instead of raising it twice; it is cleared when the cause is gone."""

    class Level(models.TextChoices):
        YELLOW = "yellow", _("yellow")
        RED = "red", _("red")

    class Kind(models.TextChoices):
        DUE = "due", _("milestone due soon")
        OVERDUE = "overdue", _("milestone overdue")
        BEHIND = "behind", _("figures behind plan")

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="warnings",
    )
    key = models.CharField(_("key"), max_length=120)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=6, choices=Level.choices)
    subject = models.CharField(_("about"), max_length=16)  # a milestone kind or a figure
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    raised_at = models.DateTimeField(_("raised"), default=timezone.now)
    cleared_at = models.DateTimeField(_("cleared"), null=True, blank=True)

    class Meta:
        verbose_name = _("project warning")
        verbose_name_plural = _("project warnings")
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=Q(cleared_at__isnull=True), name="projects_warning_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["project", "level"],
                condition=Q(cleared_at__isnull=True),
                name="projects_warning_open",
            ),
            # The dashboards list the projects with the oldest open red warnings first.
            models.Index(
                fields=["level", "kind", "raised_at"],
                condition=Q(cleared_at__isnull=True),
                name="projects_warning_oldest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject_label}"

    @property
    def subject_label(self) -> str:
        """The milestone or the figure the warning is about, in the reader's language."""
        from zhaoshang.projects.milestones import MilestoneKind
        from zhaoshang.projects.performance.labels import PROMISE_LABELS

        if self.subject in MilestoneKind.values:
            return str(MilestoneKind(self.subject).label)
        return str(PROMISE_LABELS.get(self.subject, self.subject))


class SupervisionTask(models.Model):
    """督办: a manager asks an owner to settle something on a project by a deadline. Left
    unresolved past the deadline it escalates to the managers of the region above."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        RESOLVED = "resolved", _("settled")

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="supervision_tasks",
    )
    text = models.TextField(_("what is to be done"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="supervision_tasks",
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened"), default=timezone.now)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    # Where the task stands: the region whose managers answer for it now (the project's
    # region at first, the region above after each escalation).
    region = models.ForeignKey(
        "registry.Region",
        verbose_name=_("escalated to"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    escalations = models.PositiveSmallIntegerField(_("escalations"), default=0)
    escalated_for = models.DateField(
        _("escalated for the deadline"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("supervision task")
        verbose_name_plural = _("supervision tasks")
        ordering = ["status", "deadline", "id"]
        indexes = [
            models.Index(
                fields=["deadline"], condition=Q(status="open"), name="projects_supervision_open"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.text[:40]}"


class SupervisionReply(models.Model):
    task = models.ForeignKey(
        SupervisionTask,
        verbose_name=_("supervision task"),
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("reply"))
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.text[:40]}"
