"""The audit log: append-only and hash-chained, in the kiosk database.

Each entry holds ``seq``, ``time``, ``kiosk_id``, ``event``, its ``data`` as canonical JSON,
``prev_hash`` (the hash of the entry before it; 64 zeros for the first) and ``hash`` =
SHA-256 over all of these (see :func:`entry_hash`). Triggers refuse UPDATE and DELETE, and the
head of the chain is kept in ``audit_head`` so a cut-off tail is caught too. :meth:`AuditLog.verify`
names the first entry that was edited, deleted, inserted or reordered. Data never carries an
unmasked CPR number or a key named like a password or code: :meth:`AuditLog.append` refuses them.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kiosk.clock import Clock
from kiosk.errors import AuditChainError, StorageError
from kiosk.storage.audit_diagnosis import AuditProblem, diagnose
from kiosk.storage.database import Database
from kiosk.storage.timestamps import from_db_time, to_db_time

GENESIS_HASH = "0" * 64
EVENT_NAME = re.compile(r"^[a-z][a-z0-9_.]{0,79}$")
# Keys that would carry a secret; "reason_code", "error_code" and the like stay allowed.
SECRET_KEYS = frozenset({"password", "passwords", "code", "codes", "pin", "temporary_password"})
SECRET_KEY_SUFFIXES = ("_password", "_pin")
# A CPR number not masked: DDMMYY then four digits, optionally after a hyphen.
UNMASKED_CPR = re.compile(
    r"(?<![0-9A-Za-z])(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{2}-?\d{4}(?![0-9A-Za-z])"
)
HASH_LIKE = re.compile(r"^[0-9a-f]{32,}$")
SELECT_ENTRIES = "SELECT seq, time, kiosk_id, event, data, prev_hash, hash FROM audit_log"


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    time: datetime
    kiosk_id: str
    event: str
    data: dict[str, Any]
    prev_hash: str
    hash: str

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "time": to_db_time(self.time),
            "kiosk_id": self.kiosk_id,
            "event": self.event,
            "data": self.data,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


@dataclass(frozen=True)
class AuditReport:
    """What :meth:`AuditLog.verify` found; ``problem`` is None when the chain is intact."""

    entries: int
    last_seq: int
    problem: AuditProblem | None = None
    elapsed_s: float = field(default=0.0, compare=False)

    @property
    def intact(self) -> bool:
        return self.problem is None

    def to_json(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "intact": self.intact,
            "entries": self.entries,
            "last_seq": self.last_seq,
        }
        if self.problem:
            payload["problem"] = {
                "seq": self.problem.seq,
                "kind": self.problem.kind,
                "detail": self.problem.detail,
            }
        return payload


def entry_hash(
    seq: int, time_text: str, kiosk_id: str, event: str, data_json: str, prev_hash: str
) -> str:
    """SHA-256 hex over the six fields as netstrings (``<length>:<utf-8 bytes>,``), in order."""
    digest = hashlib.sha256()
    for text in (str(seq), time_text, kiosk_id, event, data_json, prev_hash):
        raw = text.encode("utf-8")
        digest.update(b"%d:%b," % (len(raw), raw))
    return digest.hexdigest()


def canonical_json(data: dict[str, Any]) -> str:
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_value
    )


class AuditLog:
    """The kiosk's audit log over ``db`` (a kiosk database), stamped with ``kiosk_id``."""

    def __init__(self, db: Database, clock: Clock, kiosk_id: str) -> None:
        self._db = db
        self._clock = clock
        self._kiosk_id = kiosk_id

    def append(self, event: str, **data: Any) -> AuditEntry:
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
            connection.execute(
                "INSERT INTO audit_log (seq, time, kiosk_id, event, data, prev_hash, hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (seq, time_text, self._kiosk_id, event, data_json, prev_hash, digest),
            )
            connection.execute(
                "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)"
                " ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                (seq, digest),
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
        problem = self._check_head(expected - 1, previous)
        return AuditReport(count, expected - 1, problem, time.perf_counter() - started)

    def verify_or_raise(self) -> AuditReport:
        report = self.verify()
        if report.problem:
            raise AuditChainError(f"audit entry {report.problem.seq}: {report.problem.detail}")
        return report

    def _chain_rows(self) -> list[tuple]:
        return list(self._db.stream(SELECT_ENTRIES + " ORDER BY seq"))

    def _check_head(self, last_seq: int, last_hash: str) -> AuditProblem | None:
        head = self._db.query_one("SELECT seq, hash FROM audit_head WHERE id = 1")
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
        return None

    def entries(self, after_seq: int = 0) -> Iterator[AuditEntry]:
        for seq, time_text, kiosk_id, event, data, prev_hash, stored in self._db.stream(
            SELECT_ENTRIES + " WHERE seq > ? ORDER BY seq", (after_seq,)
        ):
            yield AuditEntry(
                seq, from_db_time(time_text), kiosk_id, event, json.loads(data), prev_hash, stored
            )

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


def refuse_secrets(value: Any, where: str) -> None:
    """Raise StorageError if ``value`` holds a secret-named key or an unmasked CPR number."""
    if isinstance(value, dict):
        for key, item in value.items():
            name = str(key).lower()
            if name in SECRET_KEYS or name.endswith(SECRET_KEY_SUFFIXES):
                raise StorageError(f"audit {where}: the key {key!r} may hold a secret")
            refuse_secrets(item, f"{where}.{key}")
    elif isinstance(value, (list, tuple, set, frozenset)):
        for index, item in enumerate(value):
            refuse_secrets(item, f"{where}[{index}]")
    elif not isinstance(value, (bool, float)) and value is not None:
        text = str(value)
        if not HASH_LIKE.match(text) and UNMASKED_CPR.search(text):
            raise StorageError(f"audit {where}: holds an unmasked CPR number; mask it")


def _json_value(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)
