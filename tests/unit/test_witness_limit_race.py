"""R7: the witness vouching limit holds when two kiosks race for the witness's last place.

The limit is checked when the witness is scanned and again, in the same write transaction as the
insert, when the vouching is recorded: the load test (tests/load) found eight kiosks that all
scanned the same witness before any signed each issuing a NemID, five past the limit of three.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, datetime

import pytest

from app.bootstrap import App, build_app
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.journey import JourneySession
from kiosk.rules.witness import WITNESS_LIMIT_REACHED, WitnessLimitReached
from kiosk.storage.personas import Persona, persona

TODAY = date(2026, 11, 23)
WITNESS = persona("witness_declaration")
FIRST, SECOND = persona("rich_register"), persona("danish_letters")
# Invented applicants the witness vouched for earlier.
EARLIER = ("0101801234", "0202801234", "0303801234")
SINCE = datetime(2026, 1, 1, tzinfo=FixedClock().now().tzinfo)


@pytest.fixture
def app(config: KioskConfig) -> Iterator[App]:
    with build_app(config, clock=FixedClock.on(TODAY), rng=random.Random(7)) as built:
        yield built


def test_r7_the_ledger_refuses_the_vouching_past_the_limit(app: App) -> None:
    ledger = app.kiosk.witnesses
    for applicant in EARLIER:
        ledger.record_within_limit(
            WITNESS.cpr, applicant, "declaration", "2026.1", "a" * 64, since=SINCE, limit=3
        )
    with pytest.raises(WitnessLimitReached) as refused:
        ledger.record_within_limit(
            WITNESS.cpr, FIRST.cpr, "declaration", "2026.1", "b" * 64, since=SINCE, limit=3
        )
    assert refused.value.code == WITNESS_LIMIT_REACHED
    assert ledger.count_since(WITNESS.cpr, SINCE) == 3


def at_signing(app: App, applicant: Persona) -> JourneySession:
    session = app.new_session()
    session.start()
    session.scan_document(applicant.mrz_lines(), applicant.document_cpr)
    session.confirm()
    session.choose("witness")
    session.witness_scan(WITNESS.mrz_lines(), WITNESS.cpr)
    assert session.state == "witness_signing"
    return session


def test_r7_two_kiosks_race_for_the_last_place_and_only_one_gets_it(app: App) -> None:
    for applicant in EARLIER[:2]:  # two of three places taken
        app.kiosk.witnesses.record(WITNESS.cpr, applicant, "declaration", "2026.1", "c" * 64)
    first, second = at_signing(app, FIRST), at_signing(app, SECOND)  # both saw one place left
    first.witness_sign_declaration(b"strokes")
    second.witness_sign_declaration(b"strokes")
    assert first.state == "issued"
    assert second.state == "choosing"
    notice = second.view.notice
    assert notice is not None and (notice.reason, notice.rule) == (WITNESS_LIMIT_REACHED, "R7")
    assert len(app.kiosk.witnesses.vouchings_by(WITNESS.cpr)) == 3
    second.choose("post")  # R4: nobody leaves empty-handed
    assert second.state == "ordered"
