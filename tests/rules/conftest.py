from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.rules.backends import postgres_connection


@pytest.fixture(scope="session")
def postgres() -> Iterator[Any]:
    """A psycopg connection (see backends.postgres_connection), or skip."""
    connection = postgres_connection()
    if connection is None:
        pytest.skip("no PostgreSQL reachable at DATABASE_URL or 127.0.0.1:5432")
    yield connection
    connection.close()
