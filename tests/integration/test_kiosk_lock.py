"""One kiosk process per store and kiosk_id, and start-up recovery voids only its own leftovers.

Real SQLite stores and real processes: a second kiosk with the same id on the same store is
refused while the first runs (a ``kiosk journey`` subprocess beside it), a kiosk killed
with SIGKILL leaves no lock behind, and a starting kiosk leaves alone a credential another
kiosk is printing, or one reserved in the register by a kiosk on another store.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.bootstrap import build_app
from drivers.sim.printer.paper_printer import PaperlessPrinter
from kiosk.clock import FixedClock
from kiosk.composed import App
from kiosk.config import KioskConfig
from kiosk.errors import StorageError
from kiosk.ports import Devices
from kiosk.storage.kiosk_lock import KioskLock
from kiosk.storage.sqlite.register_seed import seed_register
from tests.abuse.kiosk_processes import KAREN, write_scenario
from tests.integration.issuance_stack import CITIZEN, CITIZEN_CPR, config_in

RUN_TIMEOUT = 60


def kiosk(config: KioskConfig) -> App:
    return build_app(config, clock=FixedClock(), devices=Devices(printer=PaperlessPrinter()))


def test_the_kiosk_command_refuses_to_start_beside_a_running_twin(
    tmp_path: Path, kiosk_command: list[str], subprocess_env: dict[str, str]
) -> None:
    scenario = write_scenario(tmp_path, "visit", [{"scan": KAREN}, {"choose": "post"}])
    with kiosk(config_in(tmp_path)):  # kiosk-1, the default id, on tmp_path/kiosk.sqlite
        result = subprocess.run(
            [*kiosk_command, "journey", str(scenario), "--db", str(tmp_path / "kiosk.sqlite")],
            env=subprocess_env,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
        )
        config = tmp_path / "hall-2.toml"
        config.write_text('demo = true\nkiosk_id = "hall-2"\n')
        neighbour = subprocess.run(
            [
                *kiosk_command,
                "--config",
                str(config),
                "journey",
                str(scenario),
                "--db",
                str(tmp_path / "kiosk.sqlite"),
            ],
            env=subprocess_env,
            capture_output=True,
            text=True,
            timeout=RUN_TIMEOUT,
        )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "runs as kiosk_id 'kiosk-1'" in result.stderr
    assert "Traceback" not in result.stderr
    assert neighbour.returncode == 0, neighbour.stderr  # another id shares the store freely


def test_a_killed_kiosk_leaves_no_lock_behind(tmp_path: Path) -> None:
    database = tmp_path / "kiosk.sqlite"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\n"
            "from pathlib import Path\n"
            "from kiosk.storage.kiosk_lock import KioskLock\n"
            "KioskLock.acquire(Path(sys.argv[1]), 'hall-1')\n"
            "print('held', flush=True)\n"
            "time.sleep(60)\n",
            str(database),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(StorageError, match=f"pid {holder.pid}"):
            KioskLock.acquire(database, "hall-1")
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
    KioskLock.acquire(database, "hall-1").release()  # the dead process's lock went with it


def test_within_one_process_the_lock_is_counted(tmp_path: Path) -> None:
    database = tmp_path / "kiosk.sqlite"
    first = KioskLock.acquire(database, "hall-1")
    second = KioskLock.acquire(database, "hall-1")
    first.release()
    probe = [sys.executable, "-c", PROBE, str(database)]
    held = subprocess.run(probe, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    assert held.stdout.strip() == "refused"  # still held by ``second``
    second.release()
    free = subprocess.run(probe, capture_output=True, text=True, timeout=RUN_TIMEOUT)
    assert free.stdout.strip() == "taken"


PROBE = (
    "import sys\n"
    "from pathlib import Path\n"
    "from kiosk.errors import StorageError\n"
    "from kiosk.storage.kiosk_lock import KioskLock\n"
    "try:\n"
    "    KioskLock.acquire(Path(sys.argv[1]), 'hall-1')\n"
    "    print('taken')\n"
    "except StorageError:\n"
    "    print('refused')\n"
)


def test_recovery_leaves_other_kiosks_credentials_alone(tmp_path: Path) -> None:
    first = kiosk(config_in(tmp_path).replace(kiosk_id="hall-1"))
    try:
        seed_register(first.register.db, [CITIZEN], FixedClock().today(), first.register.keys)
        printing = first.issuing.lifecycle.reserve(CITIZEN_CPR, "counter", "R12")
        # A reservation in the shared register journaled on another store (no row here).
        other = first.issuing.lifecycle.reserve(CITIZEN_CPR, "counter", "R12")
        with sqlite3.connect(tmp_path / "kiosk.sqlite") as connection:
            connection.execute(
                "DELETE FROM credential_issuances WHERE nemid_number = ?", (other.nemid_number,)
            )
        with kiosk(config_in(tmp_path).replace(kiosk_id="hall-2")) as second:
            assert second.recovered == []
        statuses = {
            number: first.register.authority.record(number).status
            for number in (printing.nemid_number, other.nemid_number)
        }
        assert statuses == {printing.nemid_number: "printing", other.nemid_number: "printing"}
    finally:
        first.close()
    with kiosk(config_in(tmp_path).replace(kiosk_id="hall-1")) as restarted:
        assert restarted.recovered == [printing.nemid_number]  # its own, after its crash
