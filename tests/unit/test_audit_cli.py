"""``kiosk audit verify`` and ``kiosk audit export`` on real database files."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from app.cli.main import main
from kiosk.clock import FixedClock
from kiosk.storage.sqlite.audit_log import SqliteAuditLog
from kiosk.storage.sqlite.database import Database
from kiosk.storage.sqlite.migrations import KIOSK_MIGRATIONS

ENTRIES = 12


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "kiosk.sqlite"
    with Database.open(path) as db:
        log = SqliteAuditLog(db, FixedClock(), "kiosk-cli")
        for number in range(ENTRIES):
            log.append("journey.state_entered", state=f"s{number}")
    return path


def delete_entry(path: Path, seq: int) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute("DROP TRIGGER audit_log_no_delete")
        connection.execute("DELETE FROM audit_log WHERE seq = ?", (seq,))


def test_verify_exits_0_for_an_intact_log(db_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["audit", "verify", "--db", str(db_path)]) == 0
    assert f"intact, {ENTRIES} entries" in capsys.readouterr().out


def test_verify_exits_2_naming_the_first_bad_entry(
    db_path: Path, capsys: pytest.CaptureFixture
) -> None:
    delete_entry(db_path, 5)
    assert main(["audit", "verify", "--db", str(db_path)]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("kiosk: audit_chain_broken: entry 5 deleted")
    assert len(error.splitlines()) == 1


def test_verify_json_reports_the_problem(db_path: Path, capsys: pytest.CaptureFixture) -> None:
    delete_entry(db_path, 3)
    assert main(["audit", "verify", "--db", str(db_path), "--json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["intact"] is False
    assert report["problem"]["seq"] == 3 and report["problem"]["kind"] == "deleted"


def test_verify_of_a_missing_database_exits_2_without_creating_it(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    missing = tmp_path / "nowhere.sqlite"
    assert main(["audit", "verify", "--db", str(missing)]) == 2
    assert "no kiosk database" in capsys.readouterr().err
    assert not missing.exists()


def test_verify_of_a_future_schema_exits_2_with_one_line(
    db_path: Path, kiosk_command: list[str], subprocess_env: dict[str, str]
) -> None:
    with sqlite3.connect(db_path) as connection:
        connection.execute(f"PRAGMA user_version = {KIOSK_MIGRATIONS[-1].version + 1}")
    result = subprocess.run(
        [*kiosk_command, "audit", "verify", "--db", str(db_path)],
        capture_output=True,
        text=True,
        env=subprocess_env,
        timeout=60,
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kiosk: schema_too_new:")
    assert "Traceback" not in result.stderr


def test_verify_of_a_file_that_is_not_a_database_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"\x00garbage" * 64)
    assert main(["audit", "verify", "--db", str(junk), "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"] == "storage_error"


def test_export_writes_json_lines(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "export.jsonl"
    assert main(["audit", "export", "--db", str(db_path), "--out", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["entries"] == ENTRIES
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [row["data"]["state"] for row in rows] == [f"s{n}" for n in range(ENTRIES)]
