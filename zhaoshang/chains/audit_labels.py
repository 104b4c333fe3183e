"""The audit log shows chains and links by name in the reader's language, not by key."""

from __future__ import annotations

from typing import Any

from zhaoshang.core import audit_display


def _chain_name(key: Any) -> str:
    from zhaoshang.chains.models import Chain

    chain = Chain.objects.filter(key=str(key)).first()
    return chain.name() if chain else str(key)


def _link_name(key: Any) -> str:
    from zhaoshang.chains.models import Link

    link = Link.objects.filter(key=str(key)).first()
    return link.name() if link else str(key)


def register() -> None:
    from zhaoshang.chains.models import Chain, Link, LinkNote, PlacementDecision

    for model in (LinkNote, PlacementDecision):
        audit_display.value_display(model, "chain_key", _chain_name)
        audit_display.value_display(model, "link_key", _link_name)
    audit_display.value_display(Chain, "key", _chain_name)
    audit_display.value_display(Link, "key", _link_name)
    # The file's text is long and in the file's own words: the log says it changed.
    audit_display.value_display(Chain, "source", lambda _v: "…")
