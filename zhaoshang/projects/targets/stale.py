"""Marking regions whose rollup is out of date. Every write to a lead, a project, a
milestone, a quarter's figures or a transformation project goes through ``save`` or
``delete`` (the services write one object at a time, audited), so these receivers see
them all: the project part of the region is marked, or its transformation part. An
enterprise that changes region or size marks both its regions' transformation part; an
enterprise import (``enterprises_changed`` without ids) marks every region's. Bulk loads
that bypass all of these (the benchmark) rebuild the rollup whole with
``actuals_rebuild``, and the daily task does so too."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from zhaoshang.leads.models import Lead
from zhaoshang.projects.models import (
    ActualsStale,
    Milestone,
    Project,
    QuarterFigure,
    TransformationProject,
)
from zhaoshang.registry.models import Enterprise, Region
from zhaoshang.registry.signals import enterprises_changed


def regions_mark_stale(codes: Iterable[str | None], part: str = ActualsStale.PROJECTS) -> None:
    found = {code for code in codes if code}
    if found:
        ActualsStale.objects.bulk_create(
            [ActualsStale(region_id=code, part=part) for code in sorted(found)],
            ignore_conflicts=True,
        )


def projects_mark_stale(project_ids: Iterable[int]) -> None:
    ids = list(project_ids)
    if ids:
        regions_mark_stale(
            Project.objects.filter(pk__in=ids).values_list("lead__region_id", flat=True)
        )


_LEAD_FIELDS = ("region_id", "signed_on", "stage", "investment_yuan")


@receiver(pre_save, sender=Lead, dispatch_uid="targets-lead-before")
def _lead_before(sender: Any, instance: Lead, **kwargs: Any) -> None:
    if instance.pk and not kwargs.get("raw"):
        instance._targets_before = (  # type: ignore[attr-defined]
            Lead.objects.filter(pk=instance.pk).values_list(*_LEAD_FIELDS).first()
        )


@receiver(post_save, sender=Lead, dispatch_uid="targets-lead-saved")
def _lead_saved(sender: Any, instance: Lead, **kwargs: Any) -> None:
    """A lead matters to the rollup while it is (or was) signed, and only when its region,
    signed date, stage or investment changed."""
    if kwargs.get("raw"):
        return
    before = getattr(instance, "_targets_before", None)
    now = tuple(getattr(instance, name) for name in _LEAD_FIELDS)
    if before is None:
        if instance.signed_on:
            regions_mark_stale([instance.region_id])
        return
    if before != now and (before[1] or instance.signed_on):
        regions_mark_stale([before[0], instance.region_id])


@receiver(post_delete, sender=Lead, dispatch_uid="targets-lead-deleted")
def _lead_deleted(sender: Any, instance: Lead, **kwargs: Any) -> None:
    if instance.signed_on:
        regions_mark_stale([instance.region_id])


@receiver(post_save, sender=Project, dispatch_uid="targets-project-saved")
@receiver(post_delete, sender=Project, dispatch_uid="targets-project-deleted")
def _project_changed(sender: Any, instance: Project, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        regions_mark_stale(
            Lead.objects.filter(pk=instance.lead_id).values_list("region_id", flat=True)
        )


@receiver(post_save, sender=Milestone, dispatch_uid="targets-milestone-saved")
@receiver(post_delete, sender=Milestone, dispatch_uid="targets-milestone-deleted")
@receiver(post_save, sender=QuarterFigure, dispatch_uid="targets-figure-saved")
@receiver(post_delete, sender=QuarterFigure, dispatch_uid="targets-figure-deleted")
def _project_part_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        projects_mark_stale([instance.project_id])


TRANSFORMATION = ActualsStale.TRANSFORMATION


@receiver(post_save, sender=TransformationProject, dispatch_uid="targets-tp-saved")
@receiver(post_delete, sender=TransformationProject, dispatch_uid="targets-tp-deleted")
def _transformation_changed(sender: Any, instance: TransformationProject, **kwargs: Any) -> None:
    if not kwargs.get("raw"):
        regions_mark_stale(
            Enterprise.objects.filter(pk=instance.enterprise_id).values_list(
                "region_id", flat=True
            ),
            TRANSFORMATION,
        )


_ENTERPRISE_FIELDS = ("region_id", "above_designated_size")


@receiver(pre_save, sender=Enterprise, dispatch_uid="targets-enterprise-before")
def _enterprise_before(sender: Any, instance: Enterprise, **kwargs: Any) -> None:
    if instance.pk and not kwargs.get("raw"):
        instance._targets_before = (  # type: ignore[attr-defined]
            Enterprise.objects.filter(pk=instance.pk).values_list(*_ENTERPRISE_FIELDS).first()
        )


@receiver(post_save, sender=Enterprise, dispatch_uid="targets-enterprise-saved")
def _enterprise_saved(sender: Any, instance: Enterprise, **kwargs: Any) -> None:
    before = getattr(instance, "_targets_before", None)
    if kwargs.get("raw") or before is None:
        return
    now = tuple(getattr(instance, name) for name in _ENTERPRISE_FIELDS)
    if before != now and TransformationProject.objects.filter(enterprise=instance).exists():
        regions_mark_stale([before[0], instance.region_id], TRANSFORMATION)


@receiver(enterprises_changed, dispatch_uid="targets-enterprises-imported")
def _enterprises_imported(sender: Any, enterprise_ids: Any = None, **kwargs: Any) -> None:
    if enterprise_ids is None:
        regions_mark_stale(Region.objects.values_list("code", flat=True), TRANSFORMATION)
