"""Every write to the inventory: parks, parcels and buildings (created or changed, with
their status history), photos and documents. Keyword-only, one transaction each, an audit
event for each change; bad input raises ValidationError naming the field, nothing written.

``values`` may hold typed values (forms, the API) or text (an import): each field is
converted here, so every entry point gets the same rules and messages. Coordinates (and an
outline's corners) may be given in WGS 84, GCJ-02 or BD-09 (``coords_system``); they are
stored in WGS 84. A parcel's area may be given in m² (``area_m2``) or in mu (``area_mu``).
"""

from __future__ import annotations

import datetime
import math
import time
from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import IO, Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import EmailValidator, validate_slug
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.audit import audit_create, audit_delete, audit_update, snapshot
from zhaoshang.core.models import User
from zhaoshang.core.private_files import private_file_delete, private_file_store
from zhaoshang.core.text import text_problem
from zhaoshang.portal.services import image_reencode
from zhaoshang.registry.models import Region
from zhaoshang.rules.codes import IndustryRange
from zhaoshang.sites.geo import coords, geometry
from zhaoshang.sites.models import (
    MU_M2,
    Building,
    Parcel,
    Park,
    SiteDocument,
    SitePhoto,
    SiteStatus,
    StatusChange,
)

Site = Park | Parcel | Building
M = TypeVar("M", Park, Parcel, Building)

DOCUMENT_MAX_BYTES = 20 * 1024 * 1024
DOCUMENT_KIND = "sites"
DOCUMENT_READERS = "sites.view_parcel"

_DESCRIPTIONS = ("description_en", "description_zh_hans", "description_zh_hant")
_COMMON = ("region", "park", "lat", "lng", "notes", "is_demo", "available_on", "status")

PARK_FIELDS = (
    "slug",
    "name_en",
    "name_zh_hans",
    "name_zh_hant",
    *_DESCRIPTIONS,
    "region",
    "outline",
    "lat",
    "lng",
    "managing_body",
    "contact_phone",
    "contact_email",
    "utilities",
    "distances",
    "notes",
    "is_demo",
)
PARCEL_FIELDS = (
    "number",
    *_DESCRIPTIONS,
    *_COMMON,
    "area_m2",
    "land_use",
    "industries_allowed",
    "plot_ratio_min",
    "plot_ratio_max",
    "building_density_min",
    "building_density_max",
    "green_ratio_max",
    "height_limit_m",
    "min_investment_per_mu",
    "min_tax_per_mu",
    "price_per_mu",
    "tenure_years",
    "outline",
)
BUILDING_FIELDS = (
    "code",
    *_DESCRIPTIONS,
    *_COMMON,
    "kind",
    "floor_area_m2",
    "floors",
    "area_per_floor_m2",
    "ceiling_height_m",
    "floor_load_kn_m2",
    "column_spacing_m",
    "crane_tonnes",
    "power_kva",
    "rent_per_m2_month",
    "sale_price",
    "smallest_unit_m2",
)
# Fields a site must have when it is created.
_REQUIRED: dict[type[models.Model], tuple[str, ...]] = {
    Park: ("slug", "name_zh_hans", "region"),
    Parcel: ("number", "region", "area_m2"),
    Building: ("code", "region", "floor_area_m2"),
}
_KEY = {Park: "slug", Parcel: "number", Building: "code"}
_PERCENT = ("building_density_min", "building_density_max", "green_ratio_max")
_UTILITY_NUMBERS = ("power_kva", "substations", "water_t_day", "wastewater_t_day")
_UTILITY_FLAGS = ("gas", "steam")

Errors = dict[str, list[str]]


