"""Disk full, through the real ``kiosk journey`` command under a file-size limit (R4, R12).

A kiosk process whose files may not grow past a limit (``RLIMIT_FSIZE``, with SIGXFSZ ignored
so a write fails with EFBIG as on a full disk) plays an issuance. Wherever the disk fills up, it
must end with exit 2 and one clear ``storage_error`` line, never a traceback, or finish its
visit; and the restarted kiosk, with room again, finds no active credential that was not
printed whole, nothing left printing, an intact audit chain, and serves the citizen.
"""

from __future__ import annotations

import json
import resource
import signal
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.abuse.kiosk_processes import KAREN, write_scenario

KIB = 1024
# Where the files stop growing, from "before the first write" to "during the issuance".
LIMITS_KIB = (48, 64, 80, 96, 112)
KAREN_ISSUED = [
    {"scan": KAREN},
    {"choose": "questions"},
    {"answer": "correct"},
    {"answer": "correct"},
]
EXIT_BAD_INPUT = 2
TIMEOUT_SECONDS = 60


def _file_size_limit(limit: int) -> Callable[[], None]:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def _journey(
    command: list[str],
    scenario: Path,
    database: Path,
    env: dict[str, str],
    limit: int | None = None,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command, "journey", str(scenario), "--db", str(database)],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        preexec_fn=_file_size_limit(limit) if limit else None,
    )


@pytest.mark.parametrize("limit_kib", LIMITS_KIB)
def test_r12_disk_full_mid_visit_ends_cleanly_and_loses_nothing(
    tmp_path: Path, kiosk_command: list[str], subprocess_env: dict[str, str], limit_kib: int
) -> None:
    database = tmp_path / "kiosk.sqlite"
    set_up = _journey(
        kiosk_command,
        write_scenario(tmp_path, "setup", [{"cancel": True}]),
        database,
        subprocess_env,
    )
    assert set_up.returncode == 0, set_up.stderr
    visit = write_scenario(tmp_path, "visit", KAREN_ISSUED)
    full = _journey(kiosk_command, visit, database, subprocess_env, limit=limit_kib * KIB)
    assert "Traceback" not in full.stderr
    if full.returncode != 0:
        assert full.returncode == EXIT_BAD_INPUT
        [message] = full.stderr.strip().splitlines()
        assert message.startswith("kiosk: storage_error: "), message

    again = _journey(kiosk_command, visit, database, subprocess_env)
    assert again.returncode == 0, again.stderr[-2000:]
    outcome = json.loads(again.stdout.splitlines()[-1])
    issued_before = full.returncode == 0 and '"outcome": "issued"' in full.stdout
    expected = ("incomplete", "nemid_already_active") if issued_before else ("issued", "")
    assert (outcome["outcome"], outcome.get("reason", "")) == expected, outcome
    with sqlite3.connect(tmp_path / "register.sqlite") as register:
        rows = register.execute(
            "SELECT status, count(*) FROM nemid_holdings WHERE cpr = ? GROUP BY status",
            (KAREN["cpr"],),
        ).fetchall()
    assert dict(rows).get("active") == 1 and "printing" not in dict(rows)
    verify = subprocess.run(
        [*kiosk_command, "audit", "verify", "--db", str(database)],
        env=subprocess_env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
    )
    assert verify.returncode == 0, verify.stderr
