"""Fixtures shared by every test layer. Each builds what it needs in tmp_path; nothing global."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from kiosk.clock import FixedClock
from kiosk.config import KioskConfig

# Property tests on a shared, noisy machine: no deadlines, no "too slow" health checks. Every
# run uses this profile; HYPOTHESIS_PROFILE picks another (e.g. "dev" for the library defaults).
settings.register_profile(
    "ci",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile("dev")
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def config(tmp_path: Path) -> KioskConfig:
    """Defaults, with every path inside the test's own folder, chips not required."""
    return KioskConfig().replace(
        storage={
            "database": str(tmp_path / "kiosk.sqlite"),
            "outbox": str(tmp_path / "outbox"),
            "backups": str(tmp_path / "backups"),
        },
        security={"kiosk_key_file": str(tmp_path / "kiosk.key")},
        # Journey tests scan prints without a chip reading; the chip-required rule (R1, issue 13)
        # has its own tests, which switch it on, and the scenarios play a valid chip.
        documents={"chip_required": False},
    )


@pytest.fixture
def kiosk_command() -> list[str]:
    """The installed console script, for tests that run the CLI as a real subprocess."""
    return (
        [str(VENV_BIN / "kiosk")]
        if (VENV_BIN / "kiosk").exists()
        else [
            sys.executable,
            "-m",
            "app.cli.main",
        ]
    )


@pytest.fixture
def harness_command() -> list[str]:
    """``kiosk`` under the test harness (tests/harness_main.py): KIOSK_CRASH_AT and
    KIOSK_HANG_UI_AFTER are honoured. Needs ``subprocess_env`` (the tree on PYTHONPATH)."""
    return [sys.executable, "-m", "tests.harness_main"]


@pytest.fixture
def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    return env
