"""Today's statistics for the staff desk, counted by the ActivityCounts read model of storage.

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
from kiosk.storage.repositories import ActivityCounts

WITNESS_EVENT = "witness.vouched"
FAILED_ROUND_TRIGGER = "answered"
# R3 and R2b's counter part: the channels that print at this kiosk.
ISSUED_HERE_CHANNELS = ("counter", "counter_and_post")


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


def today_statistics(counts: ActivityCounts, clock: Clock) -> TodayStatistics:
    start = datetime.combine(clock.today(), time(), COPENHAGEN)
    day = (start, start + timedelta(days=1))
    return TodayStatistics(
        issued_now=counts.issuances("activated", *day, channels=ISSUED_HERE_CHANNELS),
        by_post=counts.completed_orders("both_by_post", *day),
        outreach=counts.completed_orders("outreach", *day),
        failed_questions=counts.audit_events(
            AUDIT_EVENT, *day, {"trigger": FAILED_ROUND_TRIGGER, "reason": QUESTIONS_FAILED}
        ),
        witnesses_used=counts.audit_events(WITNESS_EVENT, *day),
        voided=counts.issuances("voided", *day),
        exemption_requests=counts.exemption_requests(*day),
    )
