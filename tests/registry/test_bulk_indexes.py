"""A bulk load sets the enterprise table's secondary indexes aside and builds them again,
even when the load fails; a migrate rebuilds any an interrupted load left missing."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from zhaoshang.registry.bulk_indexes import _statements, indexes_ensure, indexes_set_aside
from zhaoshang.registry.models import Enterprise

pytestmark = pytest.mark.django_db


def present() -> set[str]:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Enterprise._meta.db_table)
    return {name for name, details in found.items() if details.get("index")}


def unique_on_uscc() -> bool:
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Enterprise._meta.db_table)
    return any(d["unique"] and d["columns"] == ["uscc"] for d in found.values())


def test_the_indexes_are_set_aside_during_the_block_and_back_after_a_failure():
    expected = set(_statements(Enterprise))
    assert expected
    assert expected <= present()
    seen: list[set[str]] = []

    def failing_load() -> None:
        with indexes_set_aside([Enterprise], when=True):
            seen.append(present())
            assert unique_on_uscc()  # the upsert's index stays
            raise RuntimeError("the load failed")

    with pytest.raises(RuntimeError):
        failing_load()
    assert not expected & seen[0]
    assert expected <= present()


def test_inside_a_load_s_transaction_a_failure_leaves_the_rebuild_to_the_rollback():
    """A first load on PostgreSQL sets them aside inside its transaction: when it fails,
    nothing is built in the failed transaction (which would hide the failure behind
    "current transaction is aborted"); its rollback brings every index back."""
    expected = set(_statements(Enterprise))
    seen: list[set[str]] = []

    def failing_load() -> None:
        with (
            transaction.atomic(),
            indexes_set_aside([Enterprise], when=True, undone_by_rollback=True),
            connection.cursor() as cursor,
        ):
            seen.append(present())
            cursor.execute("SELECT * FROM no_such_table")

    with pytest.raises(DatabaseError, match="no_such_table"):
        failing_load()
    assert not expected & seen[0]
    assert expected <= present()


def test_inside_a_load_s_transaction_the_indexes_are_built_before_it_ends():
    expected = set(_statements(Enterprise))
    with transaction.atomic():
        with indexes_set_aside([Enterprise], when=True, undone_by_rollback=True):
            pass
        assert expected <= present()  # before the transaction ends


def test_foreign_keys_are_checked_again_after_a_bulk_load():
    with indexes_set_aside([Enterprise], when=True):
        pass
    with connection.cursor() as cursor:
        found = connection.introspection.get_constraints(cursor, Enterprise._meta.db_table)
    keys = {d["columns"][0] for d in found.values() if d.get("foreign_key")}
    assert {"region_id", "division_id"} <= keys


def test_missing_indexes_are_built_again():
    name = sorted(_statements(Enterprise))[0]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    assert indexes_ensure(Enterprise) == [name]
    assert name in present()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="keys are set aside on PostgreSQL")
def test_a_foreign_key_a_killed_load_left_missing_is_made_again():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f'",
            [Enterprise._meta.db_table],
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'ALTER TABLE registry_enterprise DROP CONSTRAINT "{name}"')
    assert set(indexes_ensure(Enterprise)) == {"region_id", "division_id"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_the_rows_of_a_bulk_load_are_analysed_before_it_ends(codes):
    """The planner knows the new rows at once (the checks of keys, and the first queries
    after the load, are planned on them), and the session's statistics target is as it was."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW default_statistics_target")
        (target,) = cursor.fetchone()
        with transaction.atomic():
            with indexes_set_aside([Enterprise], when=True, undone_by_rollback=True):
                for code in codes(3):
                    Enterprise.objects.create(uscc=code, name="新企业")
            cursor.execute(  # every code a different one
                "SELECT n_distinct FROM pg_stats WHERE tablename = %s AND attname = 'uscc'",
                [Enterprise._meta.db_table],
            )
            assert cursor.fetchall() == [(-1,)]
        cursor.execute("SHOW default_statistics_target")
        assert cursor.fetchone()[0] == target
