"""The milestones of a signed project, in the order they happen, and what each does to the
lead's stage. Free of models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class MilestoneKind(models.TextChoices):
    LAND = "land", _("land handed over")
    CONSTRUCTION = "construction", _("construction started")
    TOPPED_OUT = "topped_out", _("topped out")
    COMPLETED = "completed", _("completed")
    PRODUCTION = "production", _("production started")
    FULL_CAPACITY = "full_capacity", _("full capacity reached")


ORDER: tuple[str, ...] = tuple(MilestoneKind.values)
POSITION: dict[str, int] = {kind: index for index, kind in enumerate(ORDER)}

# Reaching a milestone moves the lead (forward only) to a stage of the pipeline.
STAGE_AFTER: dict[str, str] = {
    MilestoneKind.CONSTRUCTION.value: "construction",
    MilestoneKind.PRODUCTION.value: "operating",
}
