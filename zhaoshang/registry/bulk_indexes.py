"""Secondary indexes and foreign-key checks set aside during a bulk load.

A table that takes more new rows than it holds loads faster without its secondary indexes,
and building each index once at the end costs less than keeping it up to date row by row (on
1,000,000 enterprises about a third of SQLite's write time). On PostgreSQL the foreign keys
are set aside too: each checks every row through a trigger, which cost a fifth of the load;
they come back ``NOT VALID`` and are then validated in one pass over the table, as
``pg_restore`` does. The values were already checked against the same reference tables.

The unique indexes stay (the upsert needs the credit code's). Index and key definitions come
from the models through Django's schema editor, so ``indexes_ensure`` can always rebuild what
is missing: after the load, and after every migrate, in case a load was killed halfway.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

from django.db import connection, models

# Loads smaller than this keep their indexes: the rebuild would cost more than it saves.
BULK_FROM_ROWS = 50_000
_FK_SUFFIX = "_fk_%(to_table)s_%(to_column)s"  # as Django names foreign keys


def _editor() -> Any:
    # Only to write SQL: the editor is not entered (SQLite's refuses inside a transaction);
    # its _create_index_sql and _create_fk_sql are not in the type stubs.
    return connection.schema_editor(atomic=False)


def _statements(model: type[models.Model]) -> dict[str, str]:
    """Each non-unique index of ``model``: its name and the SQL that creates it."""
    statements: dict[str, str] = {}
    editor = _editor()
    for index in model._meta.indexes:
        statements[str(index.name)] = str(index.create_sql(model, editor))
    for field in model._meta.local_fields:
        if getattr(field, "db_index", False) and not field.unique:
            made = [editor._create_index_sql(model, fields=[field])]
            # PostgreSQL's second index on a text column, for LIKE (varchar_pattern_ops).
            if (like := getattr(editor, "_create_like_index_sql", None)) is not None:
                made.append(like(model, field))
            for statement in filter(None, made):
                statements[str(statement.parts["name"]).strip('"')] = str(statement)
    return statements


def _constraints(model: type[models.Model]) -> dict[str, dict[str, Any]]:
    with connection.cursor() as cursor:
        return dict(connection.introspection.get_constraints(cursor, model._meta.db_table))


def _present(model: type[models.Model]) -> set[str]:
    return {name for name, details in _constraints(model).items() if details.get("index")}


def _foreign_key_columns(model: type[models.Model]) -> set[str]:
    return {
        details["columns"][0]
        for details in _constraints(model).values()
        if details.get("foreign_key") and not details.get("index")
    }


def indexes_ensure(model: type[models.Model]) -> list[str]:
    """Create the model's secondary indexes and foreign keys that are missing; return the
    names of the indexes made and the columns of the keys made."""
    present = _present(model)
    made = []
    for name, sql in _statements(model).items():
        if name not in present:
            with connection.cursor() as cursor:
                cursor.execute(sql)
            made.append(name)
    if connection.vendor == "postgresql":
        keyed = _foreign_key_columns(model)
        editor = _editor()
        for field in model._meta.local_fields:
            constrained = getattr(field, "db_constraint", False)
            if field.remote_field is not None and constrained and field.column not in keyed:
                with connection.cursor() as cursor:
                    cursor.execute(str(editor._create_fk_sql(model, field, _FK_SUFFIX)))
                made.append(field.column)
    return made


def _drop_foreign_keys(model: type[models.Model]) -> list[tuple[str, str]]:
    """PostgreSQL: drop the model's foreign keys; return (name, definition) of each."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s::regclass AND contype = 'f'",
            [model._meta.db_table],
        )
        keys = [(str(name), str(definition)) for name, definition in cursor.fetchall()]
        for name, _definition in keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
    return keys


