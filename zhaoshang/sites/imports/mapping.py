"""The map stage: each record's raw values as the values the services take.

- Headers and property keys are recognised by ``fields`` (name, label in three languages,
  aliases); a table whose header row names one field twice, or lacks the key column, is
  refused as a whole. Headers not recognised are listed as not used.
- A blank cell (or a null property) gives nothing: the site keeps what it has.
- Parks are named by slug or by name in any language, counties by code or by name; a name
  that finds none, or more than one, is a problem on the field. Choices (land use, status,
  kind) are taken by code or by label in any language.
- A GeoJSON feature's geometry: a Polygon (or a MultiPolygon of one part) is the outline and
  the centre is derived from it; a Point is the centre.
- A key (parcel number, building code, park slug) on more than one record refuses every
  record carrying it, each naming the others' places.

Nothing here checks a value: that is the services' work, for forms and files alike.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from zhaoshang.core.scripts import traditional
from zhaoshang.registry.imports.headers import header_name
from zhaoshang.registry.models import Region
from zhaoshang.sites.imports.fields import (
    JSON_FIELDS,
    KEY,
    choice_value,
    field_label,
    field_of,
    has_choices,
)
from zhaoshang.sites.imports.read import SiteFile, SiteFileError
from zhaoshang.sites.imports.report import Problem
from zhaoshang.sites.models import Park

GEOMETRY = "geometry"
_POSITION = ("outline", "lat", "lng")
_SHOWN_VALUE = 100  # characters of a value a problem shows


@dataclass
class MappedRecord:
    place: int
    values: dict[str, Any]
    # field → (how the file names it, the raw value as text), for the report
    sources: dict[str, tuple[str, str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, name: str, reason: str, kind: str) -> Problem:
        column, value = self.sources.get(name, ("", ""))
        if not column and name:
            column = field_label(kind, name) if name not in ("coords_system",) else name
        return Problem(self.place, name, column, value[:_SHOWN_VALUE], reason)


@dataclass
class Mapped:
    kind: str
    unit: str
    records: list[MappedRecord]
    ignored: list[str]


class References:
    """The parks and counties rows name, looked up once per import."""

    def __init__(self) -> None:
        self._regions: dict[str, Region] = {}
        self._region_names: dict[str, list[Region]] = defaultdict(list)
        for region in Region.objects.all():
            self._regions[region.code] = region
            names = {region.name_zh, region.name_en, traditional(region.name_zh)}
            names |= {_short(name) for name in names}
            for name in names - {""}:
                self._region_names[header_name(name)].append(region)
        self._parks: dict[str, Park] = {}
        self._park_names: dict[str, list[Park]] = defaultdict(list)
        for park in Park.objects.select_related("region"):
            self._parks[park.slug] = park
            names = {
                park.name_en,
                park.name_zh_hans,
                park.name_zh_hant,
                traditional(park.name_zh_hans),
            }
            for name in names - {""}:
                self._park_names[header_name(name)].append(park)

    def region(self, text: str) -> Region | str:
        """The county ``text`` names by code or name, or why none is found."""
        if text.isdigit():
            found = self._regions.get(text)
            return found or _("“%(code)s” is not a region code.") % {"code": text}
        named = self._region_names.get(header_name(text), [])
        if len(named) == 1:
            return named[0]
        if named:
            return _("“%(name)s” names more than one region (%(codes)s): give the code.") % {
                "name": text,
                "codes": ", ".join(r.code for r in named),
            }
        return _("There is no county “%(name)s”: give its code or its name.") % {"name": text}

    def park(self, text: str) -> Park | str:
        """The park ``text`` names by slug or name, or why none is found."""
        found = self._parks.get(text)
        if found is not None:
            return found
        named = self._park_names.get(header_name(text), [])
        if len(named) == 1:
            return named[0]
        if named:
            return _("“%(name)s” names more than one park (%(slugs)s): give the slug.") % {
                "name": text,
                "slugs": ", ".join(p.slug for p in named),
            }
        return _("There is no park “%(park)s”.") % {"park": text}


_SUFFIXES_ZH = ("市", "区", "县", "區", "縣")
_SUFFIXES_EN = (" City", " District", " County", " Province")


def _short(name: str) -> str:
    """A region's name without its level (四会 for 四会市, Sihui for Sihui City)."""
    for suffix in _SUFFIXES_EN:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    if len(name) > 2 and name.endswith(_SUFFIXES_ZH):
        return name[:-1]
    return name


def columns_of(site_file: SiteFile, kind: str) -> tuple[dict[str, str], list[str]]:
    """Header → field for the headers recognised, and the headers not used. A table that
    names a field twice, or lacks the key column, raises SiteFileError."""
    columns: dict[str, str] = {}
    ignored: list[str] = []
    by_field: dict[str, str] = {}
    for header in site_file.headers:
        name = field_of(kind, header)
        if name is None:
            ignored.append(header)
            continue
        if site_file.format != "geojson" and name in by_field:
            raise SiteFileError(
                "duplicate_column",
                first=by_field[name],
                second=header,
                field=field_label(kind, name),
            )
        by_field.setdefault(name, header)
        columns[header] = name
    if site_file.format != "geojson" and KEY[kind] not in by_field:
        raise SiteFileError("missing_key", field=field_label(kind, KEY[kind]))
    return columns, ignored


