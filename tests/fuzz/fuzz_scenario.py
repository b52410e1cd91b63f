"""Fuzz scenario files (``kiosk journey SCENARIO.json``): any bytes may only raise ScenarioError.

The file goes through :func:`kiosk.scenarios.scenario.load_scenario` exactly as the CLI reads it,
from a real file, so decoding and JSON errors are covered too.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fuzz.harness import instrument, run

with instrument():
    from kiosk.errors import ScenarioError
    from kiosk.scenarios.scenario import load_scenario

SCENARIO_FILE = Path(tempfile.mkdtemp(prefix="fuzz-scenario-")) / "scenario.json"


def one_input(data: bytes) -> None:
    SCENARIO_FILE.write_bytes(data)
    try:
        scenario = load_scenario(SCENARIO_FILE)
    except ScenarioError:
        return
    assert all(step.where.startswith("steps[") for step in scenario.steps)


if __name__ == "__main__":
    run(one_input)
