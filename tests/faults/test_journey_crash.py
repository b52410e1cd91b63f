"""Crash injection through the real ``kiosk journey`` command (R4, R11, R12).

tests/integration/test_crash_recovery.py kills a worker at every fault point of the issuance
and postal services. Here the whole kiosk command, run under the test harness
(``tests/harness_main.py``, which alone honours it), dies with SIGKILL (``KIOSK_CRASH_AT``) in the
middle of a citizen's visit, after an earlier citizen filed an exemption request, and a second
run of the command on the same database checks what the citizen would meet at the restarted
kiosk: the request still in the staff queue, the interrupted credential voided and audited, no
active credential that was not printed whole, the audit chain intact (``kiosk audit verify``),
and the citizen served again at once (their open visit was freed by the restart, R1).
"""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from kiosk.issuance.faults import CRASH_ENV
from tests.abuse.kiosk_processes import KAREN, write_scenario

PRIYA_EXEMPTION = [
    {
        "scan": {
            "mrz": [
                "P<INDRAMAN<<PRIYA<<<<<<<<<<<<<<<<<<<<<<<<<<<",
                "Z4410278<3IND9506125F3302118<<<<<<<<<<<<<<<8",
            ]
        }
    },
    {"scan_health_card": {"cpr": "1206953582"}},
    {"choose": "exemption"},
    {"request_exemption": "language_difficulties"},
]
KAREN_ISSUED = [
    {"scan": KAREN},
    {"choose": "questions"},
    {"answer": "correct"},
    {"answer": "correct"},
]
KAREN_BY_POST = [{"scan": KAREN}, {"choose": "post"}]
CASES = {
    "after_reserve": KAREN_ISSUED,
    "between_slip_and_card": KAREN_ISSUED,
    "mid_audit_write": KAREN_ISSUED,
    "between_letters": KAREN_BY_POST,
}
TIMEOUT_SECONDS = 60


def _journey(
    command: list[str], scenario: Path, database: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command, "journey", str(scenario), "--db", str(database)],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
    )


def test_the_production_kiosk_command_ignores_the_crash_variable(
    tmp_path: Path,
    kiosk_command: list[str],
    harness_command: list[str],
    subprocess_env: dict[str, str],
) -> None:
    visit = write_scenario(tmp_path, "visit", KAREN_ISSUED)
    armed = subprocess_env | {CRASH_ENV: "after_reserve"}
    # Each run in its own folder: the register sits beside the kiosk database.
    production = _journey(kiosk_command, visit, tmp_path / "production" / "kiosk.sqlite", armed)
    assert production.returncode == 0, production.stderr[-2000:]
    assert json.loads(production.stdout.splitlines()[-1])["outcome"] == "issued"
    harnessed = _journey(harness_command, visit, tmp_path / "harness" / "kiosk.sqlite", armed)
    assert harnessed.returncode == -signal.SIGKILL  # the same variable, armed by the harness


@pytest.mark.parametrize("point", sorted(CASES))
def test_r12_kiosk_command_killed_mid_visit_then_restarted(
    tmp_path: Path,
    kiosk_command: list[str],
    harness_command: list[str],
    subprocess_env: dict[str, str],
    point: str,
) -> None:
    database = tmp_path / "kiosk.sqlite"
    visits = write_scenario(tmp_path, "visits", PRIYA_EXEMPTION + CASES[point])
    killed = _journey(harness_command, visits, database, subprocess_env | {CRASH_ENV: point})
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    lines = [json.loads(line) for line in killed.stdout.splitlines()]
    assert {"state": "exemption_requested", "event": "exemption_filed"} in lines

    again = _journey(
        kiosk_command, write_scenario(tmp_path, "again", KAREN_ISSUED), database, subprocess_env
    )
    assert again.returncode == 0, again.stderr[-2000:]
    outcome = json.loads(again.stdout.splitlines()[-1])
    assert outcome["outcome"] == "issued", outcome

    with sqlite3.connect(database) as kiosk_db:
        [(requests,)] = kiosk_db.execute(
            "SELECT count(*) FROM exemption_requests WHERE status = 'open'"
        ).fetchall()
        events = [
            (event, json.loads(data))
            for event, data in kiosk_db.execute("SELECT event, data FROM audit_log ORDER BY seq")
        ]
    assert requests == 1  # R11: what the earlier citizen asked for survived the crash
    voided = [data for event, data in events if event == "credential.voided"]
    assert [data["reason"] for data in voided] == ["interrupted"]
    with sqlite3.connect(tmp_path / "register.sqlite") as register:
        statuses = dict(
            register.execute(
                "SELECT number, status FROM nemid_holdings WHERE number IN (?, ?)",
                (voided[0]["nemid_number"], outcome["nemid_number"]),
            ).fetchall()
        )
    assert statuses == {voided[0]["nemid_number"]: "voided", outcome["nemid_number"]: "active"}
    verify = subprocess.run(
        [*kiosk_command, "audit", "verify", "--db", str(database)],
        env=subprocess_env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
    )
    assert verify.returncode == 0, verify.stderr
