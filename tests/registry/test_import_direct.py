"""A first load of the registry (no enterprise stored yet) writes its rows straight into the
tables (registry/imports/direct.py): the same outcome as a load through the staging table,
ids that never reuse a deleted enterprise's, the credit code unique again when it ends, and
nothing written when it fails."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from contextlib import closing
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest
from django.db import DataError, IntegrityError, connection, connections, transaction

from tests.registry.test_import_columnar import outcome, rows_of_every_kind, write
from zhaoshang.registry.imports import columnar, direct
from zhaoshang.registry.imports.pipeline import enterprise_import
from zhaoshang.registry.models import Enterprise, Region, YearlyFigures

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("child", [False, True], ids=["in-process", "child-process"])
def test_a_first_load_writes_what_a_load_through_the_staging_table_writes(tmp_path, codes, child):
    """Codes given twice included: found as the blocks pass (in the reading process, a
    child for a large file), their rows taken out again and settled at the end."""
    path = write(tmp_path / "e.csv", rows_of_every_kind(codes(40)))
    first = outcome(enterprise_import(actor=None, path=path, child=child))
    Enterprise.objects.all().delete()
    other = Enterprise.objects.create(uscc=codes(1, region="441200")[0], name="已在库中")
    staged = enterprise_import(actor=None, path=path)  # the registry is not empty: staged
    other.delete()
    assert outcome(staged) == first
    assert first["report"]["created"] >= 5
    assert first["report"]["merged"] == 1


def test_the_ids_rise_with_the_lines_after_the_last_ever_given(tmp_path, codes):
    gone = Enterprise.objects.create(uscc=codes(1, region="441200")[0], name="已注销")
    gone_id = gone.pk
    gone.delete()
    rows = rows_of_every_kind(codes(40))
    path = write(tmp_path / "e.csv", rows)
    report = enterprise_import(actor=None, path=path)
    ids = sorted(Enterprise.objects.values_list("id", flat=True))
    assert len(ids) == report.created
    assert min(ids) > gone_id
    # The ids rise with the lines (the rows of a code given twice are settled at the end).
    given = [row[0].upper() for row in rows]
    once = [code for code in given if given.count(code) == 1]
    id_of = dict(Enterprise.objects.values_list("uscc", "id"))
    in_order = [id_of[code] for code in once if code in id_of]
    assert len(in_order) >= 5
    assert in_order == sorted(in_order)
    later = Enterprise.objects.create(uscc=codes(1, region="441202")[0], name="后来者")
    assert later.pk > ids[-1]
    assert set(YearlyFigures.objects.values_list("enterprise_id", flat=True)) <= set(ids)


def test_the_figures_ids_follow_the_last_ever_given_and_the_next_one_follows_them(tmp_path, codes):
    """The load gives the figures' ids itself (not the database's sequence, row by row):
    never one given before, and the sequence moved past them for the rows written later."""
    owner = Enterprise.objects.create(uscc=codes(1, region="441200")[0], name="已注销")
    gone = YearlyFigures.objects.create(enterprise=owner, year=2024)
    owner.delete()
    report = enterprise_import(
        actor=None, path=write(tmp_path / "e.csv", rows_of_every_kind(codes(40)))
    )
    ids = list(YearlyFigures.objects.order_by("id").values_list("id", flat=True))
    assert report.figures_written == len(ids) >= 1
    assert ids[0] > gone.id
    later = YearlyFigures.objects.create(enterprise=Enterprise.objects.earliest("id"), year=2023)
    assert later.id > ids[-1]


def test_the_credit_code_is_unique_again_after_a_first_load(tmp_path, codes):
    path = write(tmp_path / "e.csv", rows_of_every_kind(codes(40)))
    enterprise_import(actor=None, path=path)
    taken = Enterprise.objects.order_by("pk").first()
    assert taken is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        Enterprise.objects.create(uscc=taken.uscc, name="重复")


def test_one_row_of_figures_a_year_holds_again_after_a_first_load(tmp_path, codes):
    """The figures' keys are set aside during the load (on PostgreSQL) and built again."""
    path = write(tmp_path / "e.csv", rows_of_every_kind(codes(40)))
    enterprise_import(actor=None, path=path)
    figures = YearlyFigures.objects.order_by("pk").first()
    assert figures is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        YearlyFigures.objects.create(enterprise_id=figures.enterprise_id, year=figures.year)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY of PostgreSQL")
