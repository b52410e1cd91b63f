"""Fixtures shared by every test layer. Each builds what it needs in tmp_path; nothing global."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from kiosk.clock import FixedClock
from kiosk.config import KioskConfig

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock()


@pytest.fixture
def config(tmp_path: Path) -> KioskConfig:
    """Defaults, with every path inside the test's own folder."""
    return KioskConfig().replace(
        storage={
            "database": str(tmp_path / "kiosk.sqlite"),
            "outbox": str(tmp_path / "outbox"),
            "backups": str(tmp_path / "backups"),
        },
        security={"kiosk_key_file": str(tmp_path / "kiosk.key")},
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
def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    return env
