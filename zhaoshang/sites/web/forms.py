"""Forms of the officers' inventory pages. They parse and offer choices; the services check
the rules (position, outline, areas, prices) and their errors come back on the fields."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from zhaoshang.leads.web.forms import county_choices, region_filter_choices
from zhaoshang.sites import selectors
from zhaoshang.sites.models import Building, Parcel, Park, SiteStatus
from zhaoshang.sites.services import BUILDING_FIELDS, PARCEL_FIELDS, PARK_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
COORD_CHOICES = [
    ("wgs84", _("WGS 84 (GPS, Tianditu, OpenStreetMap)")),
    ("gcj02", _("GCJ-02 (AMap, Tencent)")),
    ("bd09", _("BD-09 (Baidu)")),
]
KIND_CHOICES = [
    ("", _("Everything")),
    ("parcel", _("Land parcels")),
    ("building", _("Buildings")),
    *Building.Kind.choices,
]
# Edited as text on the forms: JSON (the outline), lists (industries, distances).
_AS_TEXT = {"outline", "industries_allowed", "utilities", "distances"}


class SiteFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=KIND_CHOICES, required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    area_min = forms.DecimalField(label=_("Area from (m²)"), required=False, min_value=0)
    area_max = forms.DecimalField(label=_("Area up to (m²)"), required=False, min_value=0)
    power_min = forms.DecimalField(label=_("Power from (kVA)"), required=False, min_value=0)
    price_max = forms.DecimalField(
        label=_("Price up to (yuan per mu; rent per m²)"), required=False, min_value=0
    )
    available_by = forms.DateField(label=_("Available by"), required=False, widget=DATE)
    industry = forms.CharField(label=_("Industry allowed (e.g. C3811)"), required=False)
    status = forms.MultipleChoiceField(
        label=_("Status"), choices=SiteStatus.choices, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", _("Any")), *region_filter_choices()]  # type: ignore[attr-defined]

    def to_filter(self) -> selectors.SiteFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.SiteFilter(
            kind=data.get("kind") or "",
            region=data.get("region") or "",
            area_min=data.get("area_min"),
            area_max=data.get("area_max"),
            power_min=data.get("power_min"),
            price_max=data.get("price_max"),
            available_by=data.get("available_by"),
            industry=data.get("industry") or "",
            statuses=tuple(data.get("status") or ()) or tuple(SiteStatus.values),
        )


class _SiteForm(forms.Form):
    """Fields from the model (labels, limits, choices), county as a choice, JSON as text."""

    model: type[Park] | type[Parcel] | type[Building]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "region" in self.fields:
            self.fields["region"] = forms.ChoiceField(
                label=_("County"), choices=[("", "—"), *county_choices()]
            )
        for name in ("available_on",):
            if name in self.fields:
                self.fields[name].widget = DATE
        for name in ("description_en", "description_zh_hans", "description_zh_hant", "notes"):
            if name in self.fields:
                self.fields[name].widget = forms.Textarea(attrs={"rows": 3})

    def values(self) -> dict[str, Any]:
        """The cleaned values as the service takes them."""
        values = dict(self.cleaned_data)
        for name in _AS_TEXT & values.keys():
            text = (values[name] or "").strip()
            if name == "outline":
                values[name] = json.loads(text) if text else None
            elif name == "industries_allowed":
                values[name] = text
            elif name == "utilities":
                values[name] = json.loads(text) if text else {}
            elif name == "distances":
                values[name] = _distances_parse(text)
        return values

    def clean_outline(self) -> str:
        text = (self.cleaned_data.get("outline") or "").strip()
        if text:
            try:
                json.loads(text)
            except ValueError:
                raise forms.ValidationError(_("This is not GeoJSON.")) from None
        return text

    def clean_utilities(self) -> str:
        text = (self.cleaned_data.get("utilities") or "").strip()
        if text:
            try:
                json.loads(text)
            except ValueError:
                raise forms.ValidationError(_("This is not JSON.")) from None
        return text


def _distances_parse(text: str) -> list[dict[str, Any]]:
    """One line a place: ``place; km; minutes``."""
    found: list[dict[str, Any]] = []
    for line in text.splitlines():
        parts = [p.strip() for p in line.replace("；", ";").split(";")]
        if not parts[0]:
            continue
        entry: dict[str, Any] = {"place": parts[0]}
        for key, part in zip(("km", "minutes"), parts[1:3], strict=False):
            try:
                entry[key] = float(part) if part else None
            except ValueError:
                entry[key] = part
            if entry[key] is None:
                del entry[key]
        found.append(entry)
    return found


def _text_fields(names: tuple[str, ...]) -> dict[str, forms.Field]:
    labels = {
        "outline": _("Outline (GeoJSON Polygon)"),
        "industries_allowed": _("Industries allowed (GB/T 4754, e.g. C13..C43, C38)"),
        "utilities": _("Utilities (JSON: power_kva, substations, water_t_day, gas, steam, …)"),
        "distances": _("Distances (one a line: place; km; minutes)"),
    }
    return {
        name: forms.CharField(
            label=labels[name], required=False, widget=forms.Textarea(attrs={"rows": 3})
        )
        for name in names
        if name in _AS_TEXT
    }


def _form(model: type[Park] | type[Parcel] | type[Building], names: tuple[str, ...]) -> Any:
    plain = [n for n in names if n not in _AS_TEXT and n not in ("status",)]
    fields: dict[str, Any] = dict(fields_for_model(model, fields=plain))
    for field in fields.values():
        field.required = False
    fields.update(_text_fields(names))
    fields["coords_system"] = forms.ChoiceField(
        label=_("Coordinates given in"), choices=COORD_CHOICES, initial="wgs84"
    )
    if model is Parcel:
        fields["area_mu"] = forms.DecimalField(
            label=_("area (mu)"), required=False, min_value=0, decimal_places=4
        )
    if model is not Park:
        fields["status"] = forms.ChoiceField(label=_("Status"), choices=SiteStatus.choices)
        fields["status_note"] = forms.CharField(
            label=_("Note on the status"), required=False, max_length=500
        )
    fields["model"] = model
    return type(f"{model.__name__}Form", (_SiteForm,), fields)


ParkForm = _form(Park, PARK_FIELDS)
ParcelForm = _form(Parcel, PARCEL_FIELDS)
BuildingForm = _form(Building, BUILDING_FIELDS)
FORMS = {"park": ParkForm, "parcel": ParcelForm, "building": BuildingForm}


def initial_of(site: Park | Parcel | Building) -> dict[str, Any]:
    """A site's values as the form shows them."""
    names = {"park": PARK_FIELDS, "parcel": PARCEL_FIELDS, "building": BUILDING_FIELDS}[
        type(site).__name__.lower()
    ]
    initial: dict[str, Any] = {}
    for name in names:
        value = getattr(site, f"{name}_id" if name in ("region", "park") else name)
        if name in ("outline", "utilities") and value:
            value = json.dumps(value, ensure_ascii=False)
        elif name == "industries_allowed":
            value = ", ".join(value or [])
        elif name == "distances":
            value = "\n".join(
                "; ".join(str(d.get(k, "")) for k in ("place", "km", "minutes"))
                for d in value or []
            )
        initial[name] = value
    initial["coords_system"] = "wgs84"
    return initial


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=SiteStatus.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), required=False, max_length=200)


class DocumentForm(forms.Form):
    file = forms.FileField(label=_("Document (PDF)"))
    title = forms.CharField(label=_("Title"), max_length=200)
    public = forms.BooleanField(label=_("Show on the public pages"), required=False)


class SiteImportForm(forms.Form):
    """The import page: the file, what it holds and its coordinate system; the button
    pressed says whether to check only or to import."""

    file = forms.FileField(label=_("File (CSV, XLSX or GeoJSON)"))
    kind = forms.ChoiceField(
        label=_("The file holds"),
        choices=[
            ("parcel", _("Land parcels")),
            ("building", _("Buildings")),
            ("park", _("Parks (GeoJSON)")),
        ],
    )
    coords = forms.ChoiceField(
        label=_("Coordinate system of the file"), choices=COORD_CHOICES, initial="wgs84"
    )
