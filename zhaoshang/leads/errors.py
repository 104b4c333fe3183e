"""Exceptions of the leads app that carry more than a message."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from zhaoshang.leads.models import Lead


class LeadConflict(Exception):
    """Someone saved the lead since the caller read it: ``saved`` is the lead as stored now,
    ``yours`` the values the caller tried to save (nothing of them was written)."""

    def __init__(self, *, saved: Lead, yours: dict[str, Any], version: int) -> None:
        self.saved = saved
        self.yours = yours
        self.version = version
        super().__init__(
            _(
                "version: %(company)s was changed by someone else since you opened it "
                "(you had version %(yours)s, it is now at version %(saved)s)."
            )
            % {"company": saved.company, "yours": version, "saved": saved.version}
        )
