"""The SQLite layer on real files: WAL, migrations, versions, transactions, bad files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kiosk.errors import SchemaVersionError, StorageError
from kiosk.storage.sqlite import migrations
from kiosk.storage.sqlite.database import Database, check_migration_list, split_statements
from kiosk.storage.sqlite.migrations import KIOSK_MIGRATIONS, REGISTER_MIGRATIONS, Migration


def test_a_new_kiosk_database_is_created_in_wal_mode_at_the_latest_version(tmp_path: Path) -> None:
    with Database.open(tmp_path / "sub" / "kiosk.sqlite") as db:
        assert db.schema_version() == KIOSK_MIGRATIONS[-1].version
        assert db.query_one("PRAGMA journal_mode")[0] == "wal"
        assert db.query_one("PRAGMA busy_timeout")[0] > 0
        tables = {row[0] for row in db.query("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"audit_log", "question_lockouts", "witness_vouchings"} <= tables


def test_the_register_database_gets_its_own_schema(tmp_path: Path) -> None:
    with Database.open(tmp_path / "register.sqlite", "register") as db:
        assert db.schema_version() == REGISTER_MIGRATIONS[-1].version
        assert db.query_one("SELECT count(*) FROM persons")[0] == 0
        tables = {row[0] for row in db.query("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "authority_key" not in tables  # the authority's key lives in its key file
    assert "key_fingerprints" in tables


def test_migration_lists_are_numbered_one_by_one() -> None:
    for migration_list in (KIOSK_MIGRATIONS, REGISTER_MIGRATIONS):
        check_migration_list(migration_list)
        assert [m.version for m in migration_list] == list(range(1, len(migration_list) + 1))


def test_a_gap_in_the_migration_list_is_reported() -> None:
    broken = [Migration(1, "a", "SELECT 1;"), Migration(3, "b", "SELECT 1;")]
    with pytest.raises(StorageError, match="entry 2 has version 3"):
        check_migration_list(broken)


def test_reopening_does_not_migrate_twice(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite"
    Database.open(path).close()
    with Database.open(path) as db:
        assert db.schema_version() == KIOSK_MIGRATIONS[-1].version
    assert not (tmp_path / "backups").exists()


def test_an_older_database_is_backed_up_then_migrated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "kiosk.sqlite"
    monkeypatch.setitem(migrations.MIGRATIONS_BY_KIND, "kiosk", KIOSK_MIGRATIONS[:2])
    with Database.open(path) as db, db.transaction() as connection:
        connection.execute("INSERT INTO question_lockouts VALUES ('ref', '010101-XXXX', 'x', 'y')")
    monkeypatch.setitem(migrations.MIGRATIONS_BY_KIND, "kiosk", KIOSK_MIGRATIONS)
    with Database.open(path, backup_dir=tmp_path / "bk") as db:
        assert db.schema_version() == KIOSK_MIGRATIONS[-1].version
        assert db.query_one("SELECT count(*) FROM question_lockouts")[0] == 1
    (backup,) = (tmp_path / "bk").iterdir()
    with sqlite3.connect(backup) as old:
        assert old.execute("PRAGMA user_version").fetchone()[0] == 2
        assert old.execute("SELECT count(*) FROM question_lockouts").fetchone()[0] == 1


def test_a_database_from_a_newer_kiosk_raises_schema_version_error(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite"
    Database.open(path).close()
    future = KIOSK_MIGRATIONS[-1].version + 5
    with sqlite3.connect(path) as connection:
        connection.execute(f"PRAGMA user_version = {future}")
    with pytest.raises(SchemaVersionError, match=f"schema version {future}, newer"):
        Database.open(path)


def test_a_file_that_is_not_sqlite_raises_storage_error_and_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite"
    path.write_text("these are my notes, not a database\n")
    with pytest.raises(StorageError, match="not an SQLite database"):
        Database.open(path)
    assert path.read_text() == "these are my notes, not a database\n"


def test_a_register_is_not_opened_as_a_kiosk_database(tmp_path: Path) -> None:
    path = tmp_path / "register.sqlite"
    Database.open(path, "register").close()
    with pytest.raises(StorageError, match="is a register database, not a kiosk database"):
        Database.open(path, "kiosk")


def test_a_foreign_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(StorageError, match="not a kiosk database"):
        Database.open(path)


def test_a_folder_in_place_of_the_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="is a folder"):
        Database.open(tmp_path)


def test_check_only_open_needs_an_existing_file_and_does_not_create_it(tmp_path: Path) -> None:
    path = tmp_path / "missing.sqlite"
    with pytest.raises(StorageError, match="no kiosk database"):
        Database.open(path, migrate=False)
    assert not path.exists()


def test_a_failed_transaction_rolls_back_everything(tmp_path: Path) -> None:
    with Database.open(tmp_path / "kiosk.sqlite") as db:
        with pytest.raises(RuntimeError), db.transaction() as connection:
            connection.execute("INSERT INTO question_lockouts VALUES ('a', 'm', 'x', 'y')")
            raise RuntimeError("printer caught fire")
        assert db.query_one("SELECT count(*) FROM question_lockouts")[0] == 0
        assert not db.in_transaction


def test_sqlite_errors_inside_a_transaction_become_storage_errors(tmp_path: Path) -> None:
    with Database.open(tmp_path / "kiosk.sqlite") as db:
        with pytest.raises(StorageError, match="no such table"), db.transaction() as connection:
            connection.execute("INSERT INTO nowhere VALUES (1)")
        with db.transaction() as connection:  # the connection is usable afterwards
            connection.execute("INSERT INTO question_lockouts VALUES ('a', 'm', 'x', 'y')")
        assert db.query_one("SELECT count(*) FROM question_lockouts")[0] == 1


def test_a_nested_transaction_that_fails_rolls_back_only_its_own_work(tmp_path: Path) -> None:
    with Database.open(tmp_path / "kiosk.sqlite") as db:
        with db.transaction() as outer:
            outer.execute("INSERT INTO question_lockouts VALUES ('kept', 'm', 'x', 'y')")
            with pytest.raises(ValueError), db.transaction() as inner:
                inner.execute("INSERT INTO question_lockouts VALUES ('dropped', 'm', 'x', 'y')")
                raise ValueError("inner step failed")
        refs = [row[0] for row in db.query("SELECT cpr_ref FROM question_lockouts")]
    assert refs == ["kept"]


def test_a_second_writer_waits_for_the_busy_timeout_then_fails_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite"
    with Database.open(path) as first, Database.open(path, busy_timeout_s=0.05) as second:
        busy = pytest.raises(StorageError, match="cannot start a transaction")
        with first.transaction(), busy, second.transaction():
            pass


def test_split_statements_keeps_trigger_bodies_whole() -> None:
    script = """
        CREATE TABLE t (a INTEGER);
        CREATE TRIGGER t_guard BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'no'); END;
        INSERT INTO t VALUES (1);
    """
    statements = split_statements(script)
    assert len(statements) == 3
    assert statements[1].startswith("CREATE TRIGGER") and statements[1].endswith("END;")


def test_an_unfinished_statement_in_a_migration_is_reported() -> None:
    with pytest.raises(StorageError, match="incomplete SQL"):
        split_statements("CREATE TABLE t (a INTEGER); CREATE TABLE u (b")
