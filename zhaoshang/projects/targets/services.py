"""Setting targets: a grid of regions × measures for one year, written whole or not at
all, each change audited. A target for a region that does not exist, a negative value or a
count that is not whole is refused, naming the field."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.audit import audit_create, audit_delete, audit_update, snapshot
from zhaoshang.core.models import User
from zhaoshang.projects.models import Target
from zhaoshang.projects.targets.actuals import actuals_touch
from zhaoshang.projects.targets.measures import MEASURES, is_money
from zhaoshang.registry.models import Region

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_VALUE = Decimal("1e15")

# (region code, measure) → value (None clears the target)
TargetCells = Mapping[tuple[str, str], Decimal | str | None]


def field_name(region: str, measure: str) -> str:
    return f"{region}-{measure}"


def _value(raw: Decimal | str | None, measure: str) -> tuple[Decimal | None, str | None]:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    try:
        value = Decimal(str(raw).strip().replace(",", ""))
    except InvalidOperation:
        return None, _("Give a number.")
    if not value.is_finite():
        return None, _("Give a number.")
    if value < 0:
        return None, _("A target cannot be negative.")
    if value >= MAX_VALUE:
        return None, _("This number is too large.")
    if not is_money(measure) and value != value.to_integral_value():
        return None, _("This target counts projects or enterprises: give a whole number.")
    return value.quantize(Decimal("0.01")), None


def targets_check(
    *, year: int, cells: TargetCells, allowed: set[str] | None = None
) -> dict[tuple[str, str], Decimal | None]:
    """The cells checked; ValidationError naming each bad cell (``<region>-<measure>``)."""
    errors: dict[str, list[str]] = {}
    if not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = [
            _("Give a year from %(first)s to %(last)s.") % {"first": MIN_YEAR, "last": MAX_YEAR}
        ]
    codes = {code for code, _measure in cells}
    known = set(Region.objects.filter(code__in=codes).values_list("code", flat=True))
    checked: dict[tuple[str, str], Decimal | None] = {}
    for (code, measure), raw in cells.items():
        name = field_name(code, measure)
        if code not in known:
            errors.setdefault("region", []).append(
                _("There is no region with the code “%(code)s”.") % {"code": code}
            )
            continue
        if allowed is not None and code not in allowed:
            errors.setdefault("region", []).append(
                _("You may not set targets for the region “%(code)s”.") % {"code": code}
            )
            continue
        if measure not in MEASURES:
            errors.setdefault("measure", []).append(
                _("There is no measure “%(measure)s”.") % {"measure": measure}
            )
            continue
        value, problem = _value(raw, measure)
        if problem:
            errors[name] = [problem]
        else:
            checked[code, measure] = value
    if errors:
        raise ValidationError(errors)
    return checked


def targets_save(
    *,
    actor: User | None,
    year: int,
    cells: TargetCells,
    allowed: set[str] | None = None,
    source: str = "",
    is_demo: bool = False,
) -> int:
    """Write a year's targets (None clears one); all of them, or none. Returns how many
    changed."""
    checked = targets_check(year=year, cells=cells, allowed=allowed)
    changed = 0
    now = timezone.now()
    with transaction.atomic():
        existing = {
            (t.region_id, t.measure): t
            for t in Target.objects.select_for_update().filter(
                year=year, region_id__in={code for code, _m in checked}
            )
        }
        for (code, measure), value in checked.items():
            found = existing.get((code, measure))
            if found is None and value is None:
                continue
            if found is None:
                assert value is not None
                target = Target.objects.create(
                    region_id=code,
                    year=year,
                    measure=measure,
                    value=value,
                    source=source[:300],
                    is_demo=is_demo,
                    updated_by=actor,
                    updated_at=now,
                )
                audit_create(actor=actor, instance=target)
            elif value is None:
                pk = found.pk
                found.delete()
                audit_delete(actor=actor, instance=found, object_id=pk)
            elif found.value != value:
                before = snapshot(found)
                found.value = value
                found.is_demo = is_demo
                found.source = source[:300] or found.source
                found.updated_by = actor
                found.updated_at = now
                found.save()
                audit_update(actor=actor, instance=found, before=before)
            else:
                continue
            changed += 1
        if changed:
            actuals_touch()
    return changed
