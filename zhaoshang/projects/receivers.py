"""A lead that signs gets its project (empty until an officer fills the contract)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver

from zhaoshang.leads.signals import lead_moved
from zhaoshang.leads.stages import SIGNED_STAGES


@receiver(lead_moved, dispatch_uid="projects-open-on-signing")
def _open_project(sender: Any, *, lead: Any, actor: Any, to_stage: str, **kwargs: Any) -> None:
    from zhaoshang.projects.services import project_open

    if to_stage in SIGNED_STAGES:
        project_open(actor=actor, lead=lead)
