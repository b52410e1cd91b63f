"""The small repositories of the kiosk database: lockouts, witness ledger, R11 and R8 queues."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.clock import FixedClock
from kiosk.errors import BadInputError, CprError, StorageError
from kiosk.storage.cpr_ref import CprPseudonyms, cpr_ref, mask_cpr
from kiosk.storage.sqlite.database import Database
from kiosk.storage.sqlite.exemptions import SqliteExemptionQueue
from kiosk.storage.sqlite.lockouts import SqliteQuestionLockouts
from kiosk.storage.sqlite.outreach import SqliteOutreachQueue
from kiosk.storage.sqlite.witness_ledger import SqliteWitnessLedger

APPLICANT = "150368-1234"
WITNESS = "250774-1013"
OTHER = "030585-2468"
KEY = bytes(range(32))


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database.open(tmp_path / "kiosk.sqlite")
    yield database
    database.close()


@pytest.fixture
def pseudonyms() -> CprPseudonyms:
    return CprPseudonyms(KEY)


def test_cpr_ref_is_a_keyed_hash_of_the_digits() -> None:
    assert cpr_ref(KEY, "150368-1234") == cpr_ref(KEY, "1503681234")
    assert cpr_ref(KEY, "150368-1234") != cpr_ref(bytes(32), "150368-1234")
    assert len(cpr_ref(KEY, APPLICANT)) == 64
    assert "1503681234" not in cpr_ref(KEY, APPLICANT)


def test_a_malformed_cpr_is_refused_without_echoing_it() -> None:
    with pytest.raises(CprError) as caught:
        cpr_ref(KEY, "15036812345")
    assert "5036812345" not in str(caught.value)


def test_masking_keeps_only_the_birth_date() -> None:
    assert mask_cpr("150368-1234") == "150368-XXXX"
    assert mask_cpr("1503681234") == "150368-XXXX"


# --- question lockouts (R3, R5) ---


def test_a_lockout_holds_until_its_time_then_lifts(
    db: Database, clock: FixedClock, pseudonyms: CprPseudonyms
) -> None:
    lockouts = SqliteQuestionLockouts(db, clock, pseudonyms)
    assert lockouts.locked_until(APPLICANT) is None
    until = clock.now() + timedelta(hours=24)
    lockouts.lock(APPLICANT, until)
    assert lockouts.locked_until(APPLICANT) == until
    assert lockouts.is_locked("1503681234")
    assert not lockouts.is_locked(OTHER)
    clock.advance(24 * 3600 - 1)
    assert lockouts.is_locked(APPLICANT)
    clock.advance(1)
    assert not lockouts.is_locked(APPLICANT)


def test_a_shorter_lock_does_not_shorten_a_longer_one(
    db: Database, clock: FixedClock, pseudonyms: CprPseudonyms
) -> None:
    lockouts = SqliteQuestionLockouts(db, clock, pseudonyms)
    long_until = clock.now() + timedelta(hours=24)
    lockouts.lock(APPLICANT, long_until)
    lockouts.lock(APPLICANT, clock.now() + timedelta(hours=1))
    assert lockouts.locked_until(APPLICANT) == long_until


def test_staff_can_clear_a_lock(db: Database, clock: FixedClock, pseudonyms: CprPseudonyms) -> None:
    lockouts = SqliteQuestionLockouts(db, clock, pseudonyms)
    lockouts.lock(APPLICANT, clock.now() + timedelta(hours=24))
    assert lockouts.clear(APPLICANT)
    assert not lockouts.is_locked(APPLICANT)
    assert not lockouts.clear(APPLICANT)


def test_a_lock_seen_through_a_second_connection(
    db: Database, clock: FixedClock, pseudonyms: CprPseudonyms
) -> None:
    SqliteQuestionLockouts(db, clock, pseudonyms).lock(APPLICANT, clock.now() + timedelta(hours=24))
    with Database.open(db.path) as other:
        assert SqliteQuestionLockouts(other, clock, pseudonyms).is_locked(APPLICANT)


# --- witness ledger (R7, R7b and the vouching limit) ---


def test_vouchings_are_counted_per_witness_in_a_window(
    db: Database, clock: FixedClock, pseudonyms: CprPseudonyms
) -> None:
    ledger = SqliteWitnessLedger(db, clock, pseudonyms)
    start = clock.now()
    ledger.record(WITNESS, APPLICANT, "declaration", "decl-2026-1", "a" * 64)
    clock.advance(10 * 86400)
    ledger.record(WITNESS, OTHER, "nemid", "decl-2026-1", "b" * 64)
    ledger.record(OTHER, APPLICANT, "declaration", "decl-2026-1", "c" * 64)
    assert ledger.count_since(WITNESS, start) == 2
    assert ledger.count_since(WITNESS, start + timedelta(days=1)) == 1
    assert ledger.count_since(APPLICANT, start) == 0
    vouchings = ledger.vouchings_by(WITNESS)
    assert [v.method for v in vouchings] == ["declaration", "nemid"]
    assert vouchings[0].applicant_masked == "150368-XXXX"


def test_a_witness_cannot_vouch_for_themself_r7(
    db: Database, clock: FixedClock, pseudonyms: CprPseudonyms
) -> None:
    with pytest.raises(StorageError, match="themself"):
        SqliteWitnessLedger(db, clock, pseudonyms).record(
            WITNESS, "2507741013", "declaration", "v1", "a" * 64
        )


def test_an_unknown_vouching_method_is_refused(
    db: Database, clock: FixedClock, pseudonyms: CprPseudonyms
) -> None:
    with pytest.raises(StorageError, match="unknown vouching method"):
        SqliteWitnessLedger(db, clock, pseudonyms).record(WITNESS, APPLICANT, "phone", "v1", "x")  # type: ignore[arg-type]


# --- exemption requests (R11) ---


def test_an_exemption_request_waits_for_staff_then_is_resolved_r11(
    db: Database, clock: FixedClock, pseudonyms: CprPseudonyms
) -> None:
    queue = SqliteExemptionQueue(db, clock, pseudonyms)
    request = queue.request(APPLICANT, "Karen Margrethe Sørensen", "language_difficulties", "en")
    assert request.status == "open" and request.masked_cpr == "150368-XXXX"
    again = queue.request(APPLICANT, "Karen Margrethe Sørensen", "disability", "en")
    assert again.id == request.id
    queue.request(OTHER, "Åse Ærbo Løvgård", "disability", "da")
    assert [r.holder_name for r in queue.open_requests()] == [
        "Karen Margrethe Sørensen",
        "Åse Ærbo Løvgård",
    ]
    clock.advance(3600)
    resolved = queue.resolve(request.id, "granted", "staff-7")
    assert (resolved.status, resolved.resolution, resolved.resolved_by) == (
        "resolved",
        "granted",
        "staff-7",
    )
    assert len(queue.open_requests()) == 1
    with pytest.raises(StorageError, match="no open exemption request"):
        queue.resolve(request.id, "refused", "staff-7")


def test_an_unknown_exemption_reason_or_resolution_is_refused(
    db: Database, clock: FixedClock, pseudonyms: CprPseudonyms
) -> None:
    queue = SqliteExemptionQueue(db, clock, pseudonyms)
    with pytest.raises(BadInputError, match="exemption reason"):
        queue.request(APPLICANT, "Karen", "bored", "da")
    request = queue.request(APPLICANT, "Karen", "other", "da")
    with pytest.raises(BadInputError, match="resolution"):
        queue.resolve(request.id, "maybe", "staff-1")
    assert queue.open_requests()[0].id == request.id


# --- outreach registrations (R8) ---


def test_an_outreach_registration_is_pending_until_staff_complete_it_r8(
    db: Database, clock: FixedClock, pseudonyms: CprPseudonyms
) -> None:
    queue = SqliteOutreachQueue(db, clock, pseudonyms)
    registration = queue.create("040438-0128", "Grethe Vestergaard Hansen", "98 12 34 56")
    assert queue.create("0404380128", "Grethe Vestergaard Hansen", "x").id == registration.id
    assert [r.id for r in queue.pending()] == [registration.id]
    done = queue.complete(registration.id, "staff-3", "456789123")
    assert (done.status, done.nemid_number) == ("completed", "456789123")
    assert queue.pending() == []
    with pytest.raises(StorageError, match="no pending outreach registration"):
        queue.complete(registration.id, "staff-3", "456789123")


def test_an_outreach_registration_can_be_cancelled(
    db: Database, clock: FixedClock, pseudonyms: CprPseudonyms
) -> None:
    queue = SqliteOutreachQueue(db, clock, pseudonyms)
    registration = queue.create("040438-0128", "Grethe Vestergaard Hansen", "98 12 34 56")
    assert queue.cancel(registration.id, "staff-3").status == "cancelled"
    assert queue.pending() == []
