"""Fleet: 50 simulated kiosks through the authority's HTTP API, against one kiosk on SQLite.

``python -m benchmarks --only fleet``. Starts a private PostgreSQL server and ``kiosk authority
serve`` (mutual TLS), enrols the kiosks, loads a synthetic register, then each kiosk (a thread
with its own certificate and the kiosk's own HTTP adapters, :mod:`app.fleet.remote`) plays
witnessed issuances (:mod:`benchmarks.fleet_journey`) with witnesses shared across the fleet, so
kiosks race for each witness's last places. Reports journeys per second, p50/p99 per call, and
the rule violations found in the database afterwards (a witness past 3 vouchings, a CPR number
with two active NemIDs): there must be none. The same journeys on one kiosk's embedded SQLite
repositories, in the same run, are the comparison.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import psycopg

from app.authority import fleet_ca
from app.fleet.client import AuthorityClient
from app.fleet.remote import (
    RemoteNemIdHoldings,
    RemoteOpenVisits,
    RemoteQuestionLockouts,
    RemoteRegister,
    RemoteWitnessLedger,
)
from benchmarks.figures import Figure, p99_ms
from benchmarks.fleet_journey import Ports, Timings, witnessed_issuance
from kiosk.clock import SystemClock
from kiosk.config import AuthoritySettings, KioskConfig
from kiosk.storage.postgres.store import AuthorityStore
from kiosk.storage.sqlite.register_seed import seed_register
from kiosk.storage.stores import open_kiosk_storage, open_register_storage
from tests.fleet.conftest import start_authority, stop
from tests.fleet.pg_cluster import PgCluster, free_port, postgres_bin

KIOSKS, JOURNEYS, WITNESSES = 50, 6, 40
QUICK_KIOSKS, QUICK_JOURNEYS, QUICK_WITNESSES = 3, 2, 1
VIOLATIONS_SQL = (
    "SELECT (SELECT count(*) FROM (SELECT witness_ref FROM witness_vouchings"
    " GROUP BY witness_ref HAVING count(*) > 3) AS w),"
    " (SELECT count(*) FROM (SELECT cpr FROM nemid_holdings WHERE status = 'active'"
    " GROUP BY cpr HAVING count(*) > 1) AS a)"
)


def synthetic_people(count: int, start: date = date(1960, 1, 1)) -> list[dict[str, object]]:
    """``count`` register entries with valid CPR numbers (one per birth date, serial 4000+)."""
    people = []
    for index in range(count):
        born = start + timedelta(days=index)
        cpr = f"{born:%d%m%y}{4000 + index % 1000:04d}"
        people.append({"cpr": cpr, "given_names": f"Test{index}", "surname": "Fleet"})
    return people


def measure(quick: bool = False) -> list[Figure]:
    kiosks, journeys, witnesses = (
        (QUICK_KIOSKS, QUICK_JOURNEYS, QUICK_WITNESSES) if quick else (KIOSKS, JOURNEYS, WITNESSES)
    )
    people = synthetic_people(witnesses + kiosks * journeys)
    cprs = [str(p["cpr"]) for p in people]
    witness_cprs, applicants = cprs[:witnesses], cprs[witnesses:]
    bin_dir = postgres_bin()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (scripts/setup.sh)")
    cluster = PgCluster(bin_dir)
    cluster.start()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-fleet-") as folder:
            fleet = _fleet_run(cluster, Path(folder), kiosks, journeys, people, witness_cprs,
                               applicants)  # fmt: skip
            single = _sqlite_run(Path(folder), kiosks * journeys, people, witness_cprs,
                                 applicants)  # fmt: skip
    finally:
        cluster.stop()
    return _figures(fleet, single, kiosks)


def _fleet_run(
    cluster: PgCluster,
    folder: Path,
    kiosks: int,
    journeys: int,
    people: list[dict[str, object]],
    witness_cprs: list[str],
    applicants: list[str],
) -> tuple[Timings, float, tuple[int, int]]:
    url = cluster.new_database()
    tls_dir = folder / "ca"
    with AuthorityStore.open(url, SystemClock()) as store:
        store.for_kiosk("bench").register.load(people)
    for index in range(kiosks):
        fleet_ca.enrol(tls_dir, f"bench-{index:02d}", folder / f"bench-{index:02d}")
    port = free_port()
    command = [sys.executable, "-m", "app.cli.main"]
    process = start_authority(url, tls_dir, command, port)
    try:
        timings = Timings()
        lock = threading.Lock()

        def kiosk(index: int) -> None:
            files = folder / f"bench-{index:02d}"
            settings = AuthoritySettings(
                f"https://127.0.0.1:{port}", str(files / "ca.pem"), str(files / "kiosk.pem"),
                str(files / "kiosk.key.pem"), 60.0,
            )  # fmt: skip
            client = AuthorityClient(settings)
            ports = Ports(
                RemoteRegister(client), RemoteNemIdHoldings(client), RemoteWitnessLedger(client),
                RemoteQuestionLockouts(client), RemoteOpenVisits(client),
            )  # fmt: skip
            mine = Timings()
            for turn in range(journeys):
                slot = index * journeys + turn
                witness = witness_cprs[(index + turn) % len(witness_cprs)]
                witnessed_issuance(ports, applicants[slot], witness, f"v{slot}",
                                   f"{700000000 + slot}", mine)  # fmt: skip
            client.close()
            with lock:
                timings.merge(mine)

        started = time.perf_counter()
        threads = [threading.Thread(target=kiosk, args=(i,)) for i in range(kiosks)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        elapsed = time.perf_counter() - started
    finally:
        stop(process)
    with psycopg.connect(url) as connection:
        row = connection.execute(VIOLATIONS_SQL).fetchone()
    violations = (int(row[0]), int(row[1])) if row else (-1, -1)
    return timings, elapsed, violations


def _sqlite_run(
    folder: Path,
    journeys: int,
    people: list[dict[str, object]],
    witness_cprs: list[str],
    applicants: list[str],
) -> tuple[Timings, float]:
    config = KioskConfig().replace(
        storage={"database": str(folder / "single" / "kiosk.sqlite"),
                 "backups": str(folder / "single" / "backups")},
        security={"kiosk_key_file": str(folder / "single" / "kiosk.key")},
    )  # fmt: skip
    clock = SystemClock()
    timings = Timings()
    with (
        open_kiosk_storage(config, clock) as kiosk,
        open_register_storage(config, clock, seed=False) as register,
    ):
        seed_register(register.db, people, clock.today(), register.keys)
        ports = Ports(register.register, register.authority, kiosk.witnesses, kiosk.lockouts,
                      kiosk.open_visits)  # fmt: skip
        started = time.perf_counter()
        for slot in range(journeys):
            witness = witness_cprs[slot % len(witness_cprs)]
            witnessed_issuance(ports, applicants[slot], witness, f"v{slot}",
                               f"{800000000 + slot}", timings)  # fmt: skip
        elapsed = time.perf_counter() - started
    return timings, elapsed


def _figures(
    fleet: tuple[Timings, float, tuple[int, int]], single: tuple[Timings, float], kiosks: int
) -> list[Figure]:
    timings, elapsed, (witness_over, double_active) = fleet
    single_timings, single_elapsed = single
    outcomes = ", ".join(f"{name} {count}" for name, count in sorted(timings.outcomes.items()))
    detail = (
        f"{kiosks} kiosks over HTTPS (mutual TLS), {len(timings.journeys)} journeys: {outcomes}"
    )
    figures = [
        Figure("fleet throughput", len(timings.journeys) / elapsed, "journeys/s", None, detail),
        Figure(
            "fleet rule violations",
            witness_over + double_active,
            "violations",
            0,
            f"witnesses past 3 vouchings {witness_over}, CPRs with 2 active NemIDs {double_active}",
        ),
        Figure(
            "single kiosk SQLite throughput",
            len(single_timings.journeys) / single_elapsed,
            "journeys/s",
            None,
            "the same journeys, one kiosk, embedded repositories",
        ),
    ]
    for name in sorted(timings.calls):
        values = timings.calls[name]
        local = single_timings.calls.get(name, [])
        local_text = f"; SQLite median {statistics.median(local) * 1000:.2f} ms" if local else ""
        figures.append(
            Figure(
                f"fleet call {name}, p99",
                p99_ms(values),
                "ms",
                None,
                f"median {statistics.median(values) * 1000:.1f} ms over {len(values)}{local_text}",
            )
        )
    return figures


def main() -> int:
    for figure in measure():
        print(figure.row())
    return 0


if __name__ == "__main__":
    sys.exit(main())