class _Problems:
    def __init__(self) -> None:
        self.errors: Errors = {}

    def add(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def __contains__(self, field: str) -> bool:
        return field in self.errors

    def raise_any(self) -> None:
        if self.errors:
            raise ValidationError(self.errors)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _decimal(value: Any, field: models.DecimalField[Any, Any]) -> Decimal:
    if isinstance(value, bool):
        raise ValueError
    number = Decimal(str(value).strip().replace(",", ""))
    if not number.is_finite():
        raise ValueError
    places = Decimal(1).scaleb(-(field.decimal_places or 0))
    number = number.quantize(places)
    if len(number.as_tuple().digits) > (field.max_digits or 0):
        raise OverflowError
    return number


def _clean_value(model: type[models.Model], name: str, value: Any, problems: _Problems) -> Any:
    """One field's value in its type, or a problem on the field (returns None then)."""
    field = model._meta.get_field(name)
    if isinstance(field, models.ForeignKey):
        return value  # resolved with the whole site (region, park)
    if isinstance(field, models.JSONField):
        return value  # checked with the whole site (outline, utilities, ...)
    if isinstance(field, models.BooleanField):
        if isinstance(value, str):
            text = value.strip().lower()
            if text in ("1", "true", "yes", "y", "是"):
                return True
            if text in ("", "0", "false", "no", "n", "否"):
                return False
            problems.add(name, _("Say yes or no."))
            return None
        return bool(value)
    if _blank(value):
        if isinstance(field, models.CharField | models.TextField) and not field.null:
            if field.choices:
                problems.add(name, _("Choose a value."))
                return None
            return ""
        return None
    if isinstance(field, models.DecimalField):
        try:
            number = _decimal(value, field)
        except (ValueError, InvalidOperation, TypeError):
            problems.add(name, _("Give a number."))
            return None
        except OverflowError:
            problems.add(name, _("The number is too large."))
            return None
        if number < 0:
            problems.add(name, _("The number cannot be negative."))
            return None
        return number
    if isinstance(field, models.PositiveSmallIntegerField):
        try:
            if isinstance(value, bool):
                raise ValueError
            number_value = Decimal(str(value).strip())
            if number_value != number_value.to_integral_value():
                raise ValueError
            whole = int(number_value)
        except (ValueError, InvalidOperation, TypeError):
            problems.add(name, _("Give a whole number."))
            return None
        if whole < 0:
            problems.add(name, _("The number cannot be negative."))
            return None
        if whole > 32767:
            problems.add(name, _("The number is too large."))
            return None
        return whole
    if isinstance(field, models.FloatField):
        try:
            if isinstance(value, bool):
                raise ValueError
            number_float = float(str(value).strip())
        except (ValueError, TypeError):
            problems.add(name, _("Give a number."))
            return None
        if not math.isfinite(number_float):
            problems.add(name, _("Give a number."))
            return None
        return number_float
    if isinstance(field, models.DateField):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value).strip()[:10])
        except ValueError:
            problems.add(name, _("Give a date as YYYY-MM-DD."))
            return None
    if isinstance(field, models.CharField | models.TextField):
        if not isinstance(value, str):
            value = str(value)
        text = value.strip()
        multiline = isinstance(field, models.TextField)
        problem = text_problem(text, multiline=multiline)
        if problem is not None:
            problems.add(name, problem)
            return None
        if field.max_length and len(text) > field.max_length:
            problems.add(
                name,
                _("At most %(count)d characters, please.") % {"count": field.max_length},
            )
            return None
        if field.choices:
            allowed = {str(key) for key, _label in field.flatchoices}
            if text not in allowed:
                problems.add(
                    name,
                    _("“%(value)s” is not one of: %(allowed)s.")
                    % {"value": text, "allowed": ", ".join(sorted(allowed))},
                )
                return None
        return text
    return value


def _region(value: Any, problems: _Problems) -> Region | None:
    if isinstance(value, Region):
        region: Region | None = value
    else:
        code = str(value).strip()
        region = Region.objects.filter(code=code).first() if code.isdigit() else None
        if region is None:
            problems.add("region", _("“%(code)s” is not a region code.") % {"code": code})
            return None
    assert region is not None
    if region.level != Region.Level.COUNTY:
        problems.add(
            "region",
            _("Choose a county-level division, not %(region)s.") % {"region": region.name},
        )
        return None
    return region


