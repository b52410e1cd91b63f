"""The kiosk core type-checks: ``mypy kiosk`` with the strict settings of pyproject.toml.

The second test plants errors in a small module in ``tmp_path`` and checks that the same settings
report them (a plain type error, and a missing annotation that only strict mode catches), so the
first test is able to fail.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "pyproject.toml"
PLANTED = '''"""A module with two type errors."""


def shout(text: str) -> int:
    return text.upper()


def whisper(text):
    return text.lower()
'''


def run_mypy(*arguments: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mypy", "--config-file", str(CONFIG), *arguments]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def test_the_kiosk_core_passes_mypy_strict() -> None:
    done = run_mypy("kiosk")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.startswith("Success: no issues found")


def test_mypy_with_these_settings_reports_a_planted_error(tmp_path: Path) -> None:
    planted = tmp_path / "planted.py"
    planted.write_text(PLANTED, encoding="utf-8")
    done = run_mypy("--cache-dir", str(tmp_path / "cache"), str(planted))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "planted.py:5: error" in done.stdout and "[return-value]" in done.stdout
    assert "planted.py:8: error" in done.stdout and "[no-untyped-def]" in done.stdout
