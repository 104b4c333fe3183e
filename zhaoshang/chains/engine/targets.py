"""Strength of a region's links, and the ranking of target enterprises. No Django here.

Strength (the chain map's colours)
----------------------------------
A link is **missing** in a region with fewer than ``present_min`` enterprises on it;
**strong** with at least ``strong_min`` of them and either a share of the province's
enterprises on the link of at least ``strong_share`` percent or at least
``strong_above_size`` enterprises above designated size; **weak** otherwise. An
administrator changes the four numbers (the chain map's thresholds).

The target score
----------------
A candidate is an enterprise on the link outside the region. Its score is a weighted sum of
five parts, each between 0 and 1, times 100:

- **size**: ``log10(1 + revenue) / log10(1 + 1,000,000)``, revenue in 10,000 yuan of the
  latest year, capped at 1 (10 billion yuan and more is 1; no revenue is 0);
- **growth**: the yearly growth of revenue from the earliest of the recent years to the
  latest (compound), mapped from -10 % (0) to +30 % (1); no earlier revenue is 0;
- **qualifications**: high-tech 0.3, specialised and new 0.2, "little giant" 0.3,
  listed 0.2 (added);
- **fit to local anchors**: 1 when the candidate sits on a link that supplies a link where
  the region is strong (it supplies what local anchors need), 0.7 when it sits on a link
  that a strong local link supplies (it is a customer of what the region makes), else 0;
- **distance**: ``1 / (1 + km / 100)`` between county centres (0 km is 1, 100 km 0.5).

The default weights are size 30, growth 15, qualifications 20, fit 20, distance 15; an
officer may change them (negative weights are refused; they are divided by their sum).
Each candidate's explanation lists the five parts with the points each brought.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # NumPy is imported when targets are ranked, not when the app starts
    import numpy as np

from zhaoshang.chains.engine.model import Chain

SIZE_CAP = 1_000_000.0  # 10,000 yuan: 10 billion yuan
GROWTH_LOW, GROWTH_HIGH = -0.10, 0.30
QUALIFICATION_POINTS = {
    "high_tech": 0.3,
    "specialised_new": 0.2,
    "little_giant": 0.3,
    "listed": 0.2,
}
FIT_SUPPLIER, FIT_CUSTOMER = 1.0, 0.7
DISTANCE_HALF_KM = 100.0
PARTS = ("size", "growth", "qualifications", "fit", "distance")


class Strength(enum.StrEnum):
    STRONG = "strong"
    WEAK = "weak"
    MISSING = "missing"


@dataclass(frozen=True)
class Thresholds:
    present_min: int = 1
    strong_min: int = 5
    strong_share: float = 2.0  # percent of the province's enterprises on the link
    strong_above_size: int = 3


def strength(count: int, share_percent: float, above_size: int, limits: Thresholds) -> Strength:
    """A link's strength in a region (see the module's text)."""
    if count < limits.present_min:
        return Strength.MISSING
    if count >= limits.strong_min and (
        share_percent >= limits.strong_share
        or (limits.strong_above_size > 0 and above_size >= limits.strong_above_size)
    ):
        return Strength.STRONG
    return Strength.WEAK


@dataclass(frozen=True)
class Weights:
    size: float = 30
    growth: float = 15
    qualifications: float = 20
    fit: float = 20
    distance: float = 15

    def normalised(self) -> dict[str, float]:
        values = {name: float(getattr(self, name)) for name in PARTS}
        if any(v < 0 or not math.isfinite(v) for v in values.values()):
            raise ValueError("weights must be finite and not negative")
        total = sum(values.values())
        if total == 0:
            raise ValueError("at least one weight must be above 0")
        return {name: value / total for name, value in values.items()}


def link_fit(chain: Chain, strengths: Mapping[str, Strength]) -> dict[str, float]:
    """Each link's fit to the region's anchors: 1 if it supplies a strong local link, 0.7
    if a strong local link supplies it, else 0."""
    strong = {key for key, found in strengths.items() if found is Strength.STRONG}
    fit: dict[str, float] = {}
    for link in chain.links:
        if strong & set(link.supplies):
            fit[link.key] = FIT_SUPPLIER
        elif any(s.key in strong for s in chain.suppliers(link.key)):
            fit[link.key] = FIT_CUSTOMER
        else:
            fit[link.key] = 0.0
    return fit


def haversine_km(lat: np.ndarray, lon: np.ndarray, lat0: float, lon0: float) -> np.ndarray:
    """Great-circle distance in km from (lat0, lon0) to each point (NaN where unknown)."""
    import numpy as np

    p1, p2 = np.radians(lat), math.radians(lat0)
    dp = p1 - p2
    dl = np.radians(lon) - math.radians(lon0)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * math.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def great_circle_km(lat: float, lon: float, lat0: float, lon0: float) -> float:
    """:func:`haversine_km` for one point, without numpy."""
    p1, p2 = math.radians(lat), math.radians(lat0)
    a = (
        math.sin((p1 - p2) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon - lon0) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(min(max(a, 0.0), 1.0)))


@dataclass(frozen=True)
class Candidates:
    """Columns of the candidates (equal lengths; NaN for missing numbers)."""

    revenue: np.ndarray  # latest year, 10,000 yuan
    revenue_before: np.ndarray  # earliest recent year
    years: np.ndarray  # years between the two (>= 1 where both are known)
    high_tech: np.ndarray  # bool
    specialised_new: np.ndarray
    little_giant: np.ndarray
    listed: np.ndarray
    fit: np.ndarray  # 0..1, from link_fit over the candidate's links
    distance_km: np.ndarray

    def __len__(self) -> int:
        return len(self.revenue)


def parts(c: Candidates) -> dict[str, np.ndarray]:
    """The five parts of every candidate's score, each 0..1."""
    import numpy as np

    revenue = np.nan_to_num(c.revenue, nan=0.0).clip(min=0)
    size = np.minimum(np.log10(1 + revenue) / math.log10(1 + SIZE_CAP), 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = c.revenue / c.revenue_before
        yearly = np.power(ratio, 1.0 / np.maximum(c.years, 1)) - 1
    growth = ((yearly - GROWTH_LOW) / (GROWTH_HIGH - GROWTH_LOW)).clip(0, 1)
    growth = np.where(np.isfinite(growth) & (c.revenue_before > 0), growth, 0.0)
    qualifications = (
        QUALIFICATION_POINTS["high_tech"] * c.high_tech.astype(float)
        + QUALIFICATION_POINTS["specialised_new"] * c.specialised_new.astype(float)
        + QUALIFICATION_POINTS["little_giant"] * c.little_giant.astype(float)
        + QUALIFICATION_POINTS["listed"] * c.listed.astype(float)
    )
    distance = 1.0 / (1.0 + np.nan_to_num(c.distance_km, nan=1e6) / DISTANCE_HALF_KM)
    return {
        "size": size,
        "growth": growth,
        "qualifications": qualifications,
        "fit": np.asarray(c.fit, dtype=float),
        "distance": distance,
    }


@dataclass(frozen=True)
class Ranked:
    order: np.ndarray  # candidate positions, best first (at most ``limit``)
    score: np.ndarray  # 0..100, by position in ``order``
    points: dict[str, np.ndarray]  # each part's points (0..100 × weight), by order position


def rank(c: Candidates, weights: Weights, limit: int) -> Ranked:
    """The ``limit`` best candidates by score (ties: the earlier position first)."""
    import numpy as np

    share = weights.normalised()
    found = parts(c)
    points = {name: 100 * share[name] * found[name] for name in PARTS}
    score = sum(points.values(), np.zeros(len(c)))
    top = np.argpartition(-score, limit - 1)[:limit] if len(c) > limit else np.arange(len(c))
    order = top[np.lexsort((top, -score[top]))]
    return Ranked(order, score[order], {name: p[order] for name, p in points.items()})


def explain(ranked: Ranked, position: int) -> list[tuple[str, float]]:
    """(part, points) of the candidate at ``position`` of the ranking, largest first."""
    found = [(name, float(ranked.points[name][position])) for name in PARTS]
    return sorted(found, key=lambda item: -item[1])


def weights_from(values: Mapping[str, str | float | None], default: Weights = Weights()) -> Weights:
    """Weights from form values (missing ones default); ValueError naming the field."""
    chosen: dict[str, float] = {}
    for name in PARTS:
        raw = values.get(name)
        if raw is None or raw == "":
            chosen[name] = float(getattr(default, name))
            continue
        try:
            number = float(raw)
        except (TypeError, ValueError):
            raise ValueError(f"{name}: not a number") from None
        if not math.isfinite(number) or number < 0 or number > 1000:
            raise ValueError(f"{name}: must be between 0 and 1000")
        chosen[name] = number
    weights = Weights(**chosen)
    weights.normalised()
    return weights


def sequence_fit(links_of: Sequence[Sequence[str]], fit: Mapping[str, float]) -> np.ndarray:
    """Each candidate's fit: the best fit of the links it sits on."""
    import numpy as np

    return np.array([max((fit.get(k, 0.0) for k in keys), default=0.0) for keys in links_of])