def _park(value: Any, problems: _Problems) -> Park | None:
    if isinstance(value, Park):
        return value
    text = str(value).strip()
    found = (
        Park.objects.filter(pk=int(text)).first()
        if text.isdigit()
        else Park.objects.filter(slug=text).first()
    )
    if found is None:
        problems.add("park", _("There is no park “%(park)s”.") % {"park": text})
    return found


def _centre(region: Region | None) -> geometry.Centre | None:
    if region is None or region.latitude is None or region.longitude is None:
        return None
    others: tuple[tuple[float, float], ...] = ()
    if region.level != Region.Level.PROVINCE:
        # A prefecture covers its counties: only counties elsewhere are other places.
        prefix = region.code[:4] if region.level == Region.Level.PREFECTURE else region.code
        others = tuple(
            (lat, lng) for code, lat, lng in _county_centres() if not code.startswith(prefix)
        )
    return geometry.Centre(lat=region.latitude, lng=region.longitude, others=others)


_centres: tuple[float, list[tuple[str, float, float]]] | None = None
CENTRES_SECONDS = 300.0


def _county_centres() -> list[tuple[str, float, float]]:
    """Every county-level region's centre (about 120 in a province), read again after
    ``CENTRES_SECONDS``: regions are reference data, and an import checks thousands of
    points."""
    global _centres
    now = time.monotonic()
    if _centres is None or now - _centres[0] > CENTRES_SECONDS:
        _centres = (now, _county_centres_read())
    return _centres[1]


def _county_centres_read() -> list[tuple[str, float, float]]:
    rows = Region.objects.filter(
        level="county", latitude__isnull=False, longitude__isnull=False
    ).values_list("code", "latitude", "longitude")
    return [(code, lat, lng) for code, lat, lng in rows if lat is not None and lng is not None]


def _point_message(code: str, region: Region | None) -> str:
    if code == "outside-china":
        return _("The point is outside China.")
    if code == "outside-county":
        return _("The point is outside %(county)s.") % {
            "county": region.name if region else _("the county")
        }
    return _("These are not coordinates on Earth.")


_OUTLINE_MESSAGES: dict[str, Callable[[], str]] = {
    "not-polygon": lambda: _("Give a GeoJSON Polygon: rings of [longitude, latitude] pairs."),
    "too-few-points": lambda: _("A ring of the outline needs at least four points."),
    "not-closed": lambda: _("Each ring of the outline must end where it starts."),
    "too-many-points": lambda: _("The outline has too many corners (at most 2,000)."),
    "no-area": lambda: _("The outline has no area."),
}


def _outline(
    value: Any, region: Region | None, system: str, problems: _Problems
) -> geometry.Outline | None:
    if system != coords.CoordSystem.WGS84 and isinstance(value, dict):
        value = _outline_to_wgs84(value, system)
    try:
        return geometry.outline_check(value, _centre(region))
    except geometry.OutlineProblem as problem:
        if problem.code == "self-crossing":
            message = _("The outline crosses itself (%(where)s).") % {"where": problem.detail}
        elif problem.code in _OUTLINE_MESSAGES:
            message = _OUTLINE_MESSAGES[problem.code]()
        else:
            message = f"{_point_message(problem.code, region)} ({problem.detail})"
        problems.add("outline", message)
        return None


def _outline_to_wgs84(value: dict[str, Any], system: str) -> dict[str, Any]:
    geometry_value = value.get("geometry") if value.get("type") == "Feature" else value
    if not isinstance(geometry_value, dict):
        return value
    rings = geometry_value.get("coordinates")
    if not isinstance(rings, list):
        return value
    converted: list[Any] = []
    for ring in rings:
        if not isinstance(ring, list):
            return value
        out = []
        for pair in ring:
            if (
                isinstance(pair, list | tuple)
                and len(pair) >= 2
                and all(isinstance(n, int | float) and not isinstance(n, bool) for n in pair[:2])
            ):
                try:
                    lat, lng = coords.to_wgs84(float(pair[1]), float(pair[0]), system)
                except (OverflowError, ValueError):
                    return value
                out.append([lng, lat])
            else:
                out.append(pair)
        converted.append(out)
    return {"type": geometry_value.get("type"), "coordinates": converted}


