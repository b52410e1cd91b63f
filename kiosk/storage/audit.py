"""The audit log's entries and their hash chain, apart from where they are stored.

Each entry holds ``seq``, ``time``, ``kiosk_id``, ``event``, its ``data`` as canonical JSON,
``prev_hash`` (the hash of the entry before it; 64 zeros for the first) and ``hash`` =
SHA-256 over all of these (see :func:`entry_hash`). :func:`refuse_secrets` keeps an unmasked CPR
number or a key named like a password or code out of the data. The repository that stores and
verifies the chain is the :class:`kiosk.storage.repositories.AuditLog` port, implemented over
SQLite by :class:`kiosk.storage.sqlite.audit_log.SqliteAuditLog`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from kiosk.errors import StorageError
from kiosk.storage.audit_diagnosis import AuditProblem
from kiosk.storage.timestamps import to_db_time

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


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    time: datetime
    kiosk_id: str
    event: str
    data: dict[str, object]
    prev_hash: str
    hash: str

    def to_json(self) -> dict[str, object]:
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

    def to_json(self) -> dict[str, object]:
        payload: dict[str, object] = {
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


def canonical_json(data: dict[str, object]) -> str:
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_value
    )


def refuse_secrets(value: object, where: str) -> None:
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


def _json_value(value: object) -> object:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)
