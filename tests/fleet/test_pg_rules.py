"""The national rules on a real PostgreSQL server: each decided once, in one transaction."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from kiosk.clock import FixedClock
from kiosk.errors import DomainError, ScenarioError, StorageError
from kiosk.rules.witness import WitnessLimitReached
from kiosk.storage.postgres.database import PgDatabase
from kiosk.storage.postgres.migrations import MIGRATIONS
from kiosk.storage.postgres.store import AuthorityStore
from tests.fleet import race_worker
from tests.fleet.register_data import APPLICANTS, NEW_NEMID, WITNESS, entries

pytestmark = pytest.mark.postgres


@pytest.fixture
def fleet_clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=UTC))


@pytest.fixture
def store(pg_url: str, fleet_clock: FixedClock):
    with AuthorityStore.open(pg_url, fleet_clock) as opened:
        opened.for_kiosk("loader").register.load(entries())
        yield opened


def audit_rows(url: str, event: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as connection:
        return connection.execute(
            "SELECT kiosk_id, data FROM authority_audit WHERE event = %s ORDER BY id", (event,)
        ).fetchall()


def test_migrations_are_versioned_and_run_once(pg_url: str) -> None:
    database = PgDatabase.open(pg_url)
    try:
        assert database.schema_version() == len(MIGRATIONS) >= 1
        assert database.migrate() == len(MIGRATIONS)
        rows = database.query("SELECT version FROM schema_migrations")
        assert len(rows) == len(MIGRATIONS)
    finally:
        database.close()


def test_an_uninitialised_database_is_refused_when_not_migrating(pg_url: str) -> None:
    with pytest.raises(StorageError, match="not initialised"):
        PgDatabase.open(pg_url, migrate=False)


def test_loading_hashes_secrets_and_loading_again_updates(store: AuthorityStore, pg_url: str):
    register = store.for_kiosk("loader").register
    assert register.count() == 7
    again = entries()
    again[2]["address"] = "Ny Vej 9"
    assert register.load(again) == 7
    assert register.count() == 7
    person = register.find(APPLICANTS[0])
    assert person is not None and person.address == "Ny Vej 9"
    witness = register.find(WITNESS)
    assert witness is not None and witness.nemid is not None
    with psycopg.connect(pg_url) as connection:
        stored = connection.execute("SELECT password_hash FROM nemid_holdings").fetchall()
        codes = connection.execute("SELECT code_hmac FROM code_card_codes").fetchall()
    assert len(stored) == 2 and all("s3cret" not in str(row[0]) for row in stored)
    assert codes and all(row[0] not in ("111111", "222222") for row in codes)
    holdings = store.for_kiosk("k1").holdings
    assert holdings.verify_password("123456789", "s3cret-pw")
    assert not holdings.verify_password("123456789", "wrong")
    assert holdings.verify_code("123456789", "0002", "222222")
    assert not holdings.verify_code("123456789", "0002", "111111")


def test_a_nemid_number_of_someone_else_is_refused_on_load(store: AuthorityStore) -> None:
    bad = entries()
    bad[1]["nemid"]["number"] = "123456789"
    bad[1]["nemid"]["card_serial"] = "NKS0000009"
    with pytest.raises(ScenarioError, match="already belongs"):
        store.for_kiosk("loader").register.load(bad[1:2])


def test_the_witness_limit_counts_every_kiosk_and_is_audited_by_kiosk(
    store: AuthorityStore, pg_url: str
) -> None:
    for index, kiosk in enumerate(("k1", "k2", "k3")):
        store.for_kiosk(kiosk).witnesses.record_within_limit(
            WITNESS, APPLICANTS[index], "declaration", "v1", "sig"
        )
    with pytest.raises(WitnessLimitReached):
        store.for_kiosk("k4").witnesses.record_within_limit(
            WITNESS, APPLICANTS[3], "declaration", "v1", "sig"
        )
    assert [row[0] for row in audit_rows(pg_url, "witness.vouched")] == ["k1", "k2", "k3"]


def test_the_window_is_the_services_own_120_days(
    store: AuthorityStore, fleet_clock: FixedClock
) -> None:
    ledger = store.for_kiosk("k1").witnesses
    for applicant in APPLICANTS[:3]:
        ledger.record_within_limit(WITNESS, applicant, "declaration", "v1", "sig")
    fleet_clock.advance(timedelta(days=119).total_seconds())
    with pytest.raises(WitnessLimitReached):
        ledger.record_within_limit(
            WITNESS,
            APPLICANTS[3],
            "declaration",
            "v1",
            "sig",
            since=datetime(2000, 1, 1, tzinfo=UTC),
            limit=99,
        )
    fleet_clock.advance(timedelta(days=2).total_seconds())
    ledger.record_within_limit(WITNESS, APPLICANTS[3], "declaration", "v1", "sig")
    assert len(ledger.vouchings_by(WITNESS)) == 4


def test_self_vouching_and_a_new_nemid_witness_are_refused(store: AuthorityStore) -> None:
    ledger = store.for_kiosk("k1").witnesses
    with pytest.raises(DomainError) as same:
        ledger.record_within_limit(WITNESS, WITNESS, "declaration", "v1", "sig")
    assert same.value.code == "witness_is_applicant"
    with pytest.raises(DomainError) as too_new:
        ledger.record_within_limit(NEW_NEMID, APPLICANTS[0], "nemid", "v1", "sig")
    assert too_new.value.code == "witness_nemid_too_new"
    ledger.record_within_limit(WITNESS, APPLICANTS[0], "nemid", "v1", "sig")
    assert [v.method for v in ledger.vouchings_by(WITNESS)] == ["nemid"]
    assert ledger.vouchings_by(NEW_NEMID) == []


def test_a_lockout_made_at_one_kiosk_holds_at_another_for_the_services_24_hours(
    store: AuthorityStore, fleet_clock: FixedClock, pg_url: str
) -> None:
    store.for_kiosk("k1").lockouts.lock(APPLICANTS[0], fleet_clock.now() + timedelta(days=900))
    other = store.for_kiosk("k2").lockouts
    until = other.locked_until(APPLICANTS[0])
    assert until == fleet_clock.now() + timedelta(hours=24)
    assert not other.is_locked(APPLICANTS[1])
    fleet_clock.advance(timedelta(hours=24, seconds=1).total_seconds())
    assert not other.is_locked(APPLICANTS[0])
    assert [row[0] for row in audit_rows(pg_url, "questions.locked")] == ["k1"]


def test_one_open_visit_per_citizen_across_kiosks(store: AuthorityStore) -> None:
    first, second = store.for_kiosk("k1").open_visits, store.for_kiosk("k2").open_visits
    assert first.claim(APPLICANTS[0], "visit-a")
    assert not second.claim(APPLICANTS[0], "visit-b")
    assert second.holder(APPLICANTS[0]) == "visit-a"
    second.release("visit-a")  # another kiosk cannot end k1's visit
    assert not second.claim(APPLICANTS[0], "visit-b")
    first.release("visit-a")
    assert second.claim(APPLICANTS[0], "visit-b")


def test_one_active_and_one_printing_nemid_per_cpr(store: AuthorityStore, pg_url: str) -> None:
    k1, k2 = store.for_kiosk("k1").holdings, store.for_kiosk("k2").holdings
    k1.reserve(APPLICANTS[0], "900000001", "hash", "SER1", {"0001": "aa"})
    with pytest.raises(StorageError, match="being printed"):
        k2.reserve(APPLICANTS[0], "900000002", "hash", "SER2", {"0001": "aa"})
    with pytest.raises(StorageError, match="already issued"):
        k2.reserve(APPLICANTS[1], "900000001", "hash", "SER3", {"0001": "aa"})
    assert [h.number for h in k1.holdings_in_status("printing")] == ["900000001"]
    assert k2.holdings_in_status("printing") == []  # k2's recovery leaves k1's alone
    k1.activate("900000001")
    k2.reserve(APPLICANTS[0], "900000002", "hash", "SER2", {"0001": "aa"})
    k2.activate("900000002")  # a replacement voids the first
    assert k1.record("900000001").status == "voided"
    with psycopg.connect(pg_url) as connection:
        active = connection.execute(
            "SELECT count(*) FROM nemid_holdings WHERE cpr = %s AND status = 'active'",
            (APPLICANTS[0],),
        ).fetchone()
    assert active == (1,)


def test_a_reservation_past_its_lease_is_voided_by_the_service(
    store: AuthorityStore, fleet_clock: FixedClock, pg_url: str
) -> None:
    k1 = store.for_kiosk("k1").holdings
    k1.reserve(APPLICANTS[0], "900000001", "hash", "SER1", {"0001": "aa"})
    fleet_clock.advance(601)
    with pytest.raises(StorageError, match="voided"):
        k1.activate("900000001")
    assert k1.record("900000001").status == "voided"
    assert [row[0] for row in audit_rows(pg_url, "nemid.lease_expired")] == ["k1"]


def test_eight_processes_racing_for_one_witness_exactly_three_win(
    store: AuthorityStore, pg_url: str
) -> None:
    applicants = [*APPLICANTS, "0101901235", "1111111118", "2020202020"][:8]
    context = multiprocessing.get_context("spawn")
    barrier = context.Manager().Barrier(len(applicants))
    with context.Pool(len(applicants)) as pool:
        results = pool.starmap(
            race_worker.vouch,
            [(pg_url, f"k{i}", WITNESS, cpr, barrier) for i, cpr in enumerate(applicants)],
        )
    assert sorted(results).count("won") == 3
    assert results.count("witness_limit_reached") == len(applicants) - 3
    assert len(store.for_kiosk("k1").witnesses.vouchings_by(WITNESS)) == 3


def test_idempotency_answers_are_kept_a_week_then_forgotten(
    store: AuthorityStore, fleet_clock: FixedClock
) -> None:
    from kiosk.storage.postgres.idempotency import forget_old_keys, once

    calls = []

    def work() -> tuple[int, dict[str, object]]:
        calls.append(1)
        return 200, {"n": len(calls)}

    assert once(store.db, fleet_clock, "k1", "key", work) == ((200, {"n": 1}), False)
    assert once(store.db, fleet_clock, "k1", "key", work) == ((200, {"n": 1}), True)
    assert once(store.db, fleet_clock, "k2", "key", work) == ((200, {"n": 2}), False)
    fleet_clock.advance(timedelta(days=6).total_seconds())
    assert forget_old_keys(store.db, fleet_clock) == 0
    fleet_clock.advance(timedelta(days=2).total_seconds())
    assert forget_old_keys(store.db, fleet_clock) == 2
    assert once(store.db, fleet_clock, "k1", "key", work) == ((200, {"n": 3}), False)
