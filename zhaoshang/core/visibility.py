"""Who may see which objects: one rule per model, kept by the app that owns the model.

An app whose objects are not visible to everyone who may open its pages (leads: by region
and confidentiality) registers a rule here, a function from a user to the queryset of the
objects that user may see. Every path that shows an object *or a trace of it* asks the
same rule: the app's own pages and API start from it, and core uses it for what it shows
about objects it does not own (the audit log, its API, object history, the start page).

A model without a rule is visible to whoever may open the page that lists it.
Administrators (superusers) see everything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from zhaoshang.core.models import User

VisibilityRule = Callable[[User], QuerySet[Any]]

_rules: dict[type[models.Model], VisibilityRule] = {}


def visibility_rule(model: type[models.Model]) -> Callable[[VisibilityRule], VisibilityRule]:
    """Register the decorated function as the rule of ``model``."""

    def register(rule: VisibilityRule) -> VisibilityRule:
        _rules[model] = rule
        return rule

    return register


def models_with_rules() -> list[type[models.Model]]:
    """The models whose objects are not visible to everyone, in a stable order."""
    return sorted(_rules, key=lambda model: model._meta.label)


def visible(user: User, model: type[models.Model]) -> QuerySet[Any]:
    """The objects of ``model`` that ``user`` may see (all of them when it has no rule)."""
    if user.is_superuser or model not in _rules:
        return model._default_manager.all()
    if not user.is_active:
        return model._default_manager.none()
    return _rules[model](user)


def object_visible(user: User, model: type[models.Model], pk: Any) -> bool:
    """Whether ``user`` may see the object ``pk`` of ``model`` (False if it is gone and has
    a rule: what is left of it can no longer be checked, so only administrators see it)."""
    if user.is_superuser or model not in _rules:
        return True
    try:
        key = model._meta.pk.to_python(pk)
    except Exception:
        return False
    return visible(user, model).filter(pk=key).exists()


def hidden_traces(
    user: User, type_field: str = "content_type", id_field: str = "object_id"
) -> Q | None:
    """A condition true for the rows that name an object ``user`` may not see, in tables
    that point at any object by content type and text id (audit events): exclude it. None
    when nothing is hidden from ``user``."""
    if user.is_superuser:
        return None
    hidden: Q | None = None
    for model in models_with_rules():
        content_type = ContentType.objects.get_for_model(model)
        seen = visible(user, model).annotate(trace_id=Cast("pk", CharField())).values("trace_id")
        trace = Q(**{type_field: content_type}) & ~Q(**{f"{id_field}__in": seen})
        hidden = trace if hidden is None else hidden | trace
    return hidden
