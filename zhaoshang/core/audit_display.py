"""Audit events as people read them, for the pages (the API keeps the raw values).

Each recorded change becomes a line "label: old → new": the field's verbose name in the
reader's language, values formatted as on the pages (choices as their labels, dates, money,
yes / no), foreign keys as the names of the objects they point to (looked up once per page),
and no bookkeeping fields (the primary key, created and updated times).

Apps teach this module about their own fields in ``AppConfig.ready``: ``value_display`` for a
field whose value needs its app's knowledge (money in 10,000 yuan, a rule as its text), and
``change_expander`` for a field that holds several changes (a profile correction).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from zhaoshang.core import formatting
from zhaoshang.core.audit import SECRET_MARK
from zhaoshang.core.models import AuditEvent

EMPTY = "∅"
# Bookkeeping: the event itself says when and by whom.
HIDDEN_FIELDS = frozenset({"id", "created_at", "updated_at", "created_by"})

ValueDisplay = Callable[[Any], str]
# (old values, new values) of the whole event → lines (label, old, new)
ChangeExpander = Callable[[Mapping[str, Any], Mapping[str, Any]], list[tuple[str, str, str]]]

_VALUE_DISPLAYS: dict[tuple[str, str], ValueDisplay] = {}
_EXPANDERS: dict[tuple[str, str], ChangeExpander] = {}
_HIDDEN: dict[str, set[str]] = defaultdict(set)


def _key(model: type[models.Model]) -> str:
    return model._meta.label_lower


def value_display(model: type[models.Model], field: str, display: ValueDisplay) -> None:
    """Show the values of ``model.field`` with ``display`` (a value that is not None)."""
    _VALUE_DISPLAYS[(_key(model), field)] = display


def change_expander(model: type[models.Model], field: str, expand: ChangeExpander) -> None:
    """Show a change of ``model.field`` as the lines ``expand`` makes of the whole event."""
    _EXPANDERS[(_key(model), field)] = expand


def hide_fields(model: type[models.Model], *fields: str) -> None:
    """Leave these fields of ``model`` out of the displayed changes."""
    _HIDDEN[_key(model)].update(fields)


@dataclass(frozen=True)
class ChangeLine:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class DisplayedEvent:
    """An audit event and its changes as lines; the event's own attributes pass through."""

    event: AuditEvent
    lines: list[ChangeLine]
    current_name: str | None = None

    @property
    def object_repr(self) -> str:
        """The object as it is named now, in the reader's language (what was recorded, in
        the writer's language, once it is gone)."""
        return self.current_name if self.current_name else self.event.object_repr

    def __getattr__(self, name: str) -> Any:
        return getattr(self.event, name)


