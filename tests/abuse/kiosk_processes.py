"""Several kiosk processes on one database: each runs ``kiosk journey SCENARIO --db DB``.

Used by the abuse tests to show that the limits (question lockouts, witness vouchings, open
visits) hold across kiosks, not only inside one process. Synthetic personas only.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

TODAY = "2026-11-23"
KAREN = {
    "mrz": [
        "P<DNKSOERENSEN<<KAREN<MARGRETHE<<<<<<<<<<<<<",
        "DK48172902DNK6803155F3105146<<<<<<<<<<<<<<<2",
    ],
    "cpr": "1503681234",
}
WITNESS_ANDERS = {
    "mrz": [
        "P<DNKBACH<<ANDERS<<<<<<<<<<<<<<<<<<<<<<<<<<<",
        "DK33577604DNK7905148M2911010<<<<<<<<<<<<<<<2",
    ],
    "cpr": "1405791231",
}
PROCESS_TIMEOUT_SECONDS = 60


def write_scenario(folder: Path, name: str, steps: list[dict[str, Any]]) -> Path:
    path = folder / f"{name}.json"
    path.write_text(json.dumps({"today": TODAY, "steps": steps}), encoding="utf-8")
    return path


def start_kiosk(
    command: list[str],
    scenario: Path,
    database: Path,
    env: dict[str, str],
    kiosk_id: str = "kiosk-1",
) -> subprocess.Popen[str]:
    """One kiosk process playing ``scenario`` on ``database`` as ``kiosk_id`` (processes running
    at once need ids of their own); read it with :func:`lines_of`."""
    config = database.with_name(f"{kiosk_id}.toml")
    config.write_text(f'demo = true\nkiosk_id = "{kiosk_id}"\n', encoding="utf-8")
    return subprocess.Popen(
        [*command, "--config", str(config), "journey", str(scenario), "--db", str(database)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def lines_of(process: subprocess.Popen[str]) -> list[dict[str, Any]]:
    """The JSON lines of a finished kiosk process; fails loudly on a crash or a traceback."""
    out, err = process.communicate(timeout=PROCESS_TIMEOUT_SECONDS)
    assert process.returncode == 0, err[-2000:]
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def run_kiosk(
    command: list[str], scenario: Path, database: Path, env: dict[str, str]
) -> list[dict[str, Any]]:
    return lines_of(start_kiosk(command, scenario, database, env))


def refusals(lines: list[dict[str, Any]]) -> list[str]:
    """Every reason code a kiosk refused an action with, in order."""
    return [line["refused"] for line in lines if "refused" in line]
