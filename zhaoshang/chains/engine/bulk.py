"""Classifying columns of many enterprises at once (the province: 18 million). No Django here.

:func:`classify_columns` takes Arrow arrays of the industry class, the business scope and
the main products, and returns one row per placement. The class part is vectorised (one
lookup per distinct class, then an index take); the text part reads each non-empty text once
through the classifier's Aho-Corasick automaton, and segments only the clauses where a
keyword was found, so a text without any keyword costs a fold and one automaton pass.
The placements equal :meth:`Classifier.classify` row by row (a test checks it).

For more than one core, :func:`classify_in_processes` sends chunks of rows to a pool of
processes, each of which builds its own classifier from the chains' files once (well under
a second), and gives the results back in the chunks' order while the caller reads and
writes the next ones.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from zhaoshang.chains.engine.classify import CLASS, PRODUCTS, SCOPE, Classifier, Evidence
from zhaoshang.chains.engine.loader import chain_from_text
from zhaoshang.rules.codes import section_of

PLACEMENT_SCHEMA = pa.schema(
    [
        pa.field("row", pa.int64(), nullable=False),
        pa.field("link", pa.int32(), nullable=False),  # index into Classifier.links
        pa.field("by_class", pa.bool_(), nullable=False),
        pa.field("evidence", pa.string(), nullable=False),  # Placement.explain()
    ]
)
"""One row per placement; ``row`` is the enterprise's position in the input columns."""


def _class_evidence(classifier: Classifier, codes: pa.Array) -> dict[int, list[tuple[int, str]]]:
    """Row → [(link, evidence text)] for the rows whose class puts them on some link."""
    encoded = pc.dictionary_encode(codes.cast(pa.string()))
    dictionary = encoded.dictionary.to_pylist()
    indices = encoded.indices.to_numpy(zero_copy_only=False)
    valid = np.asarray(encoded.indices.is_valid())
    found: dict[int, list[tuple[int, str]]] = {}
    for position, code in enumerate(dictionary):
        digits = code[1:] if code[:1].isalpha() else code
        links = classifier.class_links(digits)
        if not links:
            continue
        text = str(Evidence(CLASS, f"{section_of(digits[:2]) or ''}{digits}"))
        for row in np.flatnonzero((indices == position) & valid).tolist():
            found[row] = [(link, text) for link in links]
    return found


def classify_columns(
    classifier: Classifier,
    industry_code: pa.Array | pa.ChunkedArray,
    business_scope: pa.Array | pa.ChunkedArray,
    main_products: pa.Array | pa.ChunkedArray,
    *,
    first_row: int = 0,
) -> pa.Table:
    """The placements of every row of three equally long columns (``PLACEMENT_SCHEMA``);
    ``first_row`` is added to the row numbers (for batches of a longer table)."""
    codes = _combined(industry_code)
    scopes = _combined(business_scope).to_pylist()
    products = _combined(main_products).to_pylist()
    if not len(codes) == len(scopes) == len(products):
        raise ValueError("industry_code, business_scope and main_products differ in length")
    by_class = _class_evidence(classifier, codes)
    rows: list[int] = []
    links: list[int] = []
    classed: list[bool] = []
    evidence: list[str] = []
    text_links = classifier.text_links
    for row, (scope, made) in enumerate(zip(scopes, products, strict=True)):
        from_class = by_class.get(row)
        from_scope = text_links(scope, SCOPE) if scope else None
        from_products = text_links(made, PRODUCTS) if made else None
        if not (from_class or from_scope or from_products):
            continue
        found: dict[int, list[str]] = {}
        for link, text in from_class or ():
            found[link] = [text]
        for source, words_by_link in ((SCOPE, from_scope), (PRODUCTS, from_products)):
            for link, words in (words_by_link or {}).items():
                found.setdefault(link, []).extend(str(Evidence(source, w)) for w in words)
        for link in sorted(found):
            rows.append(row + first_row)
            links.append(link)
            classed.append(any(link == c for c, _t in from_class or ()))
            evidence.append("; ".join(found[link]))
    return pa.table(
        [
            pa.array(rows, pa.int64()),
            pa.array(links, pa.int32()),
            pa.array(classed, pa.bool_()),
            pa.array(evidence, pa.string()),
        ],
        schema=PLACEMENT_SCHEMA,
    )


def classify_batches(
    classifier: Classifier, batches: Iterable[pa.RecordBatch]
) -> Iterator[pa.Table]:
    """:func:`classify_columns` over record batches with the registry's column names
    (``industry_code``, ``business_scope``, ``main_products``), rows numbered across them."""
    first = 0
    for batch in batches:
        yield classify_columns(
            classifier,
            batch.column("industry_code"),
            batch.column("business_scope"),
            batch.column("main_products"),
            first_row=first,
        )
        first += batch.num_rows


def _combined(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(column, pa.ChunkedArray):
        return column.combine_chunks()
    return column


Key = TypeVar("Key")
Chunk = tuple[Key, pa.Array, pa.Array, pa.Array]  # (caller's key, class, scope, products)

_worker_classifier: Classifier | None = None


def _worker_start(chain_texts: Sequence[str]) -> None:
    global _worker_classifier
    _worker_classifier = Classifier([chain_from_text(text) for text in chain_texts])


def _worker_classify(codes: pa.Array, scopes: pa.Array, products: pa.Array) -> pa.Table:
    if _worker_classifier is None:  # pragma: no cover - the initializer always ran
        raise RuntimeError("the worker's classifier was not built")
    return classify_columns(_worker_classifier, codes, scopes, products)


def classify_in_processes(
    chain_texts: Sequence[str], chunks: Iterable[Chunk[Key]], workers: int
) -> Iterator[tuple[Key, pa.Table]]:
    """(key, placements) of each chunk, in the chunks' order, classified by ``workers``
    processes (started with *spawn*: nothing of the caller's state, such as database
    connections, is shared). At most two chunks per worker are in flight, so memory stays
    flat whatever the number of chunks. The classifier is built from ``chain_texts`` in
    their order, so link numbers equal those of ``Classifier`` over the same chains."""
    context = multiprocessing.get_context("spawn")
    pending: deque[tuple[Key, Future[pa.Table]]] = deque()
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_worker_start, initargs=(tuple(chain_texts),)
    ) as pool:
        for key, codes, scopes, products in chunks:
            pending.append((key, pool.submit(_worker_classify, codes, scopes, products)))
            if len(pending) >= 2 * workers:
                first, future = pending.popleft()
                yield first, future.result()
        while pending:
            first, future = pending.popleft()
            yield first, future.result()
