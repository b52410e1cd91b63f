"""A config file is production unless it says ``demo = true``; production refuses demo parts.

``kiosk config check`` and ``kiosk run`` run as real subprocesses on real files: each demo part
(a ``sim://`` device, the demo staff-card CA, a register holding the personas, no trust store)
is one line naming its key, exit 2, and ``kiosk run`` stops before any screen or device opens.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from drivers.sim.cards.staff_pki import StaffCardPki
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig, load_config
from kiosk.storage.authority_keys import AuthorityKeys, write_authority_keys
from kiosk.storage.stores import open_register_storage
from tests.conftest import ROOT

ASSETS = ROOT / "kiosk" / "assets"
RUN_TIMEOUT = 60


def kiosk(command: list[str], env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, *args], env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT
    )


def production(folder: Path, **devices: str) -> str:
    """A filled-in production config's text: real device URLs, trust store, its own CA, and
    the authority's key file (what `kiosk keys init` writes)."""
    key_file = folder / "data" / "authority.key"
    if not key_file.exists():
        write_authority_keys(key_file, AuthorityKeys.generate(), replace=False)
    trust = folder / "trust"
    trust.mkdir(exist_ok=True)
    ca = folder / "staff-ca.pem"
    ca.write_bytes(StaffCardPki(seed=b"Eksempel Kommune's own CA").ca_pem())
    urls = {
        "document_reader": "serial:///dev/kiosk-mrz?baud=9600",
        "card_reader": "pcsc://Staff Reader 00 00",
        "chip_reader": "pcsc://Chip Reader 01 00",
        "printer": "tcp://192.0.2.10:9100",
        "camera": "camera:///dev/video0",
        "document_camera": "camera:///dev/video2",
        **devices,
    }
    return "\n".join(
        [
            'kiosk_id = "hall-3"',
            "[devices]",
            *(f'{key} = "{url}"' for key, url in urls.items()),
            "[storage]",
            f'database = "{folder / "data" / "kiosk.sqlite"}"',
            "[security]",
            f'trust_store = "{trust}"',
            f'staff_card_ca = "{ca}"',
            "",
        ]
    )


def check(command: list[str], env: dict[str, str], path: Path) -> subprocess.CompletedProcess:
    return kiosk(command, env, "config", "check", "--no-devices", str(path))


def test_no_file_is_the_demo_and_a_file_is_production_unless_it_says_demo(
    tmp_path: Path,
) -> None:
    assert load_config(None).demo is True
    path = tmp_path / "kiosk.toml"
    path.write_text('kiosk_id = "hall-3"\n')
    assert load_config(path).demo is False
    path.write_text('demo = true\nkiosk_id = "hall-3"\n')
    assert load_config(path).demo is True
    assert load_config(ASSETS / "kiosk.example.toml").demo is True


def test_a_filled_in_production_config_passes(
    tmp_path: Path, kiosk_command, subprocess_env
) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(production(tmp_path))
    (tmp_path / "data" / "authority.key").unlink()
    refused = check(kiosk_command, subprocess_env, path)
    assert refused.returncode == 2
    assert "'security.authority_key_file'" in refused.stdout and "kiosk keys init" in refused.stdout
    created = kiosk(kiosk_command, subprocess_env, "--config", str(path), "keys", "init")
    assert created.returncode == 0, created.stderr
    result = check(kiosk_command, subprocess_env, path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert load_config(path).demo is False


def test_each_simulated_device_is_refused_by_name(
    tmp_path: Path, kiosk_command, subprocess_env
) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(production(tmp_path, printer="sim://", camera="sim://"))
    for args in (["config", "check", "--no-devices", str(path)], ["--config", str(path), "run"]):
        result = kiosk(kiosk_command, subprocess_env, *args)
        assert result.returncode == 2, result.stdout + result.stderr
        lines = [line for line in (result.stdout + result.stderr).splitlines() if "sim://" in line]
        assert len(lines) == 2, lines
        assert "'devices.printer'" in lines[0] and "'devices.camera'" in lines[1]
        assert "Traceback" not in result.stderr


def test_the_demo_staff_card_ca_is_refused(tmp_path: Path, kiosk_command, subprocess_env) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(production(tmp_path))
    bundle = tmp_path / "staff-ca.pem"
    bundle.write_bytes(bundle.read_bytes() + StaffCardPki().ca_pem())  # hidden in a bundle
    result = check(kiosk_command, subprocess_env, path)
    assert result.returncode == 2
    assert "'security.staff_card_ca'" in result.stdout and "demo staff-card CA" in result.stdout


def test_a_missing_trust_store_is_refused(tmp_path: Path, kiosk_command, subprocess_env) -> None:
    path = tmp_path / "kiosk.toml"
    text = production(tmp_path)
    path.write_text(text.replace(f'trust_store = "{tmp_path / "trust"}"', 'trust_store = ""'))
    result = check(kiosk_command, subprocess_env, path)
    assert result.returncode == 2
    assert "'security.trust_store' is empty" in result.stdout
    path.write_text(text.replace(str(tmp_path / "trust"), str(tmp_path / "gone")))
    result = check(kiosk_command, subprocess_env, path)
    assert result.returncode == 2 and "is not a folder" in result.stdout


def test_a_register_seeded_with_the_personas_is_refused(
    tmp_path: Path, kiosk_command, subprocess_env
) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text(production(tmp_path))
    data = tmp_path / "data"
    clock = FixedClock.on(date(2026, 3, 2))
    production_config = load_config(path)
    with open_register_storage(production_config, clock) as register:
        assert register.register.count() == 0  # production never seeds the personas
    assert check(kiosk_command, subprocess_env, path).returncode == 0
    demo = KioskConfig().replace(storage={"database": str(data / "kiosk.sqlite")})
    with open_register_storage(demo, clock) as register:
        assert register.register.count() > 0  # the demo does
    result = check(kiosk_command, subprocess_env, path)
    assert result.returncode == 2
    assert "'storage.database'" in result.stdout and "demo personas" in result.stdout


def test_the_production_template_names_what_is_missing(kiosk_command, subprocess_env) -> None:
    result = check(kiosk_command, subprocess_env, ASSETS / "kiosk.production.toml")
    assert result.returncode == 2
    for key in ("devices.document_reader", "devices.printer", "kiosk_id", "security.trust_store"):
        assert f"'{key}'" in result.stdout, key
    example = check(kiosk_command, subprocess_env, ASSETS / "kiosk.example.toml")
    assert example.returncode == 0, example.stdout
