"""Audit log speed: verifying the hash chain (budget 1 s per 100 000 entries) and one append.

``python -m benchmarks.bench_audit [--entries N]`` prints the figures; ``python -m benchmarks``
includes them in the one table. The chain is built in bulk in a real kiosk database in a
temporary folder, each entry hashed exactly as ``AuditLog.append`` hashes it; verify time is
reported scaled to 100 000 entries. "append" is one signed ``AuditLog.append`` in its own
transaction. "verify with signatures" also checks each entry's Ed25519 signature (issue 14), on
a smaller signed chain, scaled the same way.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from benchmarks.figures import Figure, median_ms, timed_runs
from kiosk.clock import FixedClock
from kiosk.storage.audit import GENESIS_HASH, canonical_json, entry_hash
from kiosk.storage.audit_signing import AuditSigner, entry_message, head_message
from kiosk.storage.sqlite.audit_log import SqliteAuditLog
from kiosk.storage.sqlite.database import Database
from kiosk.storage.timestamps import to_db_time

ENTRIES = 100_000
QUICK_ENTRIES = 10_000
VERIFY_BUDGET_MS_PER_100K = 1000.0
APPEND_BUDGET_MS = 5.0
REPEATS, QUICK_REPEATS = 3, 1
APPENDS, QUICK_APPENDS = 200, 20
KIOSK_ID = "kiosk-bench"
EVENT = "journey.state_entered"


def build_chain(
    db: Database, clock: FixedClock, count: int, signer: AuditSigner | None = None
) -> None:
    rows, previous = [], GENESIS_HASH
    for seq in range(1, count + 1):
        time_text = to_db_time(clock.now())
        data = canonical_json({"state": "witness_sign", "masked_cpr": "150368-XXXX", "n": seq})
        digest = entry_hash(seq, time_text, KIOSK_ID, EVENT, data, previous)
        signature = signer.sign(entry_message(seq, digest)) if signer else ""
        rows.append((seq, time_text, KIOSK_ID, EVENT, data, previous, digest, signature))
        previous = digest
        clock.advance(0.25)
    with db.transaction() as connection:
        connection.executemany("INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        head = signer.sign(head_message(count, previous)) if signer else ""
        connection.execute("INSERT INTO audit_head VALUES (1, ?, ?, ?)", (count, previous, head))


def measure(quick: bool = False, entries: int | None = None) -> list[Figure]:
    count = entries or (QUICK_ENTRIES if quick else ENTRIES)
    with tempfile.TemporaryDirectory() as folder:
        clock = FixedClock()
        with Database.open(Path(folder) / "kiosk.sqlite") as db:
            build_chain(db, clock, count)
            log = SqliteAuditLog(db, clock, KIOSK_ID)
            verify = timed_runs(log.verify, QUICK_REPEATS if quick else REPEATS)
            intact = log.verify().intact
        signed_count = count // 20
        signer = AuditSigner(Ed25519PrivateKey.generate())
        with Database.open(Path(folder) / "signed.sqlite") as db:
            build_chain(db, clock, signed_count, signer)
            log = SqliteAuditLog(db, clock, KIOSK_ID, signer)
            signed_verify = timed_runs(log.verify, QUICK_REPEATS if quick else REPEATS)
            signed_intact = log.verify().intact
            append = timed_runs(
                lambda: log.append(EVENT, state="document", masked_cpr="150368-XXXX"),
                QUICK_APPENDS if quick else APPENDS,
            )
    return [
        Figure(
            "audit verify, per 100 000 entries",
            median_ms(verify) * 100_000 / count,
            "ms",
            VERIFY_BUDGET_MS_PER_100K,
            f"{count} entries, {'intact' if intact else 'BROKEN'}",
        ),
        Figure(
            "audit verify with signatures, per 100 000 entries",
            median_ms(signed_verify) * 100_000 / signed_count,
            "ms",
            None,
            f"{signed_count} Ed25519-signed entries, {'intact' if signed_intact else 'BROKEN'}",
        ),
        Figure("audit append (own transaction)", median_ms(append), "ms", APPEND_BUDGET_MS),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_audit")
    parser.add_argument("--entries", type=int, default=ENTRIES)
    args = parser.parse_args(argv)
    figures = measure(entries=args.entries)
    for figure in figures:
        print(figure.row())
    return 1 if any(figure.within_budget is False for figure in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