def map_records(
    site_file: SiteFile, kind: str, coords: str, references: References | None = None
) -> Mapped:
    """Every record as service values, with the problems found on the way."""
    columns, ignored = columns_of(site_file, kind)
    references = references or References()
    records = []
    for record in site_file.records:
        mapped = MappedRecord(place=record.place, values={"coords_system": coords})
        if record.undecodable:
            mapped.problems.append(
                Problem(
                    record.place,
                    "",
                    "",
                    "",
                    _("This line is not text in %(encoding)s.") % {"encoding": record.undecodable},
                )
            )
        for header, raw in record.values.items():
            name = columns.get(header)
            if name is None or raw is None or (isinstance(raw, str) and not raw.strip()):
                continue
            if record.geometry is not None and name in _POSITION:
                continue  # the geometry places a feature
            text = raw.strip() if isinstance(raw, str) else json.dumps(raw, ensure_ascii=False)
            mapped.sources[name] = (header, text)
            _put(mapped, kind, name, raw, references)
        if record.geometry is not None:
            _place(mapped, kind, record.geometry)
        elif "outline" in mapped.values and not {"lat", "lng"} & mapped.values.keys():
            mapped.values.update(lat="", lng="")  # the centre is the outline's
        records.append(mapped)
    _refuse_repeated_keys(records, kind, site_file.unit)
    return Mapped(kind=kind, unit=site_file.unit, records=records, ignored=ignored)


def _put(mapped: MappedRecord, kind: str, name: str, raw: Any, references: References) -> None:
    if name in JSON_FIELDS and isinstance(raw, str):
        try:
            mapped.values[name] = json.loads(raw)
        except (ValueError, RecursionError):
            mapped.problems.append(mapped.problem(name, _("This is not JSON."), kind))
        return
    if not isinstance(raw, str):
        if name in ("region", "park", KEY[kind]) or has_choices(kind, name):
            raw = str(raw)  # a code or a key written as a number
        else:
            mapped.values[name] = raw
            return
    text = raw.strip()
    if name == "region":
        found: Any = references.region(text)
    elif name == "park":
        found = references.park(text)
    elif has_choices(kind, name):
        found = choice_value(kind, name, text)
    else:
        mapped.values[name] = text
        return
    if isinstance(found, str) and name in ("region", "park"):
        mapped.problems.append(mapped.problem(name, found, kind))
    else:
        mapped.values[name] = found


def _place(mapped: MappedRecord, kind: str, geometry: dict[str, Any]) -> None:
    """A feature's geometry as the outline (its centre derived) or as the point."""
    shape = geometry.get("type")
    parts = geometry.get("coordinates")
    label = _("geometry")  # the feature's member, as the problems name it
    mapped.sources[GEOMETRY] = (label, str(shape)[:40])
    if shape == "MultiPolygon" and isinstance(parts, list) and len(parts) == 1:
        shape, parts = "Polygon", parts[0]  # GIS tools write a single polygon this way
    if shape == "Point":
        if (
            isinstance(parts, list)
            and len(parts) >= 2
            and all(isinstance(n, int | float) and not isinstance(n, bool) for n in parts[:2])
        ):
            mapped.values.update(lng=parts[0], lat=parts[1])
            for name in ("lat", "lng"):
                mapped.sources[name] = (label, json.dumps(parts[:2]))
        else:
            mapped.problems.append(
                mapped.problem(GEOMETRY, _("Give a Point as [longitude, latitude]."), kind)
            )
        return
    if shape == "Polygon":
        if kind == "building":
            mapped.problems.append(
                mapped.problem(
                    GEOMETRY, _("A building is placed by a Point, not by an outline."), kind
                )
            )
            return
        mapped.values.update(outline={"type": "Polygon", "coordinates": parts}, lat="", lng="")
        for name in _POSITION:
            mapped.sources[name] = (label, "Polygon")
        return
    if shape == "MultiPolygon" and isinstance(parts, list):
        reason = _("A site is one polygon; this MultiPolygon has %(count)d parts.") % {
            "count": len(parts)
        }
    else:
        reason = _("A %(type)s geometry cannot place a site: give a Polygon or a Point.") % {
            "type": str(shape)[:40]
        }
    mapped.problems.append(mapped.problem(GEOMETRY, reason, kind))


def _refuse_repeated_keys(records: list[MappedRecord], kind: str, unit: str) -> None:
    key = KEY[kind]
    places: dict[str, list[MappedRecord]] = defaultdict(list)
    for record in records:
        value = record.values.get(key)
        if isinstance(value, str) and value:
            places[value].append(record)
    for value, repeated in places.items():
        if len(repeated) < 2:
            continue
        where = ", ".join(str(r.place) for r in repeated)
        if unit == "feature":
            reason = _("“%(value)s” is given by features %(places)s; each of them is refused.")
        else:
            reason = _("“%(value)s” is given on lines %(places)s; each of them is refused.")
        for record in repeated:
            record.problems.append(
                record.problem(key, reason % {"value": value, "places": where}, kind)
            )
