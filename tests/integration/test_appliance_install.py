"""systemd/install.sh into a scratch root: the tree it makes, idempotence, and unit verification."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
import tomllib
from pathlib import Path

import pytest

from tests.conftest import ROOT

INSTALL = ROOT / "systemd" / "install.sh"
UNINSTALL = ROOT / "systemd" / "uninstall.sh"
UNITS = ("nemid-kiosk.service", "nemid-kiosk-simulators.service", "nemid-kiosk-backup.service")

pytestmark = pytest.mark.skipif(
    shutil.which("systemd-analyze") is None or shutil.which("systemd-sysusers") is None,
    reason="needs Debian's systemd package (scripts/setup.sh installs it)",
)


def install(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(INSTALL), "--root", str(root), "--skip-venv", *extra],
        capture_output=True,
        text=True,
        check=True,
    )


def tree_fingerprint(root: Path) -> dict[str, str]:
    """Every path under root with its type, mode and content hash (or link target)."""
    prints: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        relative = str(path.relative_to(root))
        if stat.S_ISLNK(info.st_mode):
            prints[relative] = f"link {os.readlink(path)}"
        elif stat.S_ISDIR(info.st_mode):
            prints[relative] = f"dir {stat.S_IMODE(info.st_mode):o}"
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            prints[relative] = f"file {stat.S_IMODE(info.st_mode):o} {digest}"
    return prints


def test_install_twice_gives_the_same_tree(tmp_path: Path) -> None:
    root = tmp_path / "root"
    install(root)
    first = tree_fingerprint(root)
    install(root)
    assert tree_fingerprint(root) == first
    assert "etc/nemid-kiosk/kiosk.toml" in first
    assert "etc/systemd/system/graphical.target.wants/nemid-kiosk.service" in first
    assert "nemid-kiosk:" in (root / "etc/passwd").read_text()


def test_install_keeps_an_existing_config(tmp_path: Path) -> None:
    root = tmp_path / "root"
    config = root / "etc/nemid-kiosk/kiosk.toml"
    config.parent.mkdir(parents=True)
    config.write_text('kiosk_id = "hall-3"\n')
    result = install(root)
    assert config.read_text() == 'kiosk_id = "hall-3"\n'
    assert "kept the existing" in result.stdout


def test_x11_display_installs_the_xinit_drop_in(tmp_path: Path) -> None:
    root = tmp_path / "root"
    install(root, "--display", "x11")
    drop_in = root / "etc/systemd/system/nemid-kiosk.service.d/display.conf"
    assert "xinit" in drop_in.read_text()
    install(root, "--display", "cage")
    assert not drop_in.exists()


def test_uninstall_keeps_data_and_config(tmp_path: Path) -> None:
    root = tmp_path / "root"
    install(root)
    (root / "var/lib/nemid-kiosk/kiosk.sqlite").write_bytes(b"data")
    subprocess.run(["bash", str(UNINSTALL), "--root", str(root)], check=True, capture_output=True)
    assert not (root / "opt/nemid-kiosk").exists()
    assert not (root / "etc/systemd/system/nemid-kiosk.service").exists()
    assert (root / "var/lib/nemid-kiosk/kiosk.sqlite").read_bytes() == b"data"
    assert (root / "etc/nemid-kiosk/kiosk.toml").exists()


def test_every_unit_passes_systemd_analyze_verify(tmp_path: Path) -> None:
    root = tmp_path / "root"
    install(root)
    # Stand-ins for what the scratch root lacks: systemd's own units, cage, and the venv's script
    # (--skip-venv); verify checks that each ExecStart names an executable.
    shutil.copytree("/usr/lib/systemd/system", root / "usr/lib/systemd/system", symlinks=True)
    for executable in ("usr/bin/cage", "usr/bin/xinit", "opt/nemid-kiosk/venv/bin/kiosk"):
        path = root / executable
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("#!/bin/sh\n")
        path.chmod(0o755)
    units = [root / "etc/systemd/system" / unit for unit in (*UNITS, "nemid-kiosk-backup.timer")]
    result = subprocess.run(
        ["systemd-analyze", "verify", f"--root={root}", *map(str, units)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "", result.stderr


def test_verify_catches_a_broken_unit(tmp_path: Path) -> None:
    broken = tmp_path / "broken.service"
    broken.write_text("[Service]\nExecStart=relative/path\nType=bogus\n")
    result = subprocess.run(
        ["systemd-analyze", "verify", str(broken)], capture_output=True, text=True
    )
    assert result.returncode != 0 or result.stderr.strip()


def test_the_network_printer_is_the_only_address_allowed(tmp_path: Path) -> None:
    root = tmp_path / "root"
    config = root / "etc/nemid-kiosk/kiosk.toml"
    config.parent.mkdir(parents=True)
    config.write_text('[devices]\nprinter = "tcp://192.0.2.10:9100"\ndocument_reader = "sim://"\n')
    install(root)
    drop_in = (root / "etc/systemd/system/nemid-kiosk.service.d/network.conf").read_text()
    assert "IPAddressAllow=192.0.2.10" in drop_in
    assert drop_in.count("IPAddressAllow=") == 1
    unit = (root / "etc/systemd/system/nemid-kiosk.service").read_text()
    assert "IPAddressDeny=any" in unit


def test_a_fresh_install_writes_the_production_template(tmp_path: Path) -> None:
    from kiosk.config import config_problems, load_config

    root = tmp_path / "root"
    install(root)
    config = root / "etc/nemid-kiosk/kiosk.toml"
    assert config.read_bytes() == (ROOT / "kiosk/assets/kiosk.production.toml").read_bytes()
    problems = config_problems(tomllib.loads(config.read_text()))
    assert "'devices.printer' is required but has no URL" in problems  # refuses until filled in
    demo_root = tmp_path / "demo"
    install(demo_root, "--simulators")
    assert load_config(demo_root / "etc/nemid-kiosk/kiosk.toml").demo is True
