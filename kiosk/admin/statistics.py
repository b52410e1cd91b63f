"""Today's statistics for the staff desk, counted from the kiosk database and its audit log.

"Today" is the Copenhagen calendar day of the injected clock; counts are for this kiosk
(``kiosk_id``) except the Digital Post requests, which sit in the shared staff queue (R11).
Issued now (R3, and R2b's counter part) and by post (R2, R4) come from the issuance journal and
the postal orders; failed control-question rounds and witnesses used (R7) from the audit log.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, time, timedelta

from kiosk.clock import COPENHAGEN, Clock
from kiosk.journey.audit_listener import AUDIT_EVENT
from kiosk.journey.session import QUESTIONS_FAILED
from kiosk.storage.database import Database
from kiosk.storage.timestamps import to_db_time

WITNESS_EVENT = "witness.vouched"
FAILED_ROUND_TRIGGER = "answered"


@dataclass(frozen=True)
class TodayStatistics:
    issued_now: int  # R3 (and R2b's counter part): printed here and activated
    by_post: int  # R2, R4: both parts posted
    outreach: int  # R8: completed by staff
    failed_questions: int  # R3: control-question rounds failed
    witnesses_used: int  # R7, R7b: vouchings signed here
    voided: int  # credentials this kiosk voided (faults, crashes)
    exemption_requests: int  # R11: requests queued today, all kiosks

    def to_json(self) -> dict[str, int]:
        return asdict(self)


def today_statistics(db: Database, clock: Clock, kiosk_id: str) -> TodayStatistics:
    start = datetime.combine(clock.today(), time(), COPENHAGEN)
    day = (to_db_time(start), to_db_time(start + timedelta(days=1)))

    def count(sql: str, *params: object) -> int:
        row = db.query_one(sql, params)
        return int(row[0]) if row else 0

    issuances = (
        "SELECT count(*) FROM credential_issuances WHERE kiosk_id = ? AND status = ?"
        " AND updated_at >= ? AND updated_at < ?"
    )
    orders = (
        "SELECT count(*) FROM postal_orders WHERE kiosk_id = ? AND status = 'completed'"
        " AND kind = ? AND created_at >= ? AND created_at < ?"
    )
    return TodayStatistics(
        issued_now=count(
            issuances + " AND channel IN ('counter', 'counter_and_post')",
            kiosk_id,
            "activated",
            *day,
        ),
        by_post=count(orders, kiosk_id, "both_by_post", *day),
        outreach=count(orders, kiosk_id, "outreach", *day),
        failed_questions=count(
            "SELECT count(*) FROM audit_log WHERE kiosk_id = ? AND event = ?"
            " AND time >= ? AND time < ? AND json_extract(data, '$.trigger') = ?"
            " AND json_extract(data, '$.reason') = ?",
            kiosk_id,
            AUDIT_EVENT,
            *day,
            FAILED_ROUND_TRIGGER,
            QUESTIONS_FAILED,
        ),
        witnesses_used=count(
            "SELECT count(*) FROM audit_log WHERE kiosk_id = ? AND event = ?"
            " AND time >= ? AND time < ?",
            kiosk_id,
            WITNESS_EVENT,
            *day,
        ),
        voided=count(issuances, kiosk_id, "voided", *day),
        exemption_requests=count(
            "SELECT count(*) FROM exemption_requests WHERE created_at >= ? AND created_at < ?",
            *day,
        ),
    )
