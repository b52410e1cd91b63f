"""``kiosk demo --headless``: the real command plays a script through the real UI and leaves a
screenshot of each screen, the printouts and a summary in the output folder."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, VENV_BIN

pytestmark = pytest.mark.ui
KIOSK = [str(VENV_BIN / "kiosk")]


def run_kiosk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    environ["PYTHONPATH"] = str(ROOT)
    environ.update(env or {})
    return subprocess.run(
        [*KIOSK, *args], capture_output=True, text=True, env=environ, timeout=120, check=False
    )


def test_headless_demo_writes_screens_printouts_and_summary(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    done = run_kiosk(
        "demo",
        "--headless",
        "--script",
        "witness-declaration",
        "--language",
        "en",
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert str(out) in done.stdout
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    screens = [shot["screen"] for shot in summary["screens"]]
    assert screens[0] == "welcome" and "witness_signing" in screens and screens[-1] == "issuing"
    for shot in summary["screens"]:
        assert shot["clipped"] == [] and shot["small_targets"] == []
        assert Path(shot["path"]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Take your code card and password" in summary["screens"][-1]["texts"]
    printed = sorted((out / "printouts").glob("*.png"))
    assert len(printed) == 2  # the password slip and the code card
    transcript = [
        json.loads(line) for line in (out / "transcript.jsonl").read_text("utf-8").splitlines()
    ]
    assert [line["screen"] for line in transcript][-1] == "issued"
    assert len(transcript) == len(summary["screens"])
    assert {line["script"] for line in transcript} == {"witness-declaration"}
    assert {line["language"] for line in transcript} == {"en"}
    assert "Take your code card and password" in transcript[-1]["spoken"]


def test_a_script_without_headless_on_a_display_is_bad_input(tmp_path: Path) -> None:
    done = run_kiosk("demo", "--script", "post", env={"DISPLAY": ":99"})
    assert done.returncode == 2
    assert "--headless" in done.stderr


def test_an_unknown_script_is_bad_input() -> None:
    done = run_kiosk("demo", "--headless", "--script", "no-such-script")
    assert done.returncode == 2
    assert "no-such-script" in done.stderr


def test_readme_first_command_kiosk_demo_runs_headless_without_a_display() -> None:
    """README's first command on a machine with no display: a journey, and where it went."""
    done = run_kiosk("demo")
    assert done.returncode == 0, done.stderr[-2000:]
    out = Path(done.stdout.strip().rsplit(" in ", 1)[-1])
    assert len(list(out.glob("*.png"))) >= 5
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["error"] == ""