def test_a_copy_the_server_refuses_fails_the_load_and_writes_nothing(tmp_path, codes, monkeypatch):
    """The blocks' COPY runs in a thread of its own: its failure still stops the import."""
    path = write(tmp_path / "e.csv", rows_of_every_kind(codes(40)))
    monkeypatch.setattr(direct.pgcopy, "rows", lambda table, kinds: pa.py_buffer(b"\x00\x01"))
    with pytest.raises(DataError):
        enterprise_import(actor=None, path=path)
    assert not Enterprise.objects.exists()
    assert not YearlyFigures.objects.exists()


def test_a_first_load_that_fails_writes_nothing(tmp_path, codes, monkeypatch):
    path = write(tmp_path / "e.csv", rows_of_every_kind(codes(40)))

    def broken(self, rows):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(direct.DirectLoad, "add_rows", broken)  # after every block is in
    with pytest.raises(RuntimeError):
        enterprise_import(actor=None, path=path)
    assert not Enterprise.objects.exists()
    assert not YearlyFigures.objects.exists()
    monkeypatch.undo()
    assert enterprise_import(actor=None, path=path).created >= 5  # and it can be run again


def shared_memory_watched(monkeypatch, where: Path) -> list[int]:
    """The reading process's blocks handed over in ``where``; the list counts them."""
    where.mkdir()
    monkeypatch.setattr(columnar, "SHARED_MEMORY", where)
    taken: list[int] = []
    take = columnar._BlockFiles.take

    def counted(sent):
        taken.append(1)
        return take(sent)

    monkeypatch.setattr(columnar._BlockFiles, "take", staticmethod(counted))
    return taken


def test_blocks_read_in_a_child_pass_in_shared_memory_and_leave_no_file(
    tmp_path, codes, monkeypatch
):
    path = write(tmp_path / "e.csv", rows_of_every_kind(codes(40)))
    taken = shared_memory_watched(monkeypatch, tmp_path / "shm")
    report = enterprise_import(actor=None, path=path, child=True)
    assert report.created >= 5
    assert taken  # the blocks came through files, not pickled through the channel
    assert list((tmp_path / "shm").iterdir()) == []


def test_a_load_that_fails_leaves_no_block_in_shared_memory(tmp_path, codes, monkeypatch):
    path = write(tmp_path / "e.csv", rows_of_every_kind(codes(40)))
    shared_memory_watched(monkeypatch, tmp_path / "shm")

    def broken(self, table):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(direct.DirectLoad, "add", broken)  # at the first block
    with pytest.raises(RuntimeError):
        enterprise_import(actor=None, path=path, child=True)
    assert list((tmp_path / "shm").iterdir()) == []
    assert not Enterprise.objects.exists()


def test_blocks_go_through_the_temporary_directory_when_shared_memory_is_small(
    tmp_path, codes, monkeypatch
):
    """A container's /dev/shm may be too small for the blocks on their way (Docker's 64 MB)."""
    taken = shared_memory_watched(monkeypatch, tmp_path / "shm")
    monkeypatch.setattr(columnar, "SHARED_MEMORY_NEEDED", 2**62)  # more than it has
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    made: list[dict[str, Any]] = []
    mkdtemp = tempfile.mkdtemp

    def noted(**kw: Any) -> str:
        made.append(kw)
        return mkdtemp(**kw)

    monkeypatch.setattr(tempfile, "mkdtemp", noted)
    path = write(tmp_path / "e.csv", rows_of_every_kind(codes(40)))
    assert enterprise_import(actor=None, path=path, child=True).created >= 5
    assert taken
    blocks = [kw for kw in made if kw.get("prefix", "").startswith("zhaoshang-blocks-")]
    assert [kw["dir"] for kw in blocks] == [None]  # the temporary directory
    assert list((tmp_path / "shm").iterdir()) == []


def test_an_import_removes_the_blocks_a_killed_import_left_in_shared_memory(
    tmp_path, codes, monkeypatch
):
    shared_memory_watched(monkeypatch, tmp_path / "shm")
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    left = tmp_path / "shm" / f"zhaoshang-blocks-{gone.stdout.strip()}-x1"
    left.mkdir()
    (left / "7.arrow").write_bytes(b"a block")
    running = tmp_path / "shm" / f"zhaoshang-blocks-{os.getpid()}-x2"  # an import under way
    running.mkdir()
    path = write(tmp_path / "e.csv", rows_of_every_kind(codes(40)))
    enterprise_import(actor=None, path=path, child=True)
    assert [p.name for p in (tmp_path / "shm").iterdir()] == [running.name]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's page size")
