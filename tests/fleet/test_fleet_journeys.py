"""Done when (issue 15): two ``kiosk journey`` processes with ``[authority]`` against one
``kiosk authority serve`` on PostgreSQL cannot together let a witness vouch a 4th time, and a
lockout made through one holds for the other."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import psycopg
import pytest

from tests.conftest import ROOT
from tests.fleet.conftest import RunningAuthority

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

WITNESS_SCAN = {
    "witness_scan": {
        "mrz": [
            "P<DNKBACH<<ANDERS<<<<<<<<<<<<<<<<<<<<<<<<<<<",
            "DK33577604DNK7905148M2911010<<<<<<<<<<<<<<<2",
        ],
        "cpr": "1405791231",
    }
}
PRIYA = [
    {"scan": {"mrz": ["P<INDRAMAN<<PRIYA<<<<<<<<<<<<<<<<<<<<<<<<<<<",
                      "Z4410278<3IND9506125F3302118<<<<<<<<<<<<<<<8"]}},
    {"scan_health_card": {"cpr": "1206953582"}},
]  # fmt: skip
KAREN = [
    {"scan": {"mrz": ["P<DNKSOERENSEN<<KAREN<MARGRETHE<<<<<<<<<<<<<",
                      "DK48172902DNK6803155F3105146<<<<<<<<<<<<<<<2"], "cpr": "1503681234"}}
]  # fmt: skip
AASE = [
    {"scan": {"mrz": ["P<DNKLOEVGAARD<<AASE<AERBO<<<<<<<<<<<<<<<<<<",
                      "DK55290132DNK8505039F3009303<<<<<<<<<<<<<<<4"], "cpr": "0305852468"}}
]  # fmt: skip
LUKAS = [
    {"scan": {"mrz": ["I<D<<L01X00T471<<<<<<<<<<<<<<<", "8808224M2906302D<<<<<<<<<<<<<6",
                      "SCHMIDT<<LUKAS<<<<<<<<<<<<<<<<"]}},
    {"scan_health_card": {"cpr": "2208881237"}},
]  # fmt: skip


def with_witness(citizen: list[dict[str, object]]) -> list[dict[str, object]]:
    return [*citizen, {"choose": "witness"}, WITNESS_SCAN, {"witness_sign": "declaration"}]


def kiosk_config(authority: RunningAuthority, kiosk_id: str, folder: Path) -> Path:
    files = authority.kiosks[kiosk_id]
    path = folder / f"{kiosk_id}.toml"
    path.write_text(
        f'demo = true\nkiosk_id = "{kiosk_id}"\n\n[authority]\nurl = "{authority.url}"\n'
        f'ca = "{files / "ca.pem"}"\ncert = "{files / "kiosk.pem"}"\n'
        f'key = "{files / "kiosk.key.pem"}"\n',
        encoding="utf-8",
    )
    return path


def start_journey(
    kiosk_command: list[str], config: Path, steps: list[dict[str, object]], folder: Path
) -> subprocess.Popen[str]:
    scenario = folder / f"{config.stem}-{len(list(folder.glob('*.json')))}.json"
    scenario.write_text(json.dumps({"steps": steps}), encoding="utf-8")
    return subprocess.Popen(
        [*kiosk_command, "--config", str(config), "journey", str(scenario)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def lines_of(process: subprocess.Popen[str]) -> list[dict[str, object]]:
    out, err = process.communicate(timeout=180)
    assert process.returncode == 0, err
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_two_journey_processes_cannot_let_a_witness_vouch_a_fourth_time(
    authority: RunningAuthority, kiosk_command: list[str], tmp_path: Path
) -> None:
    a = kiosk_config(authority, "kiosk-a", tmp_path)
    b = kiosk_config(authority, "kiosk-b", tmp_path)
    runs = [
        start_journey(kiosk_command, a, with_witness(PRIYA) + with_witness(KAREN), tmp_path),
        start_journey(kiosk_command, b, with_witness(AASE) + with_witness(LUKAS), tmp_path),
    ]
    lines = [line for run in runs for line in lines_of(run)]
    issued = [line for line in lines if line.get("state") == "issued"]
    refused = [line for line in lines if "witness_limit_reached" in json.dumps(line)]
    assert len(issued) == 3, lines
    assert refused, lines
    with psycopg.connect(authority.database) as connection:
        vouched = connection.execute(
            "SELECT kiosk_id FROM witness_vouchings ORDER BY id"
        ).fetchall()
        active = connection.execute(
            "SELECT count(*) FROM nemid_holdings WHERE status = 'active'"
            " AND kiosk_id IN ('kiosk-a', 'kiosk-b')"
        ).fetchone()
    assert len(vouched) == 3 and {row[0] for row in vouched} <= {"kiosk-a", "kiosk-b"}
    assert active == (3,)


def test_a_lockout_made_through_one_kiosk_holds_for_the_other(
    authority: RunningAuthority, kiosk_command: list[str], tmp_path: Path
) -> None:
    a = kiosk_config(authority, "kiosk-a", tmp_path)
    b = kiosk_config(authority, "kiosk-b", tmp_path)
    failing = [*KAREN, {"choose": "questions"}, {"answer": "correct"}, {"answer": "wrong"},
               {"answer": "wrong"}, {"answer": "correct"}]  # fmt: skip
    first = lines_of(start_journey(kiosk_command, a, failing, tmp_path))
    assert any("questions" in json.dumps(line) for line in first), first
    second = lines_of(start_journey(kiosk_command, b, [*KAREN, {"choose": "questions"}], tmp_path))
    refusals = [line for line in second if line.get("refused") == "questions_locked"]
    assert refusals, second
    with psycopg.connect(authority.database) as connection:
        locks = connection.execute("SELECT kiosk_id FROM question_lockouts").fetchall()
    assert locks == [("kiosk-a",)]
