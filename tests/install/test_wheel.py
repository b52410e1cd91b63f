"""The wheel alone runs the kiosk: built from the tracked files, installed into a fresh venv outside
the checkout on every supported Python, it prints its version, plays a journey scenario and the
headless demo in Danish and English, reading its catalogues and personas as package data."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

# Building venvs and installing every dependency takes minutes on a loaded machine.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1800)]
SUPPORTED_PYTHONS = ("3.11", "3.12", "3.13")
SCENARIO = ROOT / "tests" / "scenarios" / "r3_questions_issued.json"
INSTALL_TIMEOUT = 900
RUN_TIMEOUT = 180


def find_python(version: str) -> str | None:
    """An interpreter of ``version`` that runs: on PATH, else a pyenv installation."""
    pattern = os.path.expanduser(f"~/.pyenv/versions/{version}.*/bin/python{version}")
    for candidate in [shutil.which(f"python{version}"), *sorted(glob.glob(pattern))]:
        if candidate and subprocess.run([candidate, "-c", ""], check=False).returncode == 0:
            return candidate
    return None


def clean_env() -> dict[str, str]:
    """No PYTHONPATH, no display: only what the installed wheel brings is importable."""
    drop = {"PYTHONPATH", "DISPLAY", "WAYLAND_DISPLAY", "VIRTUAL_ENV"}
    return {key: value for key, value in os.environ.items() if key not in drop}


def run(command: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture(scope="session")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of the tracked source tree (a copy: the build writes nothing into the checkout)."""
    source = tmp_path_factory.mktemp("source")
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, tracked):
        target = source / name.decode()
        target.parent.mkdir(parents=True, exist_ok=True)
        if (ROOT / name.decode()).is_file():
            shutil.copy2(ROOT / name.decode(), target)
    out = tmp_path_factory.mktemp("dist")
    built = run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(out), str(source)],
        source,
        INSTALL_TIMEOUT,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    (found,) = out.glob("nemid_kiosk-*.whl")
    return found


@pytest.mark.parametrize("version", SUPPORTED_PYTHONS)
def test_the_wheel_runs_the_kiosk_outside_the_checkout(
    version: str, wheel: Path, tmp_path: Path
) -> None:
    python = find_python(version)
    if python is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must offer Python {version}")
        pytest.skip(f"no Python {version} on this machine")
    venv = tmp_path / "venv"
    created = run([python, "-m", "venv", str(venv)], tmp_path, RUN_TIMEOUT)
    assert created.returncode == 0, created.stderr
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    installed = run(
        [*pip, "-c", str(ROOT / "constraints.txt"), str(wheel)], tmp_path, INSTALL_TIMEOUT
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    kiosk = str(venv / "bin" / "kiosk")

    shown = run([kiosk, "--version"], tmp_path, RUN_TIMEOUT)
    assert shown.returncode == 0 and shown.stdout.strip().startswith("kiosk 0."), shown

    played = run([kiosk, "journey", str(SCENARIO)], tmp_path, RUN_TIMEOUT)
    assert played.returncode == 0, played.stderr[-3000:]
    assert json.loads(played.stdout.splitlines()[-1])["outcome"] == "issued"

    for language, welcome in (("da", "Bestil NemID her"), ("en", "Order NemID here")):
        out = tmp_path / f"demo-{language}"
        demo = [kiosk, "demo", "--headless", "--script", "post", "--language", language]
        shown = run([*demo, "--out", str(out)], tmp_path, RUN_TIMEOUT)
        assert shown.returncode == 0, shown.stderr[-3000:]
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        assert welcome in summary["screens"][0]["texts"], summary["screens"][0]