def _field(model: type[models.Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _label(model: type[models.Model] | None, name: str) -> str:
    field = _field(model, name)
    if field is not None:
        return capfirst(str(field.verbose_name))
    return capfirst(name.replace("_", " "))


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value) or EMPTY
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _is_key(model: type[models.Model], value: Any) -> bool:
    """Whether ``value`` can be a primary key of ``model`` (some events record names)."""
    try:
        model._meta.pk.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return False
    return True


class _Names:
    """The names of the objects the events' foreign keys point to, one query per model."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
        self.found: dict[tuple[type[models.Model], str], str] = {}

    def want(self, field: models.Field[Any, Any], value: Any) -> None:
        if not field.is_relation or field.related_model is None or value in (None, ""):
            return
        related = field.related_model
        assert isinstance(related, type)
        for key in value if isinstance(value, list) else [value]:
            if isinstance(key, int | str) and _is_key(related, key):
                self.wanted[related].add(key)

    def load(self) -> None:
        for model, keys in self.wanted.items():
            for obj in model._default_manager.filter(pk__in=list(keys)):
                name = getattr(obj, "display_name", None)
                self.found[(model, str(obj.pk))] = str(name) if name else str(obj)

    def name(self, field: models.Field[Any, Any], value: Any) -> str:
        if isinstance(value, list):
            return ", ".join(self.name(field, key) for key in value) or EMPTY
        related = field.related_model
        assert isinstance(related, type)
        found = self.found.get((related, str(value)))
        if found is not None:
            return found
        if not _is_key(related, value):
            return str(value)  # recorded as a name already (a lead's officers, for one)
        return _("%(object)s #%(id)s (deleted)") % {
            "object": capfirst(str(related._meta.verbose_name)),
            "id": value,
        }


def _value(model: type[models.Model] | None, name: str, value: Any, names: _Names) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if value == SECRET_MARK:
        return SECRET_MARK
    display = _VALUE_DISPLAYS.get((_key(model), name)) if model is not None else None
    if display is not None:
        return display(value)
    field = _field(model, name)
    if field is None:
        return _plain(value)
    if field.is_relation:
        return names.name(field, value)
    if field.choices:
        labels = {str(k): str(v) for k, v in field.flatchoices}
        return labels.get(str(value), str(value))
    if isinstance(field, models.BooleanField):
        return _plain(bool(value))
    if isinstance(field, models.DateTimeField):
        return formatting.format_datetime(str(value))
    if isinstance(field, models.DateField):
        return formatting.format_date(str(value))
    if isinstance(field, models.IntegerField):
        return formatting.format_count(value)
    if isinstance(field, models.DecimalField | models.FloatField):
        return formatting.format_number(value, places=6)
    return _plain(value)


def _hidden(model: type[models.Model] | None, name: str) -> bool:
    if name in HIDDEN_FIELDS:
        return True
    if model is None:
        return False
    return name == model._meta.pk.name or name in _HIDDEN[_key(model)]


def events_display(events: Iterable[AuditEvent]) -> list[DisplayedEvent]:
    """``events`` with their changes as lines people read (foreign keys looked up at once)."""
    events = list(events)
    names = _Names()
    models_of: dict[int, type[models.Model] | None] = {}
    for event in events:
        model = _model(event.content_type_id)
        models_of[event.pk] = model
        for name, change in (event.changes or {}).items():
            field = _field(model, name)
            if field is not None and not _hidden(model, name):
                names.want(field, change.get("old"))
                names.want(field, change.get("new"))
    names.load()
    current = _current_names(events, models_of)
    return [_display(event, models_of[event.pk], names, current.get(event.pk)) for event in events]


def _current_names(
    events: list[AuditEvent], models_of: dict[int, type[models.Model] | None]
) -> dict[int, str]:
    """The events' objects named as they are now, one query per model."""
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for event in events:
        model = models_of[event.pk]
        if model is not None and _is_key(model, event.object_id):
            wanted[model].add(event.object_id)
    found: dict[tuple[type[models.Model], str], str] = {}
    for model, keys in wanted.items():
        for obj in model._default_manager.filter(pk__in=list(keys)):
            found[(model, str(obj.pk))] = str(obj)
    names: dict[int, str] = {}
    for event in events:
        model = models_of[event.pk]
        name = found.get((model, str(event.object_id))) if model is not None else None
        if name:
            names[event.pk] = name
    return names


def _model(content_type_id: int) -> type[models.Model] | None:
    return ContentType.objects.get_for_id(content_type_id).model_class()


def _display(
    event: AuditEvent,
    model: type[models.Model] | None,
    names: _Names,
    current_name: str | None = None,
) -> DisplayedEvent:
    changes: dict[str, dict[str, Any]] = event.changes or {}
    olds = {name: change.get("old") for name, change in changes.items()}
    news = {name: change.get("new") for name, change in changes.items()}
    lines: list[ChangeLine] = []
    for name in changes:
        if _hidden(model, name):
            continue
        expand = _EXPANDERS.get((_key(model), name)) if model is not None else None
        if expand is not None:
            lines.extend(ChangeLine(*line) for line in expand(olds, news))
            continue
        old, new = _value(model, name, olds[name], names), _value(model, name, news[name], names)
        if old != new:
            lines.append(ChangeLine(_label(model, name), old, new))
    return DisplayedEvent(event, lines, current_name)
