"""Placing the registry's enterprises on the links of the chains in the database.

- :func:`placements_rebuild` classifies the whole registry in bulk: it reads the class,
  scope and products columns in keyset chunks of ``CHUNK`` rows (one raw query each, into
  Arrow arrays), classifies each chunk with the engine's bulk path, and writes the result to
  a staging table (``COPY`` on PostgreSQL, ``executemany`` on SQLite). At the end one
  transaction replaces the placements with the staging table's rows and applies the
  officers' decisions: readers never see a half-written map.
  With more than one worker (``CHAINS_CLASSIFY_WORKERS``, by default the machine's cores)
  and more than one chunk, the chunks are classified in a pool of processes while this
  process reads the next chunks and writes the results: the province's 18 million rows take
  minutes, not a quarter of an hour.
- :func:`placements_refresh` re-classifies a few enterprises at once (after a save: the
  registry's ``enterprises_changed`` signal).

Decisions are applied after both: a rejected placement is removed, a confirmed one written
back (source ``officer``) when the classifier no longer finds it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import pyarrow as pa
from django.conf import settings
from django.db import connection, transaction

from zhaoshang.chains.engine import Classifier
from zhaoshang.chains.engine.bulk import classify_columns, classify_in_processes
from zhaoshang.chains.facts import placements_changed
from zhaoshang.chains.models import Chain, Link, Placement, PlacementDecision
from zhaoshang.chains.services import chain_spec

log = logging.getLogger(__name__)

CHUNK = 20_000
STAGING = "chains_placement_staging"
EVIDENCE_CHARS = 500

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Compiled:
    """The classifier over the chains in the database, and each of its links' row id."""

    classifier: Classifier
    link_ids: tuple[int, ...]  # by the classifier's link index
    sources: tuple[str, ...]  # the chains' files, in the classifier's order


def compiled() -> Compiled:
    chains = list(Chain.objects.order_by("position", "key"))
    sources = tuple(chain.source for chain in chains)
    classifier = Classifier([chain_spec(source) for source in sources])
    ids = {
        (chain_key, key): pk
        for chain_key, key, pk in Link.objects.values_list("chain__key", "key", "pk")
    }
    return Compiled(classifier, tuple(ids[pair] for pair in classifier.links), sources)


def _rows_of(
    found: pa.Table, enterprise_ids: Sequence[int], link_ids: Sequence[int]
) -> list[tuple[int, int, str, str]]:
    rows = found.column("row").to_pylist()
    links = found.column("link").to_pylist()
    by_class = found.column("by_class").to_pylist()
    evidence = found.column("evidence").to_pylist()
    return [
        (
            enterprise_ids[row],
            link_ids[link],
            Placement.Source.CLASS if classed else Placement.Source.KEYWORDS,
            text[:EVIDENCE_CHARS],
        )
        for row, link, classed, text in zip(rows, links, by_class, evidence, strict=True)
    ]


def _chunks(chunk: int) -> Iterable[tuple[list[int], pa.Array, pa.Array, pa.Array]]:
    """(ids, class, scope, products) of the registry, ``chunk`` rows at a time by id."""
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, industry_code, business_scope, main_products "
                "FROM registry_enterprise WHERE id > %s ORDER BY id LIMIT %s",
                [last, chunk],
            )
            rows = cursor.fetchall()
        if not rows:
            return
        ids = [row[0] for row in rows]
        yield (
            ids,
            pa.array([row[1] or None for row in rows], pa.string()),
            pa.array([row[2] or None for row in rows], pa.string()),
            pa.array([row[3] or None for row in rows], pa.string()),
        )
        last = ids[-1]


def _staging_create() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {STAGING} (enterprise_id bigint NOT NULL, "
            "link_id integer NOT NULL, source varchar(8) NOT NULL, evidence varchar(500) NOT NULL)"
        )


def _staging_write(rows: list[tuple[int, int, str, str]]) -> None:
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor  # psycopg 3: COPY through the driver's cursor
            with raw.copy(
                f"COPY {STAGING} (enterprise_id, link_id, source, evidence) FROM STDIN"
            ) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {STAGING} (enterprise_id, link_id, source, evidence) "
                "VALUES (%s, %s, %s, %s)",
                rows,
            )


def default_workers() -> int:
    configured = getattr(settings, "CHAINS_CLASSIFY_WORKERS", None)
    return max(1, int(configured) if configured else (os.cpu_count() or 1))


