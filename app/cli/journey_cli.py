"""``kiosk journey SCENARIO.json [--db PATH]``: run a scenario through the journey, no UI.

One JSON object per line for each state entered, the outcome last; never a password or a code.
Unless ``--db`` names a kiosk database (the register sits beside it as ``register.sqlite``),
every run uses fresh databases in a temporary folder, seeded with the built-in personas plus the
scenario's register entries. A malformed scenario exits 2 with one line (ScenarioError).
"""

from __future__ import annotations

import argparse
import random
import tempfile
from datetime import date
from pathlib import Path

from app.bootstrap import PAPERLESS_PRINTER, build_app
from kiosk.clock import FixedClock, SystemClock
from kiosk.config import KioskConfig, load_config
from kiosk.scenarios.runner import ScenarioRunner
from kiosk.scenarios.scenario import Scenario, load_scenario
from kiosk.storage.sqlite.register_seed import seed_register

# A fixed seed makes a scenario's questions and witness key the same on every run.
SCENARIO_SEED = 2026


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("journey", help="run a journey scenario (JSON) without a UI")
    parser.add_argument("scenario", type=Path, help="the scenario file")
    parser.add_argument("--db", type=Path, help="kiosk database to use instead of a fresh one")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from app.cli.main import EXIT_OK, emit_json

    scenario = load_scenario(args.scenario)
    base = load_config(Path(args.config)) if args.config else KioskConfig()
    if args.db is not None:
        run_scenario(scenario, base, args.db, emit_json)
        return EXIT_OK
    with tempfile.TemporaryDirectory(prefix="kiosk-journey-") as folder:
        run_scenario(scenario, base, Path(folder) / "kiosk.sqlite", emit_json)
    return EXIT_OK


def run_scenario(scenario: Scenario, base: KioskConfig, database: Path, emit: object) -> None:
    """Build the app on ``database`` for the scenario and play it; lines go to ``emit``."""
    folder = database.parent
    config = scenario.config(base).replace(
        storage={
            "database": str(database),
            "outbox": str(folder / "outbox"),
            "backups": str(folder / "backups"),
        },
        security={"kiosk_key_file": str(folder / "kiosk.key")},
        # No hardware: the paperless printer, no reader, camera or card reader to start.
        devices={
            "printer": PAPERLESS_PRINTER,
            "document_reader": "",
            "card_reader": "",
            "chip_reader": "",
            "camera": "",
            "document_camera": "",
        },
    )
    today: date = scenario.today or SystemClock().today()
    clock = FixedClock.on(today)
    with build_app(config, clock=clock, rng=random.Random(SCENARIO_SEED)) as app:
        if scenario.register and not config.authority.url:  # in a fleet the service's counts
            seed_register(app.register.db, scenario.register, today, app.register.keys)
        ScenarioRunner(app, scenario, emit).run()  # type: ignore[arg-type]
