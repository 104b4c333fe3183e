"""The region tree as the targets read it: one query for the 144 regions of Guangdong,
then descendants, children and the effective target (a region's own, or the sum of its
children's) worked out in Python."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from zhaoshang.registry.models import Region


@dataclass
class RegionTree:
    regions: dict[str, Region]
    children: dict[str, list[str]]

    def descendants(self, code: str) -> list[str]:
        """``code`` and every region below it."""
        found, stack = [], [code]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(self.children.get(current, []))
        return found

    def top_below(self, code: str) -> dict[str, str]:
        """Each region below ``code`` (and ``code`` itself) → the child of ``code`` it falls
        under (``code`` for itself)."""
        under = {code: code}
        for child in self.children.get(code, []):
            for below in self.descendants(child):
                under[below] = child
        return under

    def ancestors(self, code: str) -> list[str]:
        found = []
        current = self.regions.get(code)
        while current is not None and current.parent_id:
            found.append(current.parent_id)
            current = self.regions.get(current.parent_id)
        return found


def region_tree() -> RegionTree:
    regions = {r.code: r for r in Region.objects.order_by("code")}
    children: dict[str, list[str]] = defaultdict(list)
    for region in regions.values():
        if region.parent_id:
            children[region.parent_id].append(region.code)
    return RegionTree(regions, dict(children))


OWN = "own"
SUM = "sum"
NONE = "none"


@dataclass(frozen=True)
class EffectiveTarget:
    value: Decimal | None
    source: str  # own, sum (of the regions below), none


def effective_target(tree: RegionTree, own: dict[str, Decimal], code: str) -> EffectiveTarget:
    """A region's own target if set; else the sum of its children's effective targets,
    where any is set; else none. ``own`` maps region codes to the targets set for one
    year and measure."""
    if code in own:
        return EffectiveTarget(own[code], OWN)
    parts = [effective_target(tree, own, child) for child in tree.children.get(code, [])]
    given = [p.value for p in parts if p.value is not None]
    if not given:
        return EffectiveTarget(None, NONE)
    return EffectiveTarget(sum(given, Decimal(0)), SUM)