def industries_clean(value: Any) -> list[str]:
    """GB/T 4754 ranges as the rules write them (``C13..C43``; ``C13-C43`` is read too).
    Raises ValueError with the reason."""
    if _blank(value):
        return []
    items = (
        value.replace("，", ",").replace(";", ",").split(",") if isinstance(value, str) else value
    )
    if not isinstance(items, list | tuple):
        raise ValueError(_("Give a list of industry codes or ranges, such as C13..C43."))
    ranges = []
    for item in items:
        if not isinstance(item, str):
            raise ValueError(_("Give a list of industry codes or ranges, such as C13..C43."))
        text = item.strip().upper()
        if not text:
            continue
        if ".." not in text and text.count("-") == 1:
            text = text.replace("-", "..")
        try:
            ranges.append(str(IndustryRange.parse(text)))
        except ValueError:
            raise ValueError(
                _("“%(code)s” is not an industry code or range (such as C13..C43).")
                % {"code": item.strip()}
            ) from None
    return sorted(set(ranges), key=ranges.index)


def _utilities(value: Any, problems: _Problems) -> dict[str, Any]:
    if _blank(value) or value == {}:
        return {}
    if not isinstance(value, dict):
        problems.add("utilities", _("Give the utilities as an object."))
        return {}
    clean: dict[str, Any] = {}
    for key, item in value.items():
        if key in _UTILITY_NUMBERS:
            if _blank(item):
                continue
            if isinstance(item, bool) or not isinstance(item, int | float | str | Decimal):
                problems.add("utilities", _("%(key)s: give a number.") % {"key": key})
                continue
            try:
                number = float(str(item))
            except ValueError:
                problems.add("utilities", _("%(key)s: give a number.") % {"key": key})
                continue
            if not math.isfinite(number) or number < 0:
                problems.add("utilities", _("%(key)s: give a number of 0 or more.") % {"key": key})
                continue
            clean[key] = int(number) if number == int(number) else number
        elif key in _UTILITY_FLAGS:
            if not isinstance(item, bool):
                problems.add("utilities", _("%(key)s: say true or false.") % {"key": key})
                continue
            clean[key] = item
        else:
            problems.add("utilities", _("“%(key)s” is not a utility we keep.") % {"key": key})
    return clean


def _distances(value: Any, problems: _Problems) -> list[dict[str, Any]]:
    if _blank(value) or value == []:
        return []
    if not isinstance(value, list):
        problems.add("distances", _("Give the distances as a list."))
        return []
    clean = []
    for item in value:
        if not isinstance(item, dict) or not isinstance(item.get("place"), str):
            problems.add("distances", _("Each distance needs a place, km and minutes."))
            continue
        place = item["place"].strip()
        problem = text_problem(place)
        if not place or problem or len(place) > 100:
            problems.add("distances", problem or _("Each distance needs a place, km and minutes."))
            continue
        entry: dict[str, Any] = {"place": place}
        for key in ("km", "minutes"):
            number = item.get(key)
            if number is None:
                continue
            if (
                isinstance(number, bool)
                or not isinstance(number, int | float)
                or not 0 <= number <= 1e9
            ):
                problems.add(
                    "distances",
                    _("%(place)s: %(key)s must be 0 or more.") % {"place": place, "key": key},
                )
                continue
            entry[key] = number
        clean.append(entry)
    return clean


def _put(target: models.Model, name: str, value: Any) -> None:
    """Set a field the model may not have by that name for the type checker (the fields
    allowed for each model are the model's own)."""
    setattr(target, name, value)


