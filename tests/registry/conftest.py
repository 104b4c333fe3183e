from __future__ import annotations

import pytest

from zhaoshang.registry.generator import uscc_for


@pytest.fixture
def codes():
    """A maker of valid credit codes: codes(n) gives n distinct ones."""

    def make(n: int, region: str = "441284") -> list[str]:
        return [uscc_for(region, serial) for serial in range(n)]

    return make
