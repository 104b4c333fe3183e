"""Views of Arrow's string and binary columns (32-bit offsets) in NumPy, without copying
their values: shared by the column checks (``columnar``) and the binary ``COPY``
(``pgcopy``). No Django here."""

from __future__ import annotations

import numpy as np
import pyarrow as pa


def offsets(column: pa.Array | pa.ChunkedArray) -> tuple[pa.Array, np.ndarray]:
    """The column as one array, and where each of its values starts in its data and where
    the last ends (len + 1 offsets, no copy)."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if not len(column):
        return column, np.zeros(1, dtype=np.int32)
    found = np.frombuffer(column.buffers()[1], dtype=np.int32)
    return column, found[column.offset : column.offset + len(column) + 1]


def lengths(column: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """The length in bytes of each value (0 for a null)."""
    return np.diff(offsets(column)[1])


def bytes_of(column: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """The values' bytes, end to end (no copy)."""
    column, found = offsets(column)
    if not len(column):
        return np.zeros(0, dtype=np.uint8)
    return np.frombuffer(column.buffers()[2], dtype=np.uint8)[found[0] : found[-1]]
