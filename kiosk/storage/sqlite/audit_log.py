"""``SqliteAuditLog``: the AuditLog port over the kiosk database, append-only and hash-chained.

Entries and their hashes are those of :mod:`kiosk.storage.audit`. Triggers refuse UPDATE and
DELETE, and the head of the chain is kept in ``audit_head`` so a cut-off tail is caught too.
:meth:`SqliteAuditLog.verify` names the first entry that was edited, deleted, inserted or
reordered; :meth:`SqliteAuditLog.append` refuses data holding a secret or an unmasked CPR number.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from kiosk.clock import Clock
from kiosk.errors import AuditChainError, StorageError
from kiosk.storage.audit import (
    EVENT_NAME,
    GENESIS_HASH,
    AuditEntry,
    AuditReport,
    canonical_json,
    entry_hash,
    refuse_secrets,
)
from kiosk.storage.audit_diagnosis import AuditProblem, diagnose
from kiosk.storage.audit_signing import AuditSigner, AuditVerifier, entry_message, head_message
from kiosk.storage.sqlite.database import Database
from kiosk.storage.timestamps import from_db_time, to_db_time

SELECT_ENTRIES = "SELECT seq, time, kiosk_id, event, data, prev_hash, hash FROM audit_log"
SELECT_SIGNED = "SELECT seq, time, kiosk_id, event, data, prev_hash, hash, signature FROM audit_log"


class SqliteAuditLog:
    """The kiosk's audit log over ``db`` (a kiosk database), stamped with ``kiosk_id``.

    With a ``signer`` every entry and the head are signed; with a ``verifier`` (the signer's,
    or a kiosk's public key) :meth:`verify` also checks every signature, so an entry rewritten
    and re-chained without the key is named. Without one only the chain is checked.
    """

    def __init__(
        self,
        db: Database,
        clock: Clock,
        kiosk_id: str,
        signer: AuditSigner | None = None,
        verifier: AuditVerifier | None = None,
    ) -> None:
        self._db = db
        self._clock = clock
        self._kiosk_id = kiosk_id
        self._signer = signer
        self._verifier = verifier or (signer.verifier if signer else None)

    def append(self, event: str, **data: object) -> AuditEntry:
        """Add one entry; inside a caller's ``db.transaction()`` it commits with the caller's work.

        ``event`` is a dotted lower-case name (``issuance.activated``). Raises StorageError for
        a bad event name or data holding a secret key or an unmasked CPR number.
        """
        if not EVENT_NAME.match(event):
            raise StorageError(f"bad audit event name {event!r}")
        refuse_secrets(data, "data")
        data_json = canonical_json(data)
        time_text = to_db_time(self._clock.now())
        with self._db.transaction() as connection:
            # Chain from the recorded head, not the last row: a tail cut off behind the
            # kiosk's back then still shows as a gap instead of being papered over.
            last = (
                connection.execute("SELECT seq, hash FROM audit_head WHERE id = 1").fetchone()
                or connection.execute(
                    "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1"
                ).fetchone()
            )
            seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
            digest = entry_hash(seq, time_text, self._kiosk_id, event, data_json, prev_hash)
            signer = self._signer
            signature = signer.sign(entry_message(seq, digest)) if signer else ""
            head_signature = signer.sign(head_message(seq, digest)) if signer else ""
            connection.execute(
                "INSERT INTO audit_log (seq, time, kiosk_id, event, data, prev_hash, hash,"
                " signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (seq, time_text, self._kiosk_id, event, data_json, prev_hash, digest, signature),
            )
            connection.execute(
                "INSERT INTO audit_head (id, seq, hash, signature) VALUES (1, ?, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash,"
                " signature = excluded.signature",
                (seq, digest, head_signature),
            )
        return AuditEntry(
            seq,
            from_db_time(time_text),
            self._kiosk_id,
            event,
            json.loads(data_json),
            prev_hash,
            digest,
        )

    def verify(self) -> AuditReport:
        """Walk the chain once; on the first break, name the entry and what happened to it.

        The walk and the head check read one snapshot, so kiosks appending meanwhile are
        neither reported as tampering nor slowed down (WAL readers do not block writers).
        """
        with self._db.snapshot():
            return self._verify()

    def _verify(self) -> AuditReport:
        started = time.perf_counter()
        previous, expected, count = GENESIS_HASH, 1, 0
        verifier = self._verifier
        for seq, time_text, kiosk_id, event, data, prev_hash, stored, signed in self._db.stream(
            SELECT_SIGNED + " ORDER BY seq"
        ):
            if (
                seq != expected
                or prev_hash != previous
                or entry_hash(seq, time_text, kiosk_id, event, data, prev_hash) != stored
            ):
                problem: AuditProblem | None = diagnose(self._chain_rows(), count, entry_hash)
                return AuditReport(count, expected - 1, problem, time.perf_counter() - started)
            if verifier is not None and not verifier.verify(entry_message(seq, stored), signed):
                problem = AuditProblem(
                    seq,
                    "forged",
                    f"entry {seq}'s signature does not verify with the kiosk's key: it was "
                    "written, rewritten or re-chained without it",
                )
                return AuditReport(count, seq - 1, problem, time.perf_counter() - started)
            previous, expected, count = stored, expected + 1, count + 1
        problem = self._check_head(expected - 1, previous)
        return AuditReport(count, expected - 1, problem, time.perf_counter() - started)

    def verify_chain_only(self) -> AuditReport:
        """The hash chain of a log from before signatures (no ``signature`` column)."""
        with self._db.snapshot():
            started = time.perf_counter()
            previous, expected, count = GENESIS_HASH, 1, 0
            for seq, time_text, kiosk_id, event, data, prev_hash, stored in self._db.stream(
                SELECT_ENTRIES + " ORDER BY seq"
            ):
                if (
                    seq != expected
                    or prev_hash != previous
                    or entry_hash(seq, time_text, kiosk_id, event, data, prev_hash) != stored
                ):
                    problem = diagnose(self._chain_rows(), count, entry_hash)
                    return AuditReport(count, expected - 1, problem, time.perf_counter() - started)
                previous, expected, count = stored, expected + 1, count + 1
            return AuditReport(count, expected - 1, None, time.perf_counter() - started)

    def verify_or_raise(self) -> AuditReport:
        report = self.verify()
        if report.problem:
            raise AuditChainError(f"audit entry {report.problem.seq}: {report.problem.detail}")
        return report

    def _chain_rows(self) -> list[tuple[Any, ...]]:
        return list(self._db.stream(SELECT_ENTRIES + " ORDER BY seq"))

    def _check_head(self, last_seq: int, last_hash: str) -> AuditProblem | None:
        head = self._db.query_one("SELECT seq, hash, signature FROM audit_head WHERE id = 1")
        head_seq, head_hash = (head[0], head[1]) if head else (0, GENESIS_HASH)
        if head_seq > last_seq:
            return AuditProblem(
                last_seq + 1,
                "deleted",
                f"entries {last_seq + 1}..{head_seq} are missing at the end",
            )
        if head_seq < last_seq:
            return AuditProblem(
                head_seq + 1, "inserted", f"entries after {head_seq} were added outside the kiosk"
            )
        if head_hash != last_hash:
            return AuditProblem(last_seq, "edited", f"entry {last_seq} differs from the head")
        verifier = self._verifier
        if head and verifier and not verifier.verify(head_message(head_seq, head_hash), head[2]):
            return AuditProblem(
                head_seq, "deleted", "the chain's head is not signed by the kiosk: entries cut"
            )
        return None

    def entries(self, after_seq: int = 0) -> Iterator[AuditEntry]:
        for seq, time_text, kiosk_id, event, data, prev_hash, stored in self._db.stream(
            SELECT_ENTRIES + " WHERE seq > ? ORDER BY seq", (after_seq,)
        ):
            yield AuditEntry(
                seq, from_db_time(time_text), kiosk_id, event, json.loads(data), prev_hash, stored
            )

    def latest_event(self, events: Sequence[str]) -> str | None:
        """Which of ``events`` this kiosk logged last, or None when it logged none of them."""
        if not events:
            return None
        marks = ", ".join("?" * len(events))
        row = self._db.query_one(
            f"SELECT event FROM audit_log WHERE kiosk_id = ? AND event IN ({marks})"
            " ORDER BY seq DESC LIMIT 1",
            (self._kiosk_id, *events),
        )
        return None if row is None else str(row[0])

    def export(self, out: Path) -> int:
        """Write every entry as one JSON object per line to ``out``; returns the count."""
        count = 0
        try:
            with Path(out).open("w", encoding="utf-8") as handle:
                for entry in self.entries():
                    handle.write(json.dumps(entry.to_json(), ensure_ascii=False) + "\n")
                    count += 1
        except OSError as exc:
            raise StorageError(f"cannot write {out}: {exc.strerror}") from exc
        return count
