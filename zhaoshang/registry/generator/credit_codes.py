"""Unified Social Credit Codes (GB 32100-2015) for generated enterprises: one at a time
(``uscc_for``) or a whole block at once (``uscc_array``), each with its GB 11714 organisation
code check character and its mod-31 check character. No Django here.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import pyarrow as pa

MAX_ROWS = 100_000_000  # older organisation codes are 8 digits: 10^8 serials
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)  # GB 11714 organisation code
_OLD_MOD, _OLD_MUL, _OLD_ADD = 10**8, 48_271_453, 19_733_611  # scramble 8-digit codes
_NEW_MOD, _NEW_MUL, _NEW_ADD = 31**6, 392_117_723, 51_200_447  # scramble "MA" codes
USCC_START = datetime.date(2015, 10, 1)


def _org_value(char: str) -> int:
    """GB 11714 value of a character: digits as such, A = 10 … Z = 35."""
    return int(char) if char.isdigit() else ord(char) - 55


def _org_check(values: Sequence[int]) -> str:
    check = 11 - sum(v * w for v, w in zip(values, _ORG_WEIGHTS, strict=True)) % 11
    return "X" if check == 10 else "0" if check == 11 else str(check)


def uscc_for(
    region_code: str, serial: int, *, authority: str = "9", kind: str = "1", modern: bool = True
) -> str:
    """A valid 18-character Unified Social Credit Code, unique for each ``serial``.

    authority, kind and the 6-digit region are followed by a 9-character organisation code
    with its own GB 11714 check character, then the GB 32100 mod-31 check character.
    ``modern`` (registered since 1 October 2015): the organisation code is "MA" and 6
    characters; otherwise 8 digits, as older enterprises kept theirs. The serial is scrambled
    so that consecutive serials do not give consecutive codes. 0 <= serial < MAX_ROWS.
    """
    if len(region_code) != 6 or not region_code.isascii() or not region_code.isdigit():
        raise ValueError(f"region_code: {region_code!r} is not 6 digits")
    if not 0 <= serial < MAX_ROWS:
        raise ValueError(f"serial: {serial} is not in [0, {MAX_ROWS})")
    for field, char in (("authority", authority), ("kind", kind)):
        if len(char) != 1 or char not in _ALPHABET:
            raise ValueError(f"{field}: {char!r} is not one character of {_ALPHABET}")
    if modern:
        number = (serial * _NEW_MUL + _NEW_ADD) % _NEW_MOD
        tail = ""
        for _ in range(6):
            number, digit = divmod(number, 31)
            tail = _ALPHABET[digit] + tail
        body = "MA" + tail
    else:
        body = f"{(serial * _OLD_MUL + _OLD_ADD) % _OLD_MOD:08d}"
    head = authority + kind + region_code + body + _org_check([_org_value(c) for c in body])
    total = sum(_ALPHABET.index(c) * w for c, w in zip(head, _USCC_WEIGHTS, strict=True))
    return head + _ALPHABET[(31 - total % 31) % 31]


def uscc_array(
    region_digits: npt.NDArray[np.uint8],
    serial: npt.NDArray[np.int64],
    modern: npt.NDArray[np.bool_],
) -> pa.Array:
    """``uscc_for(region, serial, modern=…)`` for many rows at once, as an Arrow string array."""
    n = len(serial)
    values = np.empty((n, 8), dtype=np.int64)  # GB 11714 values of the organisation body
    old = (serial * _OLD_MUL + _OLD_ADD) % _OLD_MOD
    new = (serial * _NEW_MUL + _NEW_ADD) % _NEW_MOD
    old_digits = (old[:, None] // 10 ** np.arange(7, -1, -1)) % 10
    new_digits = (new[:, None] // 31 ** np.arange(5, -1, -1)) % 31  # alphabet indices
    alphabet_codes = np.frombuffer(_ALPHABET.encode(), dtype=np.uint8)
    alphabet_values = np.array([_org_value(c) for c in _ALPHABET], dtype=np.int64)
    values[:] = old_digits
    values[modern, 0] = _org_value("M")
    values[modern, 1] = _org_value("A")
    values[modern, 2:] = alphabet_values[new_digits[modern]]
    check = 11 - (values @ np.array(_ORG_WEIGHTS)) % 11
    check_codes = np.where(check == 10, ord("X"), np.where(check == 11, ord("0"), 48 + check))

    chars = np.empty((n, 18), dtype=np.uint8)
    chars[:, 0] = ord("9")
    chars[:, 1] = ord("1")
    chars[:, 2:8] = region_digits
    chars[:, 8:16] = 48 + old_digits
    chars[modern, 8] = ord("M")
    chars[modern, 9] = ord("A")
    chars[modern, 10:16] = alphabet_codes[new_digits[modern]]
    chars[:, 16] = check_codes
    index = np.zeros(128, dtype=np.int64)
    index[alphabet_codes] = np.arange(31)
    total = index[chars[:, :17]] @ np.array(_USCC_WEIGHTS)
    chars[:, 17] = alphabet_codes[(31 - total % 31) % 31]
    offsets = np.arange(0, 18 * n + 1, 18, dtype=np.int32)
    return pa.Array.from_buffers(
        pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(chars.tobytes())]
    )
