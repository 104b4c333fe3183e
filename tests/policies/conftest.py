from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _snapshots_in_tmp(settings, tmp_path) -> None:
    settings.VAR_DIR = tmp_path


@pytest.fixture
def policy_officer(db):
    from tests.factories import UserFactory
    from zhaoshang.core.roles import Role

    return UserFactory.create(username="fang", roles=[Role.POLICY_OFFICER])
