from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _snapshots_in_tmp(settings, tmp_path) -> None:
    settings.VAR_DIR = tmp_path
