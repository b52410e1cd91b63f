"""The audit log's hash chain on a real SQLite file: every kind of tampering is named."""

from __future__ import annotations

import itertools
import json
import sqlite3
from pathlib import Path

import pytest

from kiosk.clock import FixedClock
from kiosk.errors import AuditChainError, StorageError
from kiosk.storage.audit import GENESIS_HASH, entry_hash
from kiosk.storage.sqlite.audit_log import SqliteAuditLog
from kiosk.storage.sqlite.database import Database

ENTRIES = 20
TARGET = 7


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database.open(tmp_path / "kiosk.sqlite")
    yield database
    database.close()


@pytest.fixture
def log(db: Database, clock: FixedClock) -> SqliteAuditLog:
    audit = SqliteAuditLog(db, clock, "kiosk-test")
    for number in range(1, ENTRIES + 1):
        audit.append("journey.state_entered", state=f"step_{number}", masked_cpr="150368-XXXX")
        clock.advance(1.5)
    return audit


def tamper(db: Database, *statements: str) -> None:
    """What someone with the file and the sqlite3 shell could do: drop the guards, edit."""
    with sqlite3.connect(db.path) as connection:
        connection.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        connection.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
        for statement in statements:
            connection.execute(statement)


def shift_up_from(seq: int) -> tuple[str, str]:
    """Renumber entries seq.. one up, in two steps so the primary key never collides."""
    return (
        f"UPDATE audit_log SET seq = -(seq + 1) WHERE seq >= {seq}",
        "UPDATE audit_log SET seq = -seq WHERE seq < 0",
    )


def row(db: Database, seq: int) -> sqlite3.Row:
    return db.query_one("SELECT * FROM audit_log WHERE seq = ?", (seq,))


def test_an_untouched_log_verifies_intact(log: SqliteAuditLog) -> None:
    report = log.verify()
    assert report.intact
    assert (report.entries, report.last_seq) == (ENTRIES, ENTRIES)


def test_an_empty_log_verifies_intact(db: Database, clock: FixedClock) -> None:
    assert SqliteAuditLog(db, clock, "k").verify().intact


