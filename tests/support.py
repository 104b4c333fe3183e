"""Small helpers shared by tests."""

from __future__ import annotations

import os

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
