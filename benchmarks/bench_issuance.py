"""Issuance speed: making and storing one whole NemID, and issuance transactions per second (R12).

``python -m benchmarks.bench_issuance [--repeats N] [--json]`` prints each figure beside its
budget; ``python -m benchmarks`` puts them in the one table. "generate + store" is one
credential made from ``secrets``, hashed (scrypt for the password, 148 HMACs) and reserved in a
real register database in a temporary folder, budget 200 ms. "issuance transactions" is the
whole counter transaction of DESIGN.md on the paperless printer (reserve, slip, card, activate,
each step journaled and audited), as a rate.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from benchmarks.figures import Figure, median_ms, timed_runs
from drivers.sim.printer.paper_printer import PaperlessPrinter
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.issuance.credentials import new_credential, stored_secrets
from kiosk.issuance.faults import FaultPoints
from kiosk.issuance.transaction import IssuanceRequest, build_issuance_services
from kiosk.storage.sqlite.register_seed import seed_register
from kiosk.storage.stores import open_kiosk_storage, open_register_storage

GENERATE_AND_STORE_BUDGET_MS = 200.0
DEFAULT_REPEATS = 20
QUICK_REPEATS = 3
# Synthetic, invented person.
BENCH_CPR = "0303933217"
BENCH_PERSON = {"cpr": BENCH_CPR, "given_names": "Bente", "surname": "Bænk", "address": "Vej 1"}


def measure(quick: bool = False, repeats: int = DEFAULT_REPEATS) -> list[Figure]:
    """The figures; ``quick`` runs a few repetitions only (the suite's smoke test)."""
    repeats = QUICK_REPEATS if quick else repeats
    with tempfile.TemporaryDirectory() as folder_name:
        folder = Path(folder_name)
        config = KioskConfig().replace(
            storage={"database": str(folder / "kiosk.sqlite"), "outbox": str(folder / "outbox")},
            security={"kiosk_key_file": str(folder / "kiosk.key")},
        )
        clock = FixedClock()
        kiosk = open_kiosk_storage(config, clock)
        register = open_register_storage(config, clock, seed=False)
        try:
            seed_register(register.db, [BENCH_PERSON], clock.today(), register.keys)
            authority = register.authority

            def generate_and_store() -> None:
                credential = new_credential(
                    config.rules,
                    number_exists=authority.number_exists,
                    serial_exists=authority.serial_exists,
                )
                hashed = stored_secrets(credential, authority.keys)
                authority.reserve(
                    BENCH_CPR,
                    credential.nemid_number,
                    hashed.password_hash,
                    credential.card_serial,
                    hashed.code_hashes,
                )

            store_ms = median_ms(timed_runs(generate_and_store, repeats))
            services = build_issuance_services(
                config,
                kiosk=kiosk,
                register=register,
                printer=PaperlessPrinter(),
                clock=clock,
                faults=FaultPoints(),
            )
            request = IssuanceRequest(BENCH_CPR, "Bente Bænk", "Vej 1")
            issue_ms = median_ms(timed_runs(lambda: services.issuance.issue(request), repeats))
        finally:
            kiosk.close()
            register.close()
    return [
        Figure(
            "generate + store one NemID",
            store_ms,
            "ms",
            GENERATE_AND_STORE_BUDGET_MS,
            "secrets, scrypt password, 148 code HMACs, reserved in SQLite",
        ),
        Figure(
            "issuance transactions",
            1000 / issue_ms,
            "per s",
            None,
            f"whole counter transaction, median {issue_ms:.1f} ms, paperless printer",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=DEFAULT_REPEATS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    figures = measure(repeats=max(args.repeats, 1))
    if args.json:
        print(json.dumps([figure.__dict__ for figure in figures], ensure_ascii=False))
    else:
        for figure in figures:
            print(figure.row())
    return 1 if any(figure.within_budget is False for figure in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