def _get(target: models.Model, name: str) -> Any:
    return getattr(target, name)


def _apply(
    model: type[M], target: M, values: Mapping[str, Any], allowed: tuple[str, ...], creating: bool
) -> tuple[_Problems, set[str]]:
    """Set the given fields on ``target``, converted and checked; the problems found."""
    problems = _Problems()
    given = {name for name in values if name in allowed}
    system = str(values.get("coords_system") or coords.CoordSystem.WGS84).strip().lower()
    if system not in coords.CoordSystem.__members__.values():
        problems.add(
            "coords_system",
            _("“%(value)s” is not one of: wgs84, gcj02, bd09.") % {"value": system},
        )
        system = coords.CoordSystem.WGS84
    if model is Parcel and "area_mu" in values and not _blank(values["area_mu"]):
        mu_problems = _Problems()
        mu = _clean_value(Parcel, "area_m2", values["area_mu"], mu_problems)
        if mu is None:
            for message in mu_problems.errors.get("area_m2", [_("Give a number.")]):
                problems.add("area_mu", message)
        elif mu <= 0:
            problems.add("area_mu", _("The area must be more than zero."))
        else:
            from_mu = (mu * MU_M2).quantize(Decimal("0.01"))
            if "area_m2" in given and not _blank(values["area_m2"]):
                m2 = _clean_value(Parcel, "area_m2", values["area_m2"], _Problems())
                if m2 is not None and abs(m2 - from_mu) > max(Decimal(1), from_mu / 1000):
                    problems.add(
                        "area_mu",
                        _("%(mu)s mu is not %(m2)s m²; give one of the two.")
                        % {"mu": mu, "m2": m2},
                    )
            else:
                values = {**values, "area_m2": from_mu}
                given.add("area_m2")
    for name in sorted(given):
        raw = values[name]
        if name == "region":
            if _blank(raw):
                problems.add("region", _("Choose the county."))
                continue
            region = _region(raw, problems)
            if region is not None:
                target.region = region
            continue
        if name == "park":
            park = None if _blank(raw) else _park(raw, problems)
            if "park" not in problems:
                _put(target, "park", park)
            continue
        if name == "utilities":
            _put(target, "utilities", _utilities(raw, problems))
            continue
        if name == "distances":
            _put(target, "distances", _distances(raw, problems))
            continue
        if name == "industries_allowed":
            try:
                _put(target, "industries_allowed", industries_clean(raw))
            except ValueError as exc:
                problems.add(name, str(exc))
            continue
        if name == "outline":
            continue  # with the region, below
        if name == "contact_email" and isinstance(raw, str) and raw.strip():
            try:
                EmailValidator()(raw.strip())
            except ValidationError:
                problems.add(name, _("Give an email address."))
                continue
        if name == "slug" and isinstance(raw, str) and raw.strip():
            try:
                validate_slug(raw.strip())
            except ValidationError:
                problems.add(name, _("Use letters, digits, hyphens and underscores only."))
                continue
        cleaned = _clean_value(model, name, raw, problems)
        if name not in problems:
            setattr(target, name, cleaned)
    if problems.errors.get("region"):
        return problems, given
    if creating and "region" not in given and getattr(target, "park", None) is not None:
        target.region = _get(target, "park").region
        given.add("region")
    _check_position(model, target, values, given, system, problems)
    return problems, given