def _classified(
    engine: Compiled, chunks: Iterable[tuple[list[int], pa.Array, pa.Array, pa.Array]], workers: int
) -> Iterator[tuple[list[int], pa.Table]]:
    if workers <= 1:
        for ids, codes, scopes, products in chunks:
            yield ids, classify_columns(engine.classifier, codes, scopes, products)
        return
    yield from classify_in_processes(engine.sources, chunks, workers)


def placements_rebuild(
    *, progress: Progress | None = None, chunk: int = CHUNK, workers: int | None = None
) -> int:
    """Classify every enterprise and replace every placement; the number of placements.
    ``workers`` processes classify (by default :func:`default_workers`; one when the
    registry fits in one chunk, where starting processes would cost more than it saves)."""
    engine = compiled()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM registry_enterprise")
        total = int(cursor.fetchone()[0])
    if workers is None:
        workers = default_workers() if total > chunk else 1
    done = 0
    _staging_create()
    try:
        for ids, found in _classified(engine, _chunks(chunk), workers):
            with transaction.atomic():
                _staging_write(_rows_of(found, ids, engine.link_ids))
            done += len(ids)
            if progress:
                progress(done, total)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM chains_placement")
            cursor.execute(
                "INSERT INTO chains_placement (enterprise_id, link_id, source, evidence) "
                f"SELECT s.enterprise_id, s.link_id, s.source, s.evidence FROM {STAGING} s "
                "JOIN registry_enterprise e ON e.id = s.enterprise_id"
            )
            decisions_apply(None)
            count = Placement.objects.count()
            placements_changed()
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGING}")
    return count


def placements_refresh(enterprise_ids: Sequence[int]) -> int:
    """Re-classify these enterprises now; the number of their placements."""
    if not enterprise_ids or not Chain.objects.exists():
        return 0
    engine = compiled()
    ids: list[int] = []
    codes: list[str | None] = []
    scopes: list[str | None] = []
    products: list[str | None] = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, industry_code, business_scope, main_products FROM registry_enterprise "
            f"WHERE id IN ({', '.join(['%s'] * len(enterprise_ids))}) ORDER BY id",
            list(enterprise_ids),
        )
        for pk, code, scope, made in cursor.fetchall():
            ids.append(pk)
            codes.append(code or None)
            scopes.append(scope or None)
            products.append(made or None)
    found = classify_columns(
        engine.classifier,
        pa.array(codes, pa.string()),
        pa.array(scopes, pa.string()),
        pa.array(products, pa.string()),
    )
    rows = _rows_of(found, ids, engine.link_ids)
    with transaction.atomic():
        Placement.objects.filter(enterprise_id__in=enterprise_ids).delete()
        Placement.objects.bulk_create(
            Placement(enterprise_id=e, link_id=link, source=source, evidence=evidence)
            for e, link, source, evidence in rows
        )
        decisions_apply(ids)
        placements_changed()
    return Placement.objects.filter(enterprise_id__in=ids).count()


def decisions_apply(enterprise_ids: Sequence[int] | None) -> None:
    """Officers' decisions over the classifier's placements (of these enterprises, or of
    all): rejected ones removed, confirmed ones written back where missing."""
    decisions = PlacementDecision.objects.all()
    if enterprise_ids is not None:
        decisions = decisions.filter(enterprise_id__in=enterprise_ids)
    links = {
        (chain_key, key): pk
        for chain_key, key, pk in Link.objects.values_list("chain__key", "key", "pk")
    }
    rejected: list[tuple[int, int]] = []
    confirmed: list[PlacementDecision] = []
    for decision in decisions.iterator():
        link_id = links.get((decision.chain_key, decision.link_key))
        if link_id is None:
            continue  # the link is not in the chain now; the decision waits for it
        if decision.verdict == PlacementDecision.Verdict.REJECTED:
            rejected.append((decision.enterprise_id, link_id))
        else:
            confirmed.append(decision)
    for enterprise_id, link_id in rejected:
        Placement.objects.filter(enterprise_id=enterprise_id, link_id=link_id).delete()
    if confirmed:
        present = set(
            Placement.objects.filter(
                enterprise_id__in=[d.enterprise_id for d in confirmed]
            ).values_list("enterprise_id", "link_id")
        )
        Placement.objects.bulk_create(
            Placement(
                enterprise_id=d.enterprise_id,
                link_id=links[(d.chain_key, d.link_key)],
                source=Placement.Source.OFFICER,
                evidence=d.evidence,
            )
            for d in confirmed
            if (d.enterprise_id, links[(d.chain_key, d.link_key)]) not in present
        )
