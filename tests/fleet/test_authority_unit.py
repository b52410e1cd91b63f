"""The authority's systemd unit passes systemd-analyze, and its command lines parse."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from app.cli.main import build_parser
from tests.conftest import ROOT, VENV_BIN

UNIT = ROOT / "systemd" / "nemid-authority.service"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze missing")
def test_the_unit_verifies_with_the_real_executable(tmp_path: Path) -> None:
    unit = tmp_path / UNIT.name
    unit.write_text(
        UNIT.read_text(encoding="utf-8").replace(
            "/opt/nemid-kiosk/venv/bin/kiosk", str(VENV_BIN / "kiosk")
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        ["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    broken = tmp_path / "broken.service"
    broken.write_text(unit.read_text(encoding="utf-8").replace("Type=exec", "Type=nonsense"))
    assert subprocess.run(
        ["systemd-analyze", "verify", str(broken)], capture_output=True, check=False
    ).stderr


def test_its_commands_are_kiosk_authority_commands_the_parser_takes() -> None:
    lines = [
        line.split("=", 1)[1]
        for line in UNIT.read_text(encoding="utf-8").splitlines()
        if line.startswith(("ExecStart=", "ExecStartPre="))
    ]
    assert len(lines) == 2
    for line in lines:
        argv = shlex.split(line)[1:]
        args = build_parser().parse_args(argv)
        assert args.command == "authority" and args.tls_dir is not None
