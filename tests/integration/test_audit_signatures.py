"""A keyed audit trail: the four attacks of issue 14, each done with the chain recomputed.

The kiosk's own storage signs every entry (Ed25519, its audit.key); the attacker has the
database file, drops the append-only triggers and rewrites rows with SQL, recomputing every
hash and the head, but has no private key. ``kiosk audit verify`` must name the first bad entry
for an edited, deleted, inserted and re-chained (re-signed with another key) log, while the
unkeyed chain check alone is fooled by each.
"""

from __future__ import annotations

import sqlite3
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.storage.audit import GENESIS_HASH, entry_hash
from kiosk.storage.audit_signing import (
    AuditSigner,
    entry_message,
    head_message,
    load_or_create_signer,
)
from kiosk.storage.sqlite.audit_log import SqliteAuditLog
from kiosk.storage.sqlite.database import Database
from kiosk.storage.stores import open_kiosk_storage

ENTRIES = 5
Rows = list[list[object]]  # seq, time, kiosk_id, event, data, prev_hash, hash, signature


def make_log(folder: Path) -> Path:
    config = KioskConfig().replace(storage={"database": str(folder / "kiosk.sqlite")})
    with open_kiosk_storage(config, FixedClock.on(date(2026, 11, 23))) as storage:
        for number in range(1, ENTRIES + 1):
            storage.audit.append("test.step", number=number)
        assert storage.audit.verify().intact
    return folder / "kiosk.sqlite"


def rewrite(database: Path, change: Callable[[Rows], Rows], signer: AuditSigner | None) -> None:
    """Replace the log with ``change(rows)``, re-chained and re-hashed, the head set to match;
    signed by ``signer`` when given (an attacker's key), else keeping the old signatures."""
    with sqlite3.connect(database) as connection:
        connection.execute("DROP TRIGGER audit_log_no_update")
        connection.execute("DROP TRIGGER audit_log_no_delete")
        rows = [list(row) for row in connection.execute("SELECT * FROM audit_log ORDER BY seq")]
        rows = change(rows)
        previous = GENESIS_HASH
        for seq, row in enumerate(rows, start=1):
            row[0], row[5] = seq, previous
            row[6] = entry_hash(seq, row[1], row[2], row[3], row[4], previous)
            if signer:
                row[7] = signer.sign(entry_message(seq, row[6]))
            previous = row[6]
        connection.execute("DELETE FROM audit_log")
        connection.executemany(f"INSERT INTO audit_log VALUES ({', '.join('?' * 8)})", rows)
        head_signature = signer.sign(head_message(len(rows), previous)) if signer else ""
        connection.execute(
            "UPDATE audit_head SET seq = ?, hash = ?, signature = ?",
            (
                len(rows),
                previous,
                head_signature
                or connection.execute("SELECT signature FROM audit_head").fetchone()[0],
            ),
        )
        if signer:  # the public key the database records is the attacker's now too
            connection.execute(
                "UPDATE key_fingerprints SET fingerprint = ? WHERE name = 'audit-public-key'",
                (signer.verifier.public_bytes().hex(),),
            )


def edited(rows: Rows) -> Rows:
    rows[2][4] = '{"number":33}'
    return rows


def deleted(rows: Rows) -> Rows:
    return rows[:2] + rows[3:]


def inserted(rows: Rows) -> Rows:
    planted: list[object] = [0, rows[2][1], rows[2][2], "test.planted", "{}", "", "", ""]
    return [*rows[:2], planted, *rows[2:]]


ATTACKS = {
    "edited": (edited, False, 3),
    "deleted": (deleted, False, 3),
    "inserted": (inserted, False, 3),
    "re-chained with another key": (edited, True, 1),
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_each_attack_is_named_at_its_first_bad_entry(
    tmp_path: Path, attack: str, kiosk_command: list[str], subprocess_env: dict[str, str]
) -> None:
    change, own_key, first_bad = ATTACKS[attack]
    database = make_log(tmp_path)
    attacker = AuditSigner(Ed25519PrivateKey.generate()) if own_key else None
    rewrite(database, change, attacker)
    with Database.open(database, "kiosk", migrate=False) as db:
        unkeyed = SqliteAuditLog(db, FixedClock(), "kiosk-1").verify()
    assert unkeyed.intact  # the recomputed chain fools a check without the key
    result = subprocess.run(
        [*kiosk_command, "audit", "verify", "--db", str(database), "--json"],
        env=subprocess_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert f'"seq": {first_bad}' in result.stdout and '"forged"' in result.stdout, result.stdout
    assert '"signatures_checked": true' in result.stdout


def test_a_cut_tail_with_the_head_moved_back_is_caught(tmp_path: Path) -> None:
    database = make_log(tmp_path)
    rewrite(database, lambda rows: rows[:3], None)
    signer_file = tmp_path / "audit.key"
    verifier = load_or_create_signer(signer_file, create=False).verifier
    with Database.open(database, "kiosk", migrate=False) as db:
        report = SqliteAuditLog(db, FixedClock(), "kiosk-1", verifier=verifier).verify()
    assert report.problem is not None and report.problem.kind == "deleted"


def test_an_untouched_signed_log_verifies(
    tmp_path: Path, kiosk_command: list[str], subprocess_env: dict[str, str]
) -> None:
    database = make_log(tmp_path)
    result = subprocess.run(
        [*kiosk_command, "audit", "verify", "--db", str(database)],
        env=subprocess_env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert f"{ENTRIES} entries (signatures checked)" in result.stdout


def test_db_restore_refuses_a_backup_whose_audit_log_does_not_verify(
    tmp_path: Path, kiosk_command: list[str], subprocess_env: dict[str, str]
) -> None:
    database = make_log(tmp_path)
    config = tmp_path / "kiosk.toml"
    config.write_text(f'demo = true\n[storage]\ndatabase = "{database}"\n')

    def kiosk(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*kiosk_command, "--config", str(config), *args],
            env=subprocess_env,
            capture_output=True,
            text=True,
            timeout=60,
        )

    good = tmp_path / "good.sqlite"
    bad = tmp_path / "bad.sqlite"
    good.write_bytes(database.read_bytes())
    bad.write_bytes(database.read_bytes())
    rewrite(bad, edited, None)
    before = database.read_bytes()
    refused = kiosk("db", "restore", str(bad))
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "does not verify, not restored: audit entry 3 forged" in refused.stderr
    assert database.read_bytes() == before  # nothing restored
    restored = kiosk("db", "restore", str(good))
    assert restored.returncode == 0, restored.stderr
