"""Online backup and restore of real database files, and ``kiosk db backup|restore``."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from app.cli.main import main
from kiosk.clock import FixedClock
from kiosk.errors import SchemaVersionError, StorageError
from kiosk.storage.cpr_ref import CprPseudonyms
from kiosk.storage.sqlite.audit_log import SqliteAuditLog
from kiosk.storage.sqlite.backup import (
    backup_database,
    inspect_database,
    prune_backups,
    restore_database,
)
from kiosk.storage.sqlite.database import Database
from kiosk.storage.sqlite.lockouts import SqliteQuestionLockouts
from kiosk.storage.sqlite.migrations import KIOSK_MIGRATIONS

CPR = "150368-1234"


@pytest.fixture
def kiosk_db(tmp_path: Path, clock: FixedClock) -> Path:
    path = tmp_path / "data" / "kiosk.sqlite"
    with Database.open(path) as db:
        log = SqliteAuditLog(db, clock, "kiosk-1")
        for number in range(5):
            log.append("journey.state_entered", state=f"s{number}")
        SqliteQuestionLockouts(db, clock, CprPseudonyms(bytes(32))).lock(
            CPR, clock.now() + timedelta(hours=24)
        )
    return path


def audit_count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def test_backup_then_restore_round_trip(kiosk_db: Path, tmp_path: Path, clock: FixedClock) -> None:
    backup = backup_database(kiosk_db, tmp_path / "backups")
    assert inspect_database(backup).kind == "kiosk"
    assert backup.name.startswith("kiosk-") and backup.name.endswith(
        f"-v{KIOSK_MIGRATIONS[-1].version}.sqlite"
    )
    with Database.open(kiosk_db) as db:
        SqliteAuditLog(db, clock, "kiosk-1").append("after.backup")
    assert audit_count(kiosk_db) == 6
    kept = restore_database(backup, kiosk_db, keep_dir=tmp_path / "kept")
    assert audit_count(kiosk_db) == 5
    assert kept is not None and audit_count(kept) == 6
    with Database.open(kiosk_db) as db:
        assert SqliteAuditLog(db, clock, "kiosk-1").verify().intact
        assert SqliteQuestionLockouts(db, clock, CprPseudonyms(bytes(32))).is_locked(CPR)


def test_a_backup_is_taken_while_another_process_writes(kiosk_db: Path, tmp_path: Path) -> None:
    with Database.open(kiosk_db) as writer, writer.transaction() as connection:
        connection.execute("INSERT INTO question_lockouts VALUES ('uncommitted', 'm', 'x', 'y')")
        backup = backup_database(kiosk_db, tmp_path / "backups")
    with sqlite3.connect(backup) as copy:
        refs = [row[0] for row in copy.execute("SELECT cpr_ref FROM question_lockouts")]
    assert "uncommitted" not in refs and len(refs) == 1


def test_two_backups_in_a_row_get_two_names(kiosk_db: Path, tmp_path: Path) -> None:
    first = backup_database(kiosk_db, tmp_path / "b")
    second = backup_database(kiosk_db, tmp_path / "b")
    assert first != second and first.exists() and second.exists()


def test_backing_up_a_missing_database_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="does not exist"):
        backup_database(tmp_path / "none.sqlite", tmp_path / "b")


def test_restore_refuses_a_file_that_is_not_a_database(kiosk_db: Path, tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a backup")
    before = kiosk_db.read_bytes()
    with pytest.raises(StorageError, match="not an SQLite database"):
        restore_database(junk, kiosk_db)
    assert kiosk_db.read_bytes() == before


def test_restore_refuses_a_foreign_sqlite_file(kiosk_db: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE t (a)")
    with pytest.raises(StorageError, match="not a kiosk or register database"):
        restore_database(foreign, kiosk_db)
    assert audit_count(kiosk_db) == 5


def test_restore_refuses_a_register_over_a_kiosk_database(kiosk_db: Path, tmp_path: Path) -> None:
    register = tmp_path / "register.sqlite"
    Database.open(register, "register").close()
    with pytest.raises(StorageError, match=r"is a register database; .* is a kiosk one"):
        restore_database(register, kiosk_db)
    assert audit_count(kiosk_db) == 5


def test_restore_refuses_a_backup_from_a_newer_kiosk(kiosk_db: Path, tmp_path: Path) -> None:
    backup = backup_database(kiosk_db, tmp_path / "b")
    with sqlite3.connect(backup) as connection:
        connection.execute(f"PRAGMA user_version = {KIOSK_MIGRATIONS[-1].version + 1}")
    with pytest.raises(SchemaVersionError):
        restore_database(backup, kiosk_db)


def test_restore_into_an_empty_place_creates_the_database(kiosk_db: Path, tmp_path: Path) -> None:
    backup = backup_database(kiosk_db, tmp_path / "b")
    target = tmp_path / "new" / "kiosk.sqlite"
    assert restore_database(backup, target) is None
    assert audit_count(target) == 5


# --- the command line ---


def test_kiosk_db_backup_and_restore_commands(
    kiosk_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "cli-backups"
    assert main(["db", "backup", "--db", str(kiosk_db), "--out", str(out)]) == 0
    (made,) = json.loads(capsys.readouterr().out)["backups"]
    assert Path(made).parent == out
    kiosk_db.unlink()
    assert main(["db", "restore", made, "--db", str(kiosk_db)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["kind"] == "kiosk" and report["previous_kept_as"] is None
    assert audit_count(kiosk_db) == 5


def test_kiosk_db_backup_takes_both_databases_from_the_config(
    tmp_path: Path, clock: FixedClock, capsys: pytest.CaptureFixture
) -> None:
    data = tmp_path / "data"
    Database.open(data / "kiosk.sqlite").close()
    Database.open(data / "register.sqlite", "register").close()
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'[storage]\ndatabase = "{data / "kiosk.sqlite"}"\nbackups = "{tmp_path / "bk"}"\n'
    )
    assert main(["--config", str(config), "db", "backup"]) == 0
    made = [Path(p) for p in json.loads(capsys.readouterr().out)["backups"]]
    assert sorted(inspect_database(p).kind for p in made) == ["kiosk", "register"]
    assert all(p.parent == tmp_path / "bk" for p in made)
    register_backup = next(p for p in made if p.name.startswith("register"))
    assert main(["--config", str(config), "db", "restore", str(register_backup)]) == 0
    assert json.loads(capsys.readouterr().out)["restored"] == str(data / "register.sqlite")


def test_kiosk_db_restore_of_junk_exits_2_with_one_line(
    kiosk_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_text("junk")
    assert main(["db", "restore", str(junk), "--db", str(kiosk_db)]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "not an SQLite database" in error
    assert audit_count(kiosk_db) == 5


def test_pruning_keeps_the_newest_scheduled_backups_and_every_labelled_one(
    kiosk_db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "b"
    made = [backup_database(kiosk_db, folder) for _ in range(4)]
    labelled = backup_database(kiosk_db, folder, label="before-restore")
    deleted = prune_backups(folder, "kiosk", keep=2)
    assert deleted == made[:2]
    assert sorted(folder.iterdir()) == sorted([*made[2:], labelled])
    assert prune_backups(folder, "kiosk", keep=0) == []


def test_kiosk_db_backup_prunes_with_keep(
    kiosk_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "timer"
    for _ in range(3):
        assert main(["db", "backup", "--db", str(kiosk_db), "--out", str(out), "--keep", "2"]) == 0
    reports = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [len(r["pruned"]) for r in reports] == [0, 0, 1]
    assert len(list(out.iterdir())) == 2


def test_kiosk_db_info_names_kind_and_version(
    kiosk_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert main(["db", "info", "--db", str(kiosk_db)]) == 0
    info = json.loads(capsys.readouterr().out)
    assert (info["kind"], info["up_to_date"]) == ("kiosk", True)
    assert info["schema_version"] == KIOSK_MIGRATIONS[-1].version
    assert main(["db", "info", "--db", str(tmp_path / "none.sqlite")]) == 2
    assert "does not exist" in capsys.readouterr().err
