"""``PgKioskAudit``: each kiosk's own audit chain, streamed to the authority and verified there.

A batch is accepted only when it continues the kiosk's chain where the service holds it: the
next ``seq``, ``prev_hash`` equal to the hash held last (64 zeros before the first), each hash
recomputed from the entry's fields (:func:`kiosk.storage.audit.entry_hash`), and the kiosk id
in every entry that of the certificate. Otherwise nothing of the batch is stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from kiosk.errors import DomainError
from kiosk.storage.audit import GENESIS_HASH, canonical_json, entry_hash
from kiosk.storage.postgres.context import AuthorityContext
from kiosk.storage.postgres.database import Connection, lock

AUDIT_REFUSED = "audit_chain_refused"


class PgKioskAudit:
    """The streamed audit chain of the kiosk the request came from."""

    def __init__(self, context: AuthorityContext) -> None:
        self._context = context

    def last(self) -> tuple[int, str]:
        """(seq, hash) of the last entry held for this kiosk; (0, zeros) before the first."""
        return self._context.db.run(self._last)

    def _last(self, connection: Connection) -> tuple[int, str]:
        row = connection.execute(
            "SELECT seq, hash FROM kiosk_audit WHERE kiosk_id = %s ORDER BY seq DESC LIMIT 1",
            (self._context.kiosk_id,),
        ).fetchone()
        return (int(str(row[0])), str(row[1])) if row else (0, GENESIS_HASH)

    def append(self, entries: Sequence[Mapping[str, object]]) -> int:
        """Verify and store ``entries`` (each as ``AuditEntry.to_json`` gives it); returns the
        last seq held. Raises DomainError ``audit_chain_refused`` naming the first bad entry."""
        context = self._context

        def work(connection: Connection) -> int:
            lock(connection, "audit", context.kiosk_id)
            seq, previous = self._last(connection)
            now = context.clock.now()
            for entry in entries:
                seq, previous = self._check(entry, seq, previous)
                connection.execute(
                    "INSERT INTO kiosk_audit (kiosk_id, seq, time, event, data, prev_hash, hash,"
                    " received_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                    (
                        context.kiosk_id,
                        seq,
                        str(entry["time"]),
                        str(entry["event"]),
                        _data_json(entry),
                        str(entry["prev_hash"]),
                        previous,
                        now,
                    ),
                )
            return seq

        return context.db.run(work)

    def _check(self, entry: Mapping[str, object], seq: int, previous: str) -> tuple[int, str]:
        where = f"entry {entry.get('seq')!r}"
        try:
            number = int(str(entry["seq"]))
            fields = (str(entry["time"]), str(entry["kiosk_id"]), str(entry["event"]))
            prev_hash, stated = str(entry["prev_hash"]), str(entry["hash"])
        except (KeyError, ValueError) as exc:
            raise DomainError(f"{where}: malformed ({exc})", code=AUDIT_REFUSED) from exc
        if fields[1] != self._context.kiosk_id:
            raise DomainError(f"{where}: not this kiosk's", code=AUDIT_REFUSED)
        if number != seq + 1 or prev_hash != previous:
            raise DomainError(f"{where}: does not continue the chain at {seq}", code=AUDIT_REFUSED)
        if entry_hash(number, *fields, _data_json(entry), prev_hash) != stated:
            raise DomainError(f"{where}: its hash does not match its fields", code=AUDIT_REFUSED)
        return number, stated


def _data_json(entry: Mapping[str, object]) -> str:
    data = entry.get("data")
    return canonical_json(data if isinstance(data, dict) else {})
