"""One witnessed issuance as the journey asks the storage ports for it, for the fleet benchmark.

The same calls against any implementation of the Protocols (the embedded SQLite repositories or
the authority's HTTP adapters), each timed by name: find the applicant, claim the visit, check
the lockout, find the witness, count their vouchings and look up their NemID, vouch, reserve and
activate a NemID, release the visit.
"""

from __future__ import annotations

import secrets
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime

from kiosk.errors import KioskError
from kiosk.storage.repositories import (
    NemIdHoldings,
    OpenVisits,
    QuestionLockouts,
    Register,
    WitnessLedger,
)

CODES = {f"{key:04d}": secrets.token_hex(32) for key in range(1, 149)}  # 148 code HMACs
PASSWORD_HASH = "scrypt$16384$8$1$" + "0" * 64  # the service never checks the format


@dataclass
class Ports:
    register: Register
    holdings: NemIdHoldings
    ledger: WitnessLedger
    lockouts: QuestionLockouts
    visits: OpenVisits


@dataclass
class Timings:
    calls: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    journeys: list[float] = field(default_factory=list)
    outcomes: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    errors: dict[str, str] = field(default_factory=dict)

    def merge(self, other: Timings) -> None:
        for name, values in other.calls.items():
            self.calls[name].extend(values)
        self.journeys.extend(other.journeys)
        for name, count in other.outcomes.items():
            self.outcomes[name] += count
        self.errors.update(other.errors)


def witnessed_issuance(
    ports: Ports, applicant: str, witness: str, visit: str, number: str, timings: Timings
) -> str:
    """``issued`` or why not; every port call timed under its name."""

    def call(name: str, action, *args):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return action(*args)
        finally:
            timings.calls[name].append(time.perf_counter() - started)

    started = time.perf_counter()
    try:
        outcome = _journey(ports, applicant, witness, visit, number, call)
    except KioskError as exc:
        outcome = exc.code
        timings.errors.setdefault(exc.code, str(exc))
    timings.journeys.append(time.perf_counter() - started)
    timings.outcomes[outcome] += 1
    return outcome


def _journey(ports: Ports, applicant: str, witness: str, visit: str, number: str, call) -> str:  # type: ignore[no-untyped-def]
    if call("register.find", ports.register.find, applicant) is None:
        return "not_in_register"
    if not call("visits.claim", ports.visits.claim, applicant, visit):
        return "visit_open_elsewhere"
    try:
        if call("lockouts.is_locked", ports.lockouts.is_locked, applicant):
            return "questions_locked"
        call("register.find", ports.register.find, witness)
        since = datetime(2000, 1, 1, tzinfo=UTC)
        call("ledger.count_since", ports.ledger.count_since, witness, since)
        call("holdings.holding", ports.holdings.holding, witness)
        call(
            "ledger.record_within_limit",
            lambda: ports.ledger.record_within_limit(
                witness, applicant, "declaration", "v1", "sig", since=since, limit=3
            ),
        )
        serial = "B" + number
        call("holdings.reserve", ports.holdings.reserve, applicant, number, PASSWORD_HASH,
             serial, CODES)  # fmt: skip
        call("holdings.activate", ports.holdings.activate, number)
        return "issued"
    finally:
        call("visits.release", ports.visits.release, visit)
