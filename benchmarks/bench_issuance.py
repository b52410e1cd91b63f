"""Issuance speed: making and storing one whole NemID, and issuance transactions per second (R12).

``python benchmarks/bench_issuance.py [--repeats N] [--json]`` prints the median of each figure
beside its budget. "generate + store" is one credential made from ``secrets``, hashed (scrypt for
the password, 148 HMACs) and reserved in a real register database in a temporary folder, budget
200 ms. "issuance transaction" is the whole counter transaction of DESIGN.md on the paperless
printer (reserve, slip, card, activate, each step journaled and audited), reported as a rate.
:func:`measure` returns the rows for a combined benchmark table.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from drivers.sim.paper_printer import PaperlessPrinter  # noqa: E402
from kiosk.clock import FixedClock  # noqa: E402
from kiosk.config import KioskConfig  # noqa: E402
from kiosk.credentials import new_credential, stored_secrets  # noqa: E402
from kiosk.faults import FaultPoints  # noqa: E402
from kiosk.issuance import IssuanceRequest, build_issuance_services  # noqa: E402
from kiosk.storage.register_seed import seed_register  # noqa: E402
from kiosk.storage.stores import open_kiosk_storage, open_register_storage  # noqa: E402

GENERATE_AND_STORE_BUDGET_MS = 200.0
DEFAULT_REPEATS = 20
# Synthetic, invented person.
BENCH_CPR = "0303933217"
BENCH_PERSON = {"cpr": BENCH_CPR, "given_names": "Bente", "surname": "Bænk", "address": "Vej 1"}


@dataclass(frozen=True)
class Figure:
    name: str
    median: float
    unit: str
    budget: str

    def row(self) -> str:
        return f"{self.name:<32} {self.median:>10.1f} {self.unit:<6} {self.budget}"


def _median_ms(action: Callable[[], object], repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def measure(repeats: int = DEFAULT_REPEATS) -> list[Figure]:
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
            seed_register(register.db, [BENCH_PERSON], clock.today())
            authority = register.authority

            def generate_and_store() -> None:
                credential = new_credential(
                    config.rules,
                    number_exists=authority.number_exists,
                    serial_exists=authority.serial_exists,
                )
                hashed = stored_secrets(credential, authority.code_key)
                authority.reserve(
                    BENCH_CPR,
                    credential.nemid_number,
                    hashed.password_hash,
                    credential.card_serial,
                    hashed.code_hashes,
                )

            store_ms = _median_ms(generate_and_store, repeats)
            services = build_issuance_services(
                config,
                kiosk=kiosk,
                register=register,
                printer=PaperlessPrinter(),
                clock=clock,
                faults=FaultPoints(),
            )
            request = IssuanceRequest(BENCH_CPR, "Bente Bænk", "Vej 1")
            issue_ms = _median_ms(lambda: services.issuance.issue(request), repeats)
        finally:
            kiosk.close()
            register.close()
    return [
        Figure(
            "generate + store one NemID", store_ms, "ms", f"< {GENERATE_AND_STORE_BUDGET_MS:.0f} ms"
        ),
        Figure("issuance transaction", issue_ms, "ms", "(for reference)"),
        Figure("issuance transactions", 1000 / issue_ms, "per s", "(for reference)"),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=DEFAULT_REPEATS)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    figures = measure(max(args.repeats, 1))
    if args.json:
        print(json.dumps([figure.__dict__ for figure in figures], ensure_ascii=False))
    else:
        print(f"{'figure':<32} {'median':>10} {'unit':<6} budget")
        for figure in figures:
            print(figure.row())
    within = figures[0].median < GENERATE_AND_STORE_BUDGET_MS
    return 0 if within else 1


if __name__ == "__main__":
    sys.exit(main())
