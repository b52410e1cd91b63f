"""Several kiosk processes on one kiosk database: shared lockouts and one unbroken audit chain."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from kiosk.clock import FixedClock, SystemClock
from kiosk.config import KioskConfig
from kiosk.storage.sqlite.migrations import KIOSK_MIGRATIONS
from kiosk.storage.stores import open_kiosk_storage

CPR = "150368-1234"
APPENDS_PER_PROCESS = 150

LOCK_SCRIPT = """
import sys
from datetime import timedelta
from kiosk.clock import SystemClock
from kiosk.config import KioskConfig
from kiosk.storage.sqlite.migrations import KIOSK_MIGRATIONS
from kiosk.storage.stores import open_kiosk_storage
config = KioskConfig().replace(
    kiosk_id="kiosk-2", storage={"database": sys.argv[1]}, security={"kiosk_key_file": sys.argv[2]}
)
clock = SystemClock()
with open_kiosk_storage(config, clock) as storage:
    if sys.argv[3] == "lock":
        storage.lockouts.lock(sys.argv[4], clock.now() + timedelta(hours=24))  # R3: every kiosk
    else:
        print("locked" if storage.lockouts.is_locked(sys.argv[4]) else "free")
"""

APPEND_SCRIPT = """
import sys
from kiosk.clock import SystemClock
from kiosk.config import KioskConfig
from kiosk.storage.sqlite.migrations import KIOSK_MIGRATIONS
from kiosk.storage.stores import open_kiosk_storage
config = KioskConfig().replace(
    kiosk_id=sys.argv[3],
    storage={"database": sys.argv[1]},
    security={"kiosk_key_file": sys.argv[2]},
)
with open_kiosk_storage(config, SystemClock()) as storage:
    for number in range(int(sys.argv[4])):
        storage.audit.append("load.test", kiosk=sys.argv[3], n=number)
"""


def config_for(tmp_path: Path) -> KioskConfig:
    return KioskConfig().replace(
        storage={"database": str(tmp_path / "kiosk.sqlite")},
        security={"kiosk_key_file": str(tmp_path / "kiosk.key")},
    )


def run_script(script: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )


def test_a_lock_set_by_another_kiosk_process_is_seen_here_r3(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    config = config_for(tmp_path)
    with open_kiosk_storage(config, SystemClock()) as storage:
        assert not storage.lockouts.is_locked(CPR)
        db, key = config.storage.database, config.security.kiosk_key_file
        run_script(LOCK_SCRIPT, db, key, "lock", CPR, env=subprocess_env)
        assert storage.lockouts.is_locked(CPR)


def test_a_lock_set_here_is_seen_by_another_kiosk_process_r3(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    config = config_for(tmp_path)
    clock = SystemClock()
    with open_kiosk_storage(config, clock) as storage:
        storage.lockouts.lock(CPR, clock.now() + timedelta(hours=24))
    db, key = config.storage.database, config.security.kiosk_key_file
    seen = run_script(LOCK_SCRIPT, db, key, "check", CPR, env=subprocess_env).stdout.strip()
    other = run_script(LOCK_SCRIPT, db, key, "check", "030585-2468", env=subprocess_env)
    assert (seen, other.stdout.strip()) == ("locked", "free")


def test_concurrent_appends_from_three_processes_keep_one_intact_chain(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    config = config_for(tmp_path)
    open_kiosk_storage(config, FixedClock()).close()  # create and migrate once, up front
    db, key = config.storage.database, config.security.kiosk_key_file
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", APPEND_SCRIPT, db, key, f"kiosk-{n}", str(APPENDS_PER_PROCESS)],
            env=subprocess_env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(3)
    ]
    with open_kiosk_storage(config, FixedClock()) as watcher:
        # Staff may verify while kiosks append: no false alarm from a half-seen append.
        while any(worker.poll() is None for worker in workers):
            report = watcher.audit.verify()
            assert report.intact, report.problem
    for worker in workers:
        _, errors = worker.communicate(timeout=60)
        assert worker.returncode == 0, errors
    with open_kiosk_storage(config, FixedClock()) as storage:
        report = storage.audit.verify()
        kiosks = {entry.kiosk_id for entry in storage.audit.entries()}
    assert report.intact, report.problem
    assert report.entries == 3 * APPENDS_PER_PROCESS
    assert kiosks == {"kiosk-0", "kiosk-1", "kiosk-2"}


def test_three_processes_creating_the_database_and_key_at_once_agree(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    config = config_for(tmp_path)
    db, key = config.storage.database, config.security.kiosk_key_file
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", APPEND_SCRIPT, db, key, f"kiosk-{n}", "5"],
            env=subprocess_env,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(3)
    ]
    for worker in workers:
        _, errors = worker.communicate(timeout=60)
        assert worker.returncode == 0, errors
    with open_kiosk_storage(config, FixedClock()) as storage:
        report = storage.audit.verify()
        assert storage.db.schema_version() == len(KIOSK_MIGRATIONS)
    assert report.intact and report.entries == 15
    # One kiosk key and one audit signing key, whichever process made them: no second copy.
    assert sorted(p.name for p in tmp_path.iterdir() if "key" in p.name) == [
        "audit.key",
        "kiosk.key",
    ]