def _check_position(
    model: type[M],
    target: M,
    values: Mapping[str, Any],
    given: set[str],
    system: str,
    problems: _Problems,
) -> None:
    region = target.region if target.region_id else None
    if "lat" in given or "lng" in given:
        lat, lng = target.lat, target.lng
        if (lat is None) != (lng is None):
            problems.add(
                "lng" if lat is not None else "lat", _("Give both latitude and longitude.")
            )
        elif (
            lat is not None and lng is not None and "lat" not in problems and "lng" not in problems
        ):
            if system != coords.CoordSystem.WGS84:
                lat, lng = coords.to_wgs84(lat, lng, system)
                target.lat, target.lng = lat, lng
            code = geometry.point_problem(lat, lng, _centre(region))
            if code is not None:
                problems.add("lat", _point_message(code, region))
    elif "region" in given and target.lat is not None and target.lng is not None:
        code = geometry.point_problem(target.lat, target.lng, _centre(region))
        if code is not None:
            problems.add("region", _point_message(code, region))
    if model is Building:
        return
    if "outline" in given:
        raw = values["outline"]
        if _blank(raw) or raw == {}:
            _put(target, "outline", None)
        else:
            outline = _outline(raw, region, system, problems)
            if outline is not None:
                _put(target, "outline", outline.geometry)
                if target.lat is None and target.lng is None:
                    target.lat, target.lng = outline.centre.lat, outline.centre.lng
    elif "region" in given and getattr(target, "outline", None):
        try:
            geometry.outline_check(_get(target, "outline"), _centre(region))
        except geometry.OutlineProblem:
            problems.add("region", _("The outline lies outside this county."))


def _check_whole(target: Site, problems: _Problems, creating: bool) -> None:
    """Rules across fields, on the site as it would be saved."""
    for name in _REQUIRED[type(target)]:
        value = getattr(target, f"{name}_id" if name == "region" else name)
        if _blank(value) and name not in problems:
            if name == "area_m2" and "area_mu" in problems:
                continue  # given in mu, and refused there
            problems.add(name, _("This field is required."))
    if isinstance(target, Parcel):
        if target.area_m2 is not None and target.area_m2 <= 0 and "area_m2" not in problems:
            problems.add("area_m2", _("The area must be more than zero."))
        if (
            target.plot_ratio_min is not None
            and target.plot_ratio_max is not None
            and target.plot_ratio_min > target.plot_ratio_max
        ):
            problems.add("plot_ratio_max", _("The maximum is below the minimum."))
        if (
            target.building_density_min is not None
            and target.building_density_max is not None
            and target.building_density_min > target.building_density_max
        ):
            problems.add("building_density_max", _("The maximum is below the minimum."))
        for name in _PERCENT:
            value = getattr(target, name)
            if value is not None and value > 100 and name not in problems:
                problems.add(name, _("A percentage is at most 100."))
    if isinstance(target, Building):
        if (
            target.floor_area_m2 is not None
            and target.floor_area_m2 <= 0
            and "floor_area_m2" not in problems
        ):
            problems.add("floor_area_m2", _("The area must be more than zero."))
        if target.floors is not None and target.floors < 1 and "floors" not in problems:
            problems.add("floors", _("A building has at least one floor."))
        if (
            target.smallest_unit_m2 is not None
            and target.floor_area_m2 is not None
            and target.smallest_unit_m2 > target.floor_area_m2
        ):
            problems.add("smallest_unit_m2", _("The smallest unit is larger than the building."))
        if target.smallest_unit_m2 is not None and target.smallest_unit_m2 <= 0:
            problems.add("smallest_unit_m2", _("The area must be more than zero."))
    if isinstance(target, Park) and not target.name_zh_hans and "name_zh_hans" not in problems:
        problems.add("name_zh_hans", _("This field is required."))
    key = _KEY[type(target)]
    value = getattr(target, key)
    if value and key not in problems:
        clash = type(target)._default_manager.filter(**{key: value})
        if target.pk:
            clash = clash.exclude(pk=target.pk)
        if clash.exists():
            problems.add(key, _("“%(value)s” is taken already.") % {"value": value})


class Outcome(StrEnum):
    """What an upsert did (or, checking only, would do) to a site."""

    CREATED = "created"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


