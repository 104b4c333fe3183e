from __future__ import annotations

import pytest
from stdnum.cn import uscc as uscc_module


@pytest.fixture
def codes():
    """A maker of valid credit codes: codes(n) gives n distinct ones."""

    def make(n: int, region: str = "441284") -> list[str]:
        out = []
        for i in range(n):
            body = f"91{region}MA{i:07d}"[:17]
            out.append(body + uscc_module.calc_check_digit(body))
        return out

    return make