def _restore_foreign_keys(model: type[models.Model], keys: list[tuple[str, str]]) -> None:
    """Add the keys back without checking the rows, then check them all in one pass. The
    check of a key to a table too large to hash in the memory it is given (a province's
    enterprises, for their figures) merges both sides in order instead: in a first load of
    18,000,000 enterprises 9.4 s rather than 15.7 - 17.1 s, the hash spilling to files in
    batches."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        for name, definition in keys:
            quoted = connection.ops.quote_name(name)
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {quoted} {definition} NOT VALID")
            cursor.execute(
                "SELECT pg_relation_size(confrelid) > "
                "pg_size_bytes(current_setting('maintenance_work_mem')) "
                "FROM pg_constraint WHERE conrelid = %s::regclass AND conname = %s",
                [model._meta.db_table, name],
            )
            (large,) = cursor.fetchone()
            merged = {"enable_hashjoin": "off", "enable_nestloop": "off"} if large else {}
            with _settings(merged):
                cursor.execute(f"ALTER TABLE {table} VALIDATE CONSTRAINT {quoted}")


@contextmanager
def _settings(values: dict[str, str]) -> Iterator[None]:
    """PostgreSQL: these settings of the session for the block, the earlier ones after it
    (whether or not a transaction is open)."""
    before = {}
    with connection.cursor() as cursor:
        for name, value in values.items():
            cursor.execute(
                "SELECT current_setting(%s), set_config(%s, %s, false)", [name] * 2 + [value]
            )
            before[name] = cursor.fetchone()[0]
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            for name, value in before.items():
                cursor.execute("SELECT set_config(%s, %s, false)", [name, value])


@contextmanager
def _sorting_in_files() -> Iterator[None]:
    """The sorts that build indexes, set for a large table. SQLite's in temporary files rather
    than in memory (the application's setting, for small sorts): a quarter faster on
    1,000,000 enterprises, and what a province's table needs anyway; not inside a
    transaction, where changing the setting would drop the connection's temporary tables.
    PostgreSQL's with more memory (the server's default is 64 MB); the checks of foreign
    keys take it too."""
    if connection.vendor == "postgresql":
        with _settings({"maintenance_work_mem": "256MB"}):
            yield
        return
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    connection.ensure_connection()
    raw = connection.connection
    (before,) = raw.execute("PRAGMA temp_store").fetchone()
    raw.execute("PRAGMA temp_store = FILE")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA temp_store = {int(before)}")


def _set_aside(model: type[models.Model]) -> list[tuple[str, str]]:
    """Drop the model's secondary indexes (and on PostgreSQL its foreign keys); return the
    keys dropped, for ``_restore``."""
    present = _present(model)
    quote = connection.ops.quote_name
    for name in _statements(model):
        if name in present:
            with connection.cursor() as cursor:
                cursor.execute(f"DROP INDEX {quote(name)}")
    return _drop_foreign_keys(model) if connection.vendor == "postgresql" else []


def _restore(model: type[models.Model], keys: list[tuple[str, str]]) -> None:
    """The model's foreign keys back and checked, then its indexes built (whatever the
    checks gave): both sort in the memory ``_sorting_in_files`` sets."""
    with _sorting_in_files():
        try:
            if keys:
                _restore_foreign_keys(model, keys)
        finally:
            indexes_ensure(model)


# The statistics target of the analysis after a bulk load: a sample of 300 times as many rows
# (9,000), as ``vacuumdb --analyze-in-stages`` starts with a small one. The server's default
# (100) reads 30,000 rows spread over most of the table's pages: 0.6 s of a first load of
# 1,000,000 enterprises, against 0.17 s. The next analysis (autovacuum's, once the rows
# change) takes the column's own target again.
BULK_STATISTICS_TARGET = "30"


def _analyze(models_: Sequence[type[models.Model]]) -> None:
    """PostgreSQL: the planner's statistics for the new rows, before the checks of foreign
    keys are planned (the order of the ids lets them merge the tables through their
    indexes)."""
    if connection.vendor == "postgresql":
        with (
            _settings({"default_statistics_target": BULK_STATISTICS_TARGET}),
            connection.cursor() as cursor,
        ):
            for model in models_:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


@contextmanager
def indexes_set_aside(
    models_: Sequence[type[models.Model]], *, when: bool, undone_by_rollback: bool = False
) -> Iterator[None]:
    """Set the models' secondary indexes (and on PostgreSQL their foreign keys) aside for
    the block (``when`` true) and build them again at its end, whatever happens in it; or,
    ``undone_by_rollback`` (inside a transaction that a failure in the block rolls back,
    which brings them back), only when it ends normally."""
    aside: list[tuple[type[models.Model], list[tuple[str, str]]]] = []
    try:
        if when:
            for model in models_:
                aside.append((model, _set_aside(model)))
        yield
    except BaseException:
        if not undone_by_rollback:
            _rebuild(aside)
        raise
    _rebuild(aside)


def _rebuild(aside: Sequence[tuple[type[models.Model], list[tuple[str, str]]]]) -> None:
    """Analyse the tables set aside, then restore each, the last set aside first; every
    one is attempted, and the first failure raised at the end."""
    if not aside:
        return
    _analyze([model for model, _keys in aside])
    with ExitStack() as stack:
        for model, keys in aside:
            stack.callback(_restore, model, keys)