def _save(
    model: type[M],
    *,
    actor: User | None,
    instance: M | None,
    values: Mapping[str, Any],
    allowed: tuple[str, ...],
    keep_unchanged: bool = False,
    dry_run: bool = False,
) -> tuple[M, Outcome]:
    """Check ``values`` on the site (a new one when ``instance`` is None) and save it.

    With ``keep_unchanged``, a site the values would leave as it is is not written (no
    ``updated_at``, no audit event); with ``dry_run`` nothing is written at all, and the
    outcome says what would have been."""
    creating = instance is None
    with transaction.atomic():
        if instance is None:
            target = model()
            before: dict[str, Any] = {}
            old_status = ""
        else:
            target = model._default_manager.select_for_update().get(pk=instance.pk)
            before = snapshot(target)
            old_status = getattr(target, "status", "")
        problems, _given = _apply(model, target, values, allowed, creating)
        _check_whole(target, problems, creating)
        problems.raise_any()
        if creating:
            outcome = Outcome.CREATED
        elif keep_unchanged and snapshot(target) == before:
            return target, Outcome.UNCHANGED
        else:
            outcome = Outcome.CHANGED
        if dry_run:
            return target, outcome
        now = timezone.now()
        target.updated_at = now
        if creating:
            target.created_at = now
        target.save()
        if creating:
            audit_create(actor=actor, instance=target)
        else:
            audit_update(actor=actor, instance=target, before=before)
        new_status = getattr(target, "status", "")
        if isinstance(target, Parcel | Building) and new_status != old_status:
            _history(target, old_status, new_status, actor, str(values.get("status_note") or ""))
    return target, outcome


def _history(site: Parcel | Building, old: str, new: str, actor: User | None, note: str) -> None:
    change = StatusChange.objects.create(
        parcel=site if isinstance(site, Parcel) else None,
        building=site if isinstance(site, Building) else None,
        from_status=old,
        to_status=new,
        actor=actor,
        note=note.strip(),
    )
    audit_create(actor=actor, instance=change)


def park_save(*, actor: User | None, values: Mapping[str, Any], park: Park | None = None) -> Park:
    """Create a park (``park`` None) or change the fields given in ``values``."""
    return _save(Park, actor=actor, instance=park, values=values, allowed=PARK_FIELDS)[0]


def parcel_save(
    *, actor: User | None, values: Mapping[str, Any], parcel: Parcel | None = None
) -> Parcel:
    """Create a parcel or change the fields given. A change of status is kept in the
    history (with ``values["status_note"]``)."""
    return _save(Parcel, actor=actor, instance=parcel, values=values, allowed=PARCEL_FIELDS)[0]


def building_save(
    *, actor: User | None, values: Mapping[str, Any], building: Building | None = None
) -> Building:
    """Create a building or change the fields given; status changes as for parcels."""
    return _save(Building, actor=actor, instance=building, values=values, allowed=BUILDING_FIELDS)[
        0
    ]


_ALLOWED: dict[type[models.Model], tuple[str, ...]] = {
    Park: PARK_FIELDS,
    Parcel: PARCEL_FIELDS,
    Building: BUILDING_FIELDS,
}


def site_upsert(
    model: type[M],
    *,
    actor: User | None,
    values: Mapping[str, Any],
    dry_run: bool = False,
    known: Mapping[str, M] | None = None,
) -> tuple[M, Outcome]:
    """Create or change the park, parcel or building that ``values`` names by its key
    (slug, number, code), checked exactly as ``park_save`` and the others check it. A site
    the values leave as it is is not written and gets no audit event (an import run twice
    changes nothing); ``dry_run`` checks and says what would happen, writing nothing.
    ``known`` holds the sites a caller looked up by key already (a key not in it is taken
    for new, and checked as such). Raises ValidationError by field, as the others."""
    key = _KEY[model]
    raw = values.get(key)
    existing = None
    if isinstance(raw, str) and raw.strip():
        if known is not None:
            existing = known.get(raw.strip())
        else:
            existing = model._default_manager.filter(**{key: raw.strip()}).first()
    return _save(
        model,
        actor=actor,
        instance=existing,
        values=values,
        allowed=_ALLOWED[model],
        keep_unchanged=True,
        dry_run=dry_run,
    )


