"""Two API schemas with one name overwrite each other in the OpenAPI description (django-ninja
names its components by class name), so a response is then checked against the wrong
shape: the sites' matches once replaced the policies' matches."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

from zhaoshang.api import api


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub, *_subclasses(sub)}
    return found


def test_every_api_schema_has_a_name_of_its_own():
    api.get_openapi_schema()  # every router's schemas are imported and built
    modules = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("zhaoshang."):
            modules[cls.__name__].add(cls.__module__)
    assert {name: where for name, where in modules.items() if len(where) > 1} == {}
