"""Eight kiosk processes issuing and ordering at once on one database pair (issue 7, Load).

Each process (:mod:`tests.load.worker`) is a kiosk built through the composition root on the
same kiosk and register SQLite files. Afterwards: no NemID number or card serial twice, every
issued NemID active and recorded, every postal order the citizens got a receipt for in the
order book (none lost), the R3 lockout set by one kiosk refused on all eight, exactly
``witness_limit`` of eight racing kiosks accepted the same witness (R7), and the audit chain,
written by all eight, verifies. Throughput and p99 latency are printed (``pytest -s``) and are
a benchmark figure (benchmarks/bench_load.py).
"""

from __future__ import annotations

import contextlib
import statistics
from collections import Counter

import pytest

from benchmarks.figures import p99_ms
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.rules.witness import WITNESS_LIMIT_REACHED
from kiosk.storage.sqlite.database import Database
from kiosk.storage.stores import open_kiosk_storage
from tests.load.harness import JOURNEYS, WORKERS, LoadRun, run_load
from tests.load.population import TODAY
from tests.load.worker import config_for


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config) -> LoadRun:
    result = run_load(tmp_path_factory.mktemp("load"), WORKERS, JOURNEYS)
    assert not result.errors, result.errors[0]
    latencies = result.latencies()
    summary = (
        f"load: {WORKERS} kiosk processes, {len(result.timed)} timed journeys: "
        f"{result.throughput():.2f} journeys/s, median {statistics.median(latencies) * 1000:.0f}"
        f" ms, p99 {p99_ms(latencies):.0f} ms"
    )
    capture = pytestconfig.pluginmanager.get_plugin("capturemanager")
    shown = capture.global_and_fixture_disabled() if capture else contextlib.nullcontext()
    with shown:  # in the test run's output, not captured
        print(f"\n{summary}")
    return result


def register_rows(run: LoadRun, sql: str) -> list[tuple]:
    with Database.open(run.database.with_name("register.sqlite"), "register") as db:
        return [tuple(row) for row in db.query(sql)]


def kiosk_rows(run: LoadRun, sql: str) -> list[tuple]:
    with Database.open(run.database, "kiosk") as db:
        return [tuple(row) for row in db.query(sql)]


def test_every_process_finished_every_journey(run: LoadRun) -> None:
    assert run.exit_codes == [0] * WORKERS, run.errors
    assert len(run.timed) == WORKERS * JOURNEYS
    outcomes = Counter((line["kind"], line["outcome"]) for line in run.timed)
    assert outcomes == {
        ("questions", "issued"): WORKERS * JOURNEYS // 2,
        ("post", "ordered_by_post"): WORKERS * JOURNEYS // 2,
    }


def test_r12_no_nemid_number_or_card_serial_twice(run: LoadRun) -> None:
    issued = run.of_kind("questions", "witness", "post")
    numbers = [line["nemid_number"] for line in issued if line["nemid_number"]]
    serials = [line["card_serial"] for line in issued if line["card_serial"]]
    assert len(numbers) == len(set(numbers)) == len(serials) == len(set(serials))
    holdings = register_rows(run, "SELECT number, card_serial, status FROM nemid_holdings")
    assert len({row[0] for row in holdings}) == len(holdings)
    assert len({row[1] for row in holdings}) == len(holdings)
    active = {row[0]: row[1] for row in holdings if row[2] == "active"}
    for line in run.of_kind("questions", "witness"):
        if line["outcome"] == "issued":
            assert active[line["nemid_number"]] == line["card_serial"]


def test_r2_no_postal_order_lost(run: LoadRun) -> None:
    references = [line["order_reference"] for line in run.of_kind("post")]
    assert all(references) and len(set(references)) == len(references)
    book = dict(kiosk_rows(run, "SELECT reference, status FROM postal_orders"))
    for reference in references:
        assert book.get(reference) in ("reserved", "completed"), reference


def test_r3_a_lockout_set_on_one_kiosk_holds_on_all_eight(run: LoadRun) -> None:
    (failed,) = run.of_kind("lockout_fail")
    assert failed["reason"] == "questions_failed"
    probes = run.of_kind("lockout_probe")
    assert len(probes) == WORKERS
    assert {line["reason"] for line in probes} == {"questions_locked"}


def test_r7_of_eight_kiosks_racing_for_one_witness_exactly_the_limit_succeeds(
    run: LoadRun,
) -> None:
    limit = KioskConfig().rules.witness_limit
    visits = run.of_kind("witness")
    assert len(visits) == WORKERS
    issued = [line for line in visits if line["outcome"] == "issued"]
    refused = [line for line in visits if line["outcome"] != "issued"]
    assert len(issued) == limit
    assert {line["reason"] for line in refused} == {WITNESS_LIMIT_REACHED}
    (count,) = kiosk_rows(run, "SELECT count(*) FROM witness_vouchings")
    assert count == (limit,)


def test_the_audit_chain_written_by_eight_processes_verifies(run: LoadRun) -> None:
    with open_kiosk_storage(config_for(run.database, 0), FixedClock.on(TODAY)) as storage:
        report = storage.audit.verify()
    assert report.intact, report.problem
    kiosks = {row[0] for row in kiosk_rows(run, "SELECT DISTINCT kiosk_id FROM audit_log")}
    assert kiosks == {f"load-kiosk-{worker}" for worker in range(WORKERS)}
