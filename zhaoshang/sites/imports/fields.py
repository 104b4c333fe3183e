"""What each kind of site takes from a file, and how a column's header (or a GeoJSON
property's key) is recognised: the field's name, its label in English, Simplified and
Traditional Chinese (the model's own labels, through the catalogues, so the template's
headers and the accepted ones never drift apart), and a few names the lists centers receive
give it. Choice values (land use, status, kind of building) are recognised the same way.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from zhaoshang.registry.imports.headers import header_name
from zhaoshang.sites.models import Building, Parcel, Park
from zhaoshang.sites.services import BUILDING_FIELDS, PARCEL_FIELDS, PARK_FIELDS

KINDS = ("parcel", "building", "park")
MODELS: dict[str, type[Park] | type[Parcel] | type[Building]] = {
    "park": Park,
    "parcel": Parcel,
    "building": Building,
}
KEY = {"park": "slug", "parcel": "number", "building": "code"}
KIND_LABELS = {
    "parcel": _("Land parcels"),
    "building": _("Buildings"),
    "park": _("Parks"),
}
AREA_MU = "area_mu"
AREA_MU_LABEL = _("area (mu)")
# Fields kept as JSON: a table's cell holds them as JSON text.
JSON_FIELDS = frozenset({"outline", "utilities", "distances"})
# Put at the end of the template: long texts and the outline.
_LAST = (
    "description_zh_hans",
    "description_zh_hant",
    "description_en",
    "notes",
    "outline",
)
# Fields a file never sets: demonstration data is the demo loader's.
_NOT_IMPORTED = frozenset({"is_demo"})

# Other names these columns go by (compared as headers are: case, spaces and brackets aside).
ALIASES: dict[str, tuple[str, ...]] = {
    "number": ("parcel no", "parcel", "宗地编号", "地块号", "宗地号", "地块编码"),
    "code": ("building no", "building", "厂房编号", "楼栋编号", "建筑编号"),
    "slug": ("park code", "园区代码", "园区编码", "園區代碼"),
    "park": ("park name", "所属园区", "園區名稱", "园区名称", "所屬園區"),
    "region": (
        "county code",
        "region",
        "region code",
        "区县",
        "县区",
        "所在县区",
        "所属区县",
        "区划代码",
        "行政区划代码",
        "區縣",
        "縣區",
    ),
    "lat": ("lat", "y", "纬度wgs84"),
    "lng": ("lng", "lon", "long", "x", "经度wgs84"),
    "area_m2": ("area", "area m2", "面积", "用地面积", "土地面积", "面積"),
    AREA_MU: ("mu", "亩数", "面积亩", "用地面积亩", "畝數"),
    "land_use": ("用途", "土地用途", "用地类型"),
    "price_per_mu": ("price", "单价", "出让价格", "每亩价格"),
    "name_zh_hans": ("name", "名称", "园区名称简体"),
    "floor_area_m2": ("floor area", "建筑面积", "建築面積"),
}


def import_fields(kind: str) -> tuple[str, ...]:
    """The fields a file may give for ``kind``, in the template's order."""
    base = {"park": PARK_FIELDS, "parcel": PARCEL_FIELDS, "building": BUILDING_FIELDS}[kind]
    names = [name for name in base if name not in _NOT_IMPORTED]
    if kind == "parcel":
        names.insert(names.index("area_m2") + 1, AREA_MU)
    key = KEY[kind]
    last = [name for name in _LAST if name in names]
    first = [name for name in names if name != key and name not in last]
    return (key, *first, *last)


def _label(kind: str, name: str) -> str:
    if name == AREA_MU:
        return str(AREA_MU_LABEL)
    field = MODELS[kind]._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.verbose_name)


def field_label(kind: str, name: str) -> str:
    """The field's label in the active language, as the template heads its column."""
    return str(capfirst(_label(kind, name)))


@functools.cache
def _headers(kind: str) -> dict[str, str]:
    """Every recognised header of ``kind`` (folded) → its field. A label two fields share in
    some language (none today) would be left to neither rather than guessed."""
    found: dict[str, set[str]] = {}
    for name in import_fields(kind):
        texts = {name, *ALIASES.get(name, ())}
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                texts.add(_label(kind, name))
        for text in texts:
            found.setdefault(header_name(text), set()).add(name)
    return {header: names.pop() for header, names in found.items() if len(names) == 1}


def field_of(kind: str, header: str) -> str | None:
    """The field a column headed ``header`` (or a property of that key) is, or None."""
    return _headers(kind).get(header_name(header))


def kind_guess(headers: Iterable[str]) -> str | None:
    """The kind whose key field is among ``headers``, when exactly one kind's is."""
    folded = list(headers)
    kinds = [kind for kind in KINDS if any(field_of(kind, h) == KEY[kind] for h in folded)]
    return kinds[0] if len(kinds) == 1 else None


@functools.cache
def _choices(kind: str, name: str) -> dict[str, str]:
    field = MODELS[kind]._meta.get_field(name)
    assert isinstance(field, models.Field)
    found: dict[str, str] = {}
    for value, label in field.flatchoices:
        found[header_name(str(value))] = str(value)
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                found.setdefault(header_name(str(label)), str(value))
    return found


def choice_value(kind: str, name: str, text: str) -> str:
    """A choice given by its code or its label in any language, as its code; a land-use
    code a spreadsheet took for a number (601 for 0601) gets its zeros back. Anything else
    is returned as it is, for the service to refuse naming the choices."""
    choices = _choices(kind, name)
    found = choices.get(header_name(text))
    if found is not None:
        return found
    if text.isdigit():
        for width in (2, 4):
            padded = choices.get(text.zfill(width))
            if padded is not None:
                return padded
    return text


def has_choices(kind: str, name: str) -> bool:
    if name == AREA_MU:
        return False
    field = MODELS[kind]._meta.get_field(name)
    return isinstance(field, models.Field) and bool(field.choices)
