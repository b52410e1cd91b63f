"""Abuse across kiosks: the question lockout and the witness vouching limit hold when several
real kiosk processes share one database (R3, R7).

An impostor who fails a round of control questions at one kiosk cannot walk to the next one and
guess again for 24 hours; a witness cannot vouch for a fourth citizen by spreading the visits
over kiosks, even when two kiosks record the last vouchings at the same moment.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.abuse.kiosk_processes import (
    KAREN,
    WITNESS_ANDERS,
    lines_of,
    refusals,
    run_kiosk,
    start_kiosk,
    write_scenario,
)

GUESSING_KIOSKS = 3
# Three applicants the witness may vouch for, and a fourth he may not (R7: 3 in 120 days).
APPLICANTS = [
    {"mrz": KAREN["mrz"], "cpr": KAREN["cpr"]},
    {
        "mrz": [
            "P<DNKLOEVGAARD<<AASE<AERBO<<<<<<<<<<<<<<<<<<",
            "DK55290132DNK8505039F3009303<<<<<<<<<<<<<<<4",
        ],
        "cpr": "0305852468",
    },
    {
        "mrz": [
            "P<INDRAMAN<<PRIYA<<<<<<<<<<<<<<<<<<<<<<<<<<<",
            "Z4410278<3IND9506125F3302118<<<<<<<<<<<<<<<8",
        ],
        "health_card": "1206953582",
    },
    {
        "mrz": [
            "I<D<<L01X00T471<<<<<<<<<<<<<<<",
            "8808224M2906302D<<<<<<<<<<<<<6",
            "SCHMIDT<<LUKAS<<<<<<<<<<<<<<<<",
        ],
        "health_card": "2208881237",
    },
]


def _witness_visit(applicant: dict) -> list[dict]:
    steps: list[dict] = [{"scan": {"mrz": applicant["mrz"], **_cpr(applicant)}}]
    if "health_card" in applicant:
        steps.append({"scan_health_card": {"cpr": applicant["health_card"]}})
    return [
        *steps,
        {"choose": "witness"},
        {"witness_scan": WITNESS_ANDERS},
        {"witness_sign": "declaration"},
    ]


def _cpr(applicant: dict) -> dict:
    return {"cpr": applicant["cpr"]} if "cpr" in applicant else {}


def test_r3_a_failed_round_locks_questions_on_every_other_kiosk_process(
    tmp_path: Path, kiosk_command: list[str], subprocess_env: dict[str, str]
) -> None:
    database = tmp_path / "kiosk.sqlite"
    guess = write_scenario(
        tmp_path,
        "guess",
        [{"scan": KAREN}, {"choose": "questions"}, {"answer": "wrong"}, {"answer": "wrong"}],
    )
    first = run_kiosk(kiosk_command, guess, database, subprocess_env)
    assert first[-1]["reason"] == "questions_failed"

    retry = write_scenario(
        tmp_path,
        "retry",
        [{"scan": KAREN}, {"choose": "questions"}, {"answer": "correct"}, {"answer": "correct"}],
    )
    # The impostor walks from kiosk to kiosk; each visit ends before the next starts (R1 keeps
    # one open visit per citizen, so simultaneous visits are refused as visit_already_open).
    for _ in range(GUESSING_KIOSKS):
        lines = run_kiosk(kiosk_command, retry, database, subprocess_env)
        assert refusals(lines)[0] == "questions_locked"
        assert not any(line.get("state") in ("questions", "issuing", "issued") for line in lines)
        assert lines[-1]["outcome"] == "incomplete"
    with sqlite3.connect(database) as connection:
        [(locks,)] = connection.execute("SELECT count(*) FROM question_lockouts").fetchall()
    assert locks == 1


def test_r7_the_witness_limit_holds_across_kiosk_processes_racing_for_the_last_place(
    tmp_path: Path, kiosk_command: list[str], subprocess_env: dict[str, str]
) -> None:
    database = tmp_path / "kiosk.sqlite"
    for index in (0, 1):
        visit = write_scenario(tmp_path, f"visit{index}", _witness_visit(APPLICANTS[index]))
        lines = run_kiosk(kiosk_command, visit, database, subprocess_env)
        assert lines[-1]["outcome"] == "issued", lines[-1]
    # Two kiosks, two applicants, one place left for the witness.
    racing = [
        start_kiosk(
            kiosk_command,
            write_scenario(tmp_path, f"visit{index}", _witness_visit(APPLICANTS[index])),
            database,
            subprocess_env,
            f"hall-{index}",
        )
        for index in (2, 3)
    ]
    outcomes = [lines_of(process) for process in racing]
    issued = [lines for lines in outcomes if lines[-1]["outcome"] == "issued"]
    refused = [lines for lines in outcomes if "witness_limit_reached" in _reasons(lines)]
    assert len(issued) == 1 and len(refused) == 1, [lines[-1] for lines in outcomes]
    with sqlite3.connect(database) as connection:
        [(vouched,)] = connection.execute("SELECT count(*) FROM witness_vouchings").fetchall()
    assert vouched == 3


def _reasons(lines: list[dict]) -> set[str]:
    found = set(refusals(lines))
    for line in lines:
        for key in ("reason",):
            if key in line:
                found.add(line[key])
        notice = line.get("notice") or line.get("refusal")
        if isinstance(notice, dict):
            found.add(notice.get("reason", ""))
    return found
