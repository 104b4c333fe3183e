from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.test import Client

from tests.factories import UserFactory
from tests.support import signed_in
from zhaoshang.core.models import User
from zhaoshang.core.roles import Role


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with an empty page cache (the site settings live there)."""
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture(autouse=True)
def _english(settings) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    """Uploads made by tests land in a temporary folder, not in var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_ROOT = tmp_path / "private"
    settings.SITE_URL_FILE = tmp_path / "site_url"  # `setup --url` records the address here


@pytest.fixture
def administrator(db) -> User:
    return UserFactory.create(username="ada", roles=[Role.ADMINISTRATOR])


@pytest.fixture
def manager(db) -> User:
    return UserFactory.create(username="mona", roles=[Role.MANAGER])


@pytest.fixture
def officer(db) -> User:
    return UserFactory.create(username="otto", roles=[Role.PROMOTION_OFFICER])


@pytest.fixture
def enterprise_user(db) -> User:
    return UserFactory.create(username="erin", roles=[Role.ENTERPRISE_USER])


@pytest.fixture
def admin_client_(administrator) -> Client:
    return signed_in(administrator)


@pytest.fixture
def manager_client(manager) -> Client:
    return signed_in(manager)


@pytest.fixture
def officer_client(officer) -> Client:
    return signed_in(officer)
