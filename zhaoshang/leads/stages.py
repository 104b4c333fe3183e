"""The stages of an investment lead and what each move needs. Free of Django models."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    LEAD = "lead", _("lead")
    CONTACTED = "contacted", _("contacted")
    SITE_VISIT = "site_visit", _("site visit")
    NEGOTIATING = "negotiating", _("negotiating")
    SIGNED = "signed", _("signed")
    UNDER_CONSTRUCTION = "construction", _("under construction")
    OPERATING = "operating", _("operating")
    ON_HOLD = "on_hold", _("on hold")
    LOST = "lost", _("lost")


# The pipeline in order; on hold and lost stand beside it.
PIPELINE: tuple[Stage, ...] = (
    Stage.LEAD,
    Stage.CONTACTED,
    Stage.SITE_VISIT,
    Stage.NEGOTIATING,
    Stage.SIGNED,
    Stage.UNDER_CONSTRUCTION,
    Stage.OPERATING,
)
BOARD: tuple[Stage, ...] = (*PIPELINE, Stage.ON_HOLD, Stage.LOST)
RANK: dict[str, int] = {stage.value: index for index, stage in enumerate(PIPELINE)}

# Moving into these needs a reason; into these, an investment amount.
NEEDS_REASON = frozenset({Stage.ON_HOLD.value, Stage.LOST.value})
NEEDS_AMOUNT = frozenset(
    {Stage.SIGNED.value, Stage.UNDER_CONSTRUCTION.value, Stage.OPERATING.value}
)
# A lead in these counts as signed (for reports); in these it is no longer worked.
SIGNED_STAGES = NEEDS_AMOUNT
CLOSED_STAGES = frozenset({Stage.OPERATING.value, Stage.LOST.value})
# Leads in these stages are not expected to have recent activity.
QUIET_STAGES = frozenset({Stage.OPERATING.value, Stage.LOST.value, Stage.ON_HOLD.value})


def board_neighbour(stage: str, step: int) -> str | None:
    """The board column ``step`` places left (-1) or right (+1) of ``stage``, if any."""
    values = [s.value for s in BOARD]
    index = values.index(stage) + step
    if 0 <= index < len(values):
        return values[index]
    return None