def test_entries_chain_from_the_genesis_hash(log: SqliteAuditLog) -> None:
    entries = list(log.entries())
    assert entries[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    assert [e.seq for e in entries] == list(range(1, ENTRIES + 1))


def test_the_database_refuses_update_and_delete(log: SqliteAuditLog, db: Database) -> None:
    with pytest.raises(StorageError, match="append-only"), db.transaction() as connection:
        connection.execute("UPDATE audit_log SET event = 'x' WHERE seq = 1")
    with pytest.raises(StorageError, match="append-only"), db.transaction() as connection:
        connection.execute("DELETE FROM audit_log WHERE seq = 1")


def test_an_edited_entry_is_named(log: SqliteAuditLog, db: Database) -> None:
    tamper(db, f'UPDATE audit_log SET data = \'{{"state":"forged"}}\' WHERE seq = {TARGET}')
    problem = log.verify().problem
    assert problem is not None
    assert (problem.seq, problem.kind) == (TARGET, "edited")


def test_an_edited_time_is_named(log: SqliteAuditLog, db: Database) -> None:
    tamper(
        db, f"UPDATE audit_log SET time = '2020-01-01T00:00:00.000000+00:00' WHERE seq = {TARGET}"
    )
    problem = log.verify().problem
    assert problem is not None and (problem.seq, problem.kind) == (TARGET, "edited")


def test_an_entry_rewritten_with_a_fresh_hash_is_named(log: SqliteAuditLog, db: Database) -> None:
    old = row(db, TARGET)
    data = '{"state":"forged"}'
    forged = entry_hash(TARGET, old["time"], old["kiosk_id"], old["event"], data, old["prev_hash"])
    tamper(db, f"UPDATE audit_log SET data = '{data}', hash = '{forged}' WHERE seq = {TARGET}")
    problem = log.verify().problem
    assert problem is not None and (problem.seq, problem.kind) == (TARGET, "edited")


def test_a_deleted_entry_is_named(log: SqliteAuditLog, db: Database) -> None:
    tamper(db, f"DELETE FROM audit_log WHERE seq = {TARGET}")
    problem = log.verify().problem
    assert problem is not None and (problem.seq, problem.kind) == (TARGET, "deleted")


def test_a_deleted_first_entry_is_named(log: SqliteAuditLog, db: Database) -> None:
    tamper(db, "DELETE FROM audit_log WHERE seq = 1")
    problem = log.verify().problem
    assert problem is not None and (problem.seq, problem.kind) == (1, "deleted")


def test_a_deleted_last_entry_is_caught_by_the_head(log: SqliteAuditLog, db: Database) -> None:
    tamper(db, f"DELETE FROM audit_log WHERE seq = {ENTRIES}")
    problem = log.verify().problem
    assert problem is not None and (problem.seq, problem.kind) == (ENTRIES, "deleted")


def test_a_cut_tail_stays_visible_after_the_kiosk_appends_again(
    log: SqliteAuditLog, db: Database
) -> None:
    tamper(db, f"DELETE FROM audit_log WHERE seq >= {ENTRIES - 1}")
    assert log.append("journey.state_entered", state="later").seq == ENTRIES + 1
    problem = log.verify().problem
    assert problem is not None and (problem.seq, problem.kind) == (ENTRIES - 1, "deleted")


def test_a_deleted_and_renumbered_entry_is_named(log: SqliteAuditLog, db: Database) -> None:
    tamper(
        db,
        f"DELETE FROM audit_log WHERE seq = {TARGET}",
        f"UPDATE audit_log SET seq = seq - 1 WHERE seq > {TARGET}",
        f"UPDATE audit_head SET seq = {ENTRIES - 1}",
    )
    problem = log.verify().problem
    assert problem is not None and (problem.seq, problem.kind) == (TARGET, "deleted")


def test_an_inserted_entry_with_junk_hashes_is_named(log: SqliteAuditLog, db: Database) -> None:
    tamper(
        db,
        *shift_up_from(TARGET),
        f"INSERT INTO audit_log VALUES ({TARGET}, '2026-11-23T09:00:00.000000+00:00', "
        f"'kiosk-test', 'issuance.activated', '{{}}', '{'1' * 64}', '{'2' * 64}', '')",
    )
    problem = log.verify().problem
    assert problem is not None and (problem.seq, problem.kind) == (TARGET, "inserted")


def test_an_inserted_entry_with_a_forged_chain_link_is_named(
    log: SqliteAuditLog, db: Database
) -> None:
    previous = row(db, TARGET - 1)
    time_text, data = previous["time"], '{"nemid_number":"123456789"}'
    forged = entry_hash(
        TARGET, time_text, "kiosk-test", "issuance.activated", data, previous["hash"]
    )
    tamper(
        db,
        *shift_up_from(TARGET),
        f"INSERT INTO audit_log VALUES ({TARGET}, '{time_text}', 'kiosk-test', "
        f"'issuance.activated', '{data}', '{previous['hash']}', '{forged}', '')",
    )
    problem = log.verify().problem
    assert problem is not None and (problem.seq, problem.kind) == (TARGET, "inserted")


def test_an_entry_appended_outside_the_kiosk_is_caught_by_the_head(
    log: SqliteAuditLog, db: Database
) -> None:
    last = row(db, ENTRIES)
    seq, data = ENTRIES + 1, "{}"
    forged = entry_hash(seq, last["time"], "kiosk-test", "x.y", data, last["hash"])
    tamper(
        db,
        f"INSERT INTO audit_log VALUES ({seq}, '{last['time']}', 'kiosk-test', 'x.y', "
        f"'{data}', '{last['hash']}', '{forged}', '')",
    )
    problem = log.verify().problem
    assert problem is not None and (problem.seq, problem.kind) == (seq, "inserted")


def test_two_swapped_entries_are_named_reordered(log: SqliteAuditLog, db: Database) -> None:
    tamper(
        db,
        f"UPDATE audit_log SET seq = -1 WHERE seq = {TARGET}",
        f"UPDATE audit_log SET seq = {TARGET} WHERE seq = {TARGET + 1}",
        f"UPDATE audit_log SET seq = {TARGET + 1} WHERE seq = -1",
    )
    problem = log.verify().problem
    assert problem is not None and (problem.seq, problem.kind) == (TARGET, "reordered")


def test_an_entry_moved_back_is_named_reordered(log: SqliteAuditLog, db: Database) -> None:
    # Entry 12 moved to position 7; entries 7..11 each move one place later.
    tamper(
        db,
        "UPDATE audit_log SET seq = -100 WHERE seq = 12",
        f"UPDATE audit_log SET seq = -(seq + 1) WHERE seq BETWEEN {TARGET} AND 11",
        "UPDATE audit_log SET seq = -seq WHERE seq BETWEEN -12 AND -1",
        f"UPDATE audit_log SET seq = {TARGET} WHERE seq = -100",
    )
    problem = log.verify().problem
    assert problem is not None and (problem.seq, problem.kind) == (TARGET, "reordered")
    assert "after entry 12" in problem.detail


def test_verify_or_raise_raises_audit_chain_error(log: SqliteAuditLog, db: Database) -> None:
    tamper(db, f"DELETE FROM audit_log WHERE seq = {TARGET}")
    with pytest.raises(AuditChainError, match=f"audit entry {TARGET}"):
        log.verify_or_raise()


def test_an_append_joins_the_callers_transaction_and_rolls_back_with_it(
    log: SqliteAuditLog, db: Database
) -> None:
    with pytest.raises(RuntimeError), db.transaction():
        log.append("issuance.reserved", nemid_number="412345678")
        raise RuntimeError("printer offline")
    assert log.verify().entries == ENTRIES
    entry = log.append("issuance.voided", nemid_number="412345678")
    assert entry.seq == ENTRIES + 1
    assert log.verify().intact


@pytest.mark.parametrize(
    "data",
    [
        {"password": "123456"},
        {"code": "318224"},
        {"temporary_password": "123456"},
        {"witness": {"nemid_password": "x"}},
        {"codes": ["318224"]},
        {"pin": "1234"},
    ],
)
def test_data_with_a_secret_key_is_refused(log: SqliteAuditLog, data: dict) -> None:
    with pytest.raises(StorageError, match="may hold a secret"):
        log.append("witness.signed", **data)
    assert log.verify().entries == ENTRIES


@pytest.mark.parametrize(
    "data",
    [
        {"cpr": "150368-1234"},
        {"cpr": "1503681234"},
        {"note": "citizen 150368-1234 asked for help"},
        {"number": 1503681234},
        {"people": [{"cpr": "2507741013"}]},
    ],
)
def test_data_with_an_unmasked_cpr_is_refused(log: SqliteAuditLog, data: dict) -> None:
    with pytest.raises(StorageError, match="unmasked CPR"):
        log.append("journey.document_read", **data)


def test_masked_cpr_refs_and_reason_codes_are_accepted(log: SqliteAuditLog) -> None:
    entry = log.append(
        "journey.refused",
        masked_cpr="150368-XXXX",
        cpr_ref="1503681234" + "a" * 54,
        reason_code="questions_failed",
        nemid_number="412345678",
        card_serial="NK1503681234",
    )
    assert entry.data["masked_cpr"] == "150368-XXXX"


def test_a_bad_event_name_is_refused(log: SqliteAuditLog) -> None:
    with pytest.raises(StorageError, match="bad audit event name"):
        log.append("Not An Event")


def test_export_writes_one_json_object_per_entry(log: SqliteAuditLog, tmp_path: Path) -> None:
    out = tmp_path / "audit.jsonl"
    assert log.export(out) == ENTRIES
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [line["seq"] for line in lines] == list(range(1, ENTRIES + 1))
    assert lines[3]["data"] == {"masked_cpr": "150368-XXXX", "state": "step_4"}
    assert lines[4]["prev_hash"] == lines[3]["hash"]


def test_export_to_an_unwritable_place_is_a_storage_error(
    log: SqliteAuditLog, tmp_path: Path
) -> None:
    with pytest.raises(StorageError, match="cannot write"):
        log.export(tmp_path / "no" / "such" / "folder" / "audit.jsonl")
