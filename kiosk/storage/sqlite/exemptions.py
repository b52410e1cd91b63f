"""The staff queue of requests for exemption from Digital Post (R11).

The kiosk does not decide an exemption: it takes the request (who, why, in which language the
citizen used the kiosk) and staff assess and resolve it from the admin mode.
"""

from __future__ import annotations

from sqlite3 import Row

from kiosk.clock import Clock
from kiosk.errors import BadInputError, StorageError
from kiosk.storage.cpr_ref import CprPseudonyms
from kiosk.storage.records import EXEMPTION_REASONS, EXEMPTION_RESOLUTIONS, ExemptionRequest
from kiosk.storage.sqlite.database import Database
from kiosk.storage.timestamps import from_db_time, to_db_time

_COLUMNS = (
    "id, masked_cpr, holder_name, reason, language, status, created_at,"
    " resolved_at, resolved_by, resolution"
)


class SqliteExemptionQueue:
    """The ExemptionQueue port over the kiosk database's ``exemption_requests``."""

    def __init__(self, db: Database, clock: Clock, pseudonyms: CprPseudonyms) -> None:
        self._db = db
        self._clock = clock
        self._pseudonyms = pseudonyms

    def request(self, cpr: str, holder_name: str, reason: str, language: str) -> ExemptionRequest:
        """Queue a request (R11); one open request per person: a repeat returns the open one."""
        if reason not in EXEMPTION_REASONS:
            raise BadInputError(
                f"exemption reason must be one of {', '.join(EXEMPTION_REASONS)}, not {reason!r}"
            )
        ref = self._pseudonyms.ref(cpr)
        with self._db.transaction() as connection:
            existing = connection.execute(
                f"SELECT {_COLUMNS} FROM exemption_requests WHERE cpr_ref = ? AND status = 'open'",
                (ref,),
            ).fetchone()
            if existing:
                return _request(existing)
            cursor = connection.execute(
                "INSERT INTO exemption_requests (cpr_ref, masked_cpr, holder_name, reason,"
                " language, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    ref,
                    self._pseudonyms.masked(cpr),
                    holder_name,
                    reason,
                    language,
                    to_db_time(self._clock.now()),
                ),
            )
            row = connection.execute(
                f"SELECT {_COLUMNS} FROM exemption_requests WHERE id = ?", (cursor.lastrowid,)
            ).fetchone()
        return _request(row)

    def open_requests(self) -> list[ExemptionRequest]:
        """Open requests, oldest first."""
        rows = self._db.query(
            f"SELECT {_COLUMNS} FROM exemption_requests WHERE status = 'open'"
            " ORDER BY created_at, id"
        )
        return [_request(row) for row in rows]

    def resolve(self, request_id: int, resolution: str, staff_id: str) -> ExemptionRequest:
        """Close an open request. Raises BadInputError or StorageError (unknown or closed)."""
        if resolution not in EXEMPTION_RESOLUTIONS:
            raise BadInputError(
                f"resolution must be one of {', '.join(EXEMPTION_RESOLUTIONS)}, not {resolution!r}"
            )
        with self._db.transaction() as connection:
            cursor = connection.execute(
                "UPDATE exemption_requests SET status = 'resolved', resolved_at = ?,"
                " resolved_by = ?, resolution = ? WHERE id = ? AND status = 'open'",
                (to_db_time(self._clock.now()), staff_id, resolution, request_id),
            )
            if cursor.rowcount != 1:
                raise StorageError(f"no open exemption request {request_id}")
            row = connection.execute(
                f"SELECT {_COLUMNS} FROM exemption_requests WHERE id = ?", (request_id,)
            ).fetchone()
        return _request(row)


def _request(row: Row) -> ExemptionRequest:
    return ExemptionRequest(
        id=row[0],
        masked_cpr=row[1],
        holder_name=row[2],
        reason=row[3],
        language=row[4],
        status=row[5],
        created_at=from_db_time(row[6]),
        resolved_at=from_db_time(row[7]) if row[7] else None,
        resolved_by=row[8],
        resolution=row[9],
    )