def site_status_change(
    *, actor: User | None, site: Parcel | Building, status: str, note: str = ""
) -> Parcel | Building:
    """Move a parcel or building to ``status``, with a note, kept in its history."""
    problems = _Problems()
    if status not in SiteStatus.values:
        problems.add("status", _("“%(value)s” is not a status.") % {"value": status})
    problem = text_problem(note or "", multiline=True)
    if problem:
        problems.add("note", problem)
    problems.raise_any()
    with transaction.atomic():
        current = type(site)._default_manager.select_for_update().get(pk=site.pk)
        if current.status == status:
            raise ValidationError({"status": [_("The site has this status already.")]})
        before = snapshot(current)
        old = current.status
        current.status = status
        current.updated_at = timezone.now()
        current.save(update_fields=["status", "updated_at"])
        audit_update(actor=actor, instance=current, before=before)
        _history(current, old, status, actor, note or "")
    return current


def _owner_fields(site: Site) -> dict[str, Any]:
    return {
        "park": site if isinstance(site, Park) else None,
        "parcel": site if isinstance(site, Parcel) else None,
        "building": site if isinstance(site, Building) else None,
    }


def site_photo_add(
    *, actor: User | None, site: Site, upload: UploadedFile, caption: str = ""
) -> SitePhoto:
    """A photo of the site, through the posts' image pipeline (content checked, re-encoded
    without metadata, at most 1600 px wide). Raises ValidationError on ``image``."""
    caption = (caption or "").strip()
    problem = text_problem(caption)
    if problem or len(caption) > 200:
        raise ValidationError({"caption": [problem or _("At most 200 characters, please.")]})
    image = image_reencode(upload)
    with transaction.atomic():
        position = SitePhoto.objects.filter(**{type(site).__name__.lower(): site}).count()
        photo = SitePhoto(
            **_owner_fields(site),
            caption=caption,
            position=position,
            width=image.width,
            height=image.height,
            uploaded_by=actor,
        )
        photo.image.save(f"photo.{image.extension}", ContentFile(image.data), save=False)
        photo.save()
        audit_create(actor=actor, instance=photo)
    return photo


def site_photo_remove(*, actor: User | None, photo: SitePhoto) -> None:
    with transaction.atomic():
        pk = photo.pk
        name = photo.image.name
        photo.delete()
        audit_delete(actor=actor, instance=photo, object_id=pk)
        storage = photo.image.storage
        transaction.on_commit(lambda: storage.delete(name))


def site_document_add(
    *,
    actor: User | None,
    site: Site,
    upload: IO[bytes],
    name: str,
    title: str,
    public: bool = False,
) -> SiteDocument:
    """A PDF about the site, kept as a private file (officers read it; the public too when
    ``public``). Anything but a PDF is refused on ``file``."""
    title = (title or "").strip()
    problem = text_problem(title)
    if not title or problem or len(title) > 200:
        raise ValidationError({"title": [problem or _("Give a title of at most 200 characters.")]})
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError({"file": [_("Only PDF documents can be added.")]})
    size = getattr(upload, "size", None)
    if size is not None and size > DOCUMENT_MAX_BYTES:
        raise ValidationError({"file": [_("The document is larger than 20 MB.")]})
    with transaction.atomic():
        stored = private_file_store(
            kind=DOCUMENT_KIND,
            name=name if name.lower().endswith(".pdf") else f"{name}.pdf",
            content=upload,
            owner=actor,
            readers_permission=DOCUMENT_READERS,
        )
        document = SiteDocument.objects.create(
            **_owner_fields(site), file=stored, title=title, public=public, uploaded_by=actor
        )
        audit_create(actor=actor, instance=document)
    return document


def site_document_remove(*, actor: User | None, document: SiteDocument) -> None:
    with transaction.atomic():
        pk = document.pk
        stored = document.file
        document.delete()
        audit_delete(actor=actor, instance=document, object_id=pk)
        private_file_delete(file=stored)