def test_a_new_sqlite_database_has_pages_of_16_kib(tmp_path):
    """Set by the connection's first statements (settings), before the first table."""
    fresh = type(connections[connection.alias])(
        {**connection.settings_dict, "NAME": str(tmp_path / "new.db")}, connection.alias
    )
    try:
        with fresh.cursor() as cursor:
            cursor.execute("CREATE TABLE t (x)")
            cursor.execute("PRAGMA page_size")
            assert cursor.fetchone()[0] == 16384
    finally:
        fresh.close()


def test_the_rows_of_a_first_load_into_a_sqlite_file_are_in_the_file_once_it_settles(tmp_path):
    """The commit leaves the pages in the write-ahead log and a thread of its own copies
    them into the database file (while the importing thread builds the indexes): settled,
    the file holds every page, another connection staying open meanwhile as Django's."""
    path = tmp_path / "load.sqlite3"
    with closing(sqlite3.connect(path, isolation_level=None)) as other:
        other.execute("PRAGMA journal_mode = WAL")
        other.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, words TEXT)")
        empty = path.stat().st_size
        writer = direct._AdbcWriter(str(path))
        with writer.transaction():
            writer.write("t", pa.table({"id": range(1, 20_001), "words": ["四会" * 50] * 20_000}))
        writer.settle()
        (pages,) = other.execute("PRAGMA page_count").fetchone()
        (size,) = other.execute("PRAGMA page_size").fetchone()
        (count,) = other.execute("SELECT count(*) FROM t").fetchone()
    assert count == 20_000
    assert path.stat().st_size == pages * size > empty


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's collations")
def test_codes_and_the_columns_that_refer_to_them_sort_byte_by_byte_on_postgresql():
    """The "C" collation (CodeField): their index builds skip the C library's strcoll."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name || '.' || column_name, collation_name "
            "FROM information_schema.columns WHERE table_name IN "
            "('registry_enterprise', 'registry_region', 'sites_parcel') AND collation_name "
            "IS NOT NULL"
        )
        found = dict(cursor.fetchall())
    for column in (
        "registry_enterprise.uscc",
        "registry_enterprise.region_id",
        "registry_enterprise.division_id",
        "registry_region.code",
        "sites_parcel.region_id",
    ):
        assert found.get(column) == "C", column
    Region.objects.get_or_create(code="441284", defaults={"level": "county", "name_zh": "四会市"})
    assert Region.objects.filter(code__startswith="4412").exists()  # LIKE on a "C" column


SCRIPT = textwrap.dedent(
    """
    from django.core.files.uploadedfile import SimpleUploadedFile
    from zhaoshang.core.models import Task, User
    from zhaoshang.core.tasks import task_run_next
    from zhaoshang.registry.imports.mapping import suggest_for_file
    from zhaoshang.registry.services import import_file_keep, import_start

    path = {path!r}
    officer = User.objects.create_user("importer", password="x", is_superuser=True)
    upload = SimpleUploadedFile("e.csv", open(path, "rb").read())
    kept = import_file_keep(actor=officer, upload=upload)
    with open(path, "rb") as stream:
        mapping = suggest_for_file(stream, "e.csv").mapping()
    import_start(actor=officer, file=kept, mapping=mapping, dry_run=False, language="en")
    task_run_next()
    task = Task.objects.get(name="registry.import_enterprises")
    print(task.status, task.result.get("created"), task.result.get("figures_written"))
    """
)


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the SQLite file's own path; the PostgreSQL suite proves COPY",
)
def test_a_background_import_into_a_sqlite_file_loads_through_adbc(tmp_path, codes):
    """The suite's SQLite database is in memory, which ADBC's connection cannot share: the
    file case runs in a process of its own, as the worker runs it (progress and all)."""
    path = write(tmp_path / "e.csv", rows_of_every_kind(codes(40)))
    database = tmp_path / "registry.sqlite3"
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION"}},
        "DATABASE_URL": f"sqlite:///{database}",
        "ZHAOSHANG_VAR_DIR": str(tmp_path / "var"),
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    done = subprocess.run(
        [*manage, "shell", "-v0", "-c", SCRIPT.format(path=str(path))],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    expected = enterprise_import(actor=None, path=path)  # in this process, by the cursor
    assert done.stdout.splitlines()[-1].split() == [
        "done",
        str(expected.created),
        str(expected.figures_written),
    ]
    with sqlite3.connect(database) as db:
        stored = sorted(db.execute("SELECT uscc, name FROM registry_enterprise").fetchall())
        (check,) = db.execute("PRAGMA integrity_check").fetchone()
        unique = db.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'registry_enterprise_uscc_unique'"
        ).fetchone()
    assert stored == sorted(Enterprise.objects.values_list("uscc", "name"))
    assert check == "ok"
    assert unique is not None
