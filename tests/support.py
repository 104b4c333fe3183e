"""Small helpers shared by tests."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from typing import Any

from django.test import Client

from zhaoshang.core.models import User

# Variables of the test process that must not reach a child process run "as in production".
TEST_ONLY_VARIABLES = {"PYTEST_VERSION", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def signed_in(user: User) -> Client:
    """A client with ``user``'s session."""
    client = Client()
    client.force_login(user)
    return client


def production_env(**overrides: str) -> dict[str, str]:
    """This process's environment without the test-only variables, plus ``overrides``."""
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    env.update(overrides)
    return env


class _Danger(HTMLParser):
    """Collects what in an HTML fragment could run script."""

    RUNNING_TAGS = {"script", "iframe", "object", "embed", "style", "svg", "math", "base"}
    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcset", "data"}

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.RUNNING_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.found.append(f"{tag}[{name}]")
            compact = "".join((value or "").split()).lower()
            if name in self.URL_ATTRIBUTES and compact.startswith(
                ("javascript:", "vbscript:", "data:")
            ):
                self.found.append(f"{tag}[{name}={value}]")


def dangers_in(fragment: str) -> list[str]:
    """Tags, attributes and URLs in ``fragment`` that a browser could run; [] when inert."""
    parser = _Danger()
    parser.feed(fragment)
    parser.close()
    return parser.found


def import_mapped(
    client: Any, map_page: str, changes: dict[int, str] | None = None, **form: str
) -> Any:
    """Post the column-mapping page of an uploaded enterprise file as it stands (the
    suggested or saved mapping), with ``changes`` (column index -> field, "" to skip) and
    the other ``form`` values; the response (a redirect to the import task when taken)."""
    page = client.get(map_page)
    assert page.status_code == 200, page.content.decode()[:500]
    data = {f"column-{c['index']}": c["key"] for c in page.context["columns"]}
    for index, key in (changes or {}).items():
        data[f"column-{index}"] = key
    data["header_row"] = str(page.context["suggestion"].header_row)
    saved = page.context["saved"]
    data["saved"] = str(saved.pk) if saved else ""
    data.update(form)
    return client.post(map_page, data)
