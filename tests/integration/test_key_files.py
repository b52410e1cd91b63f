"""Secrets apart from data: a copy of the register and its backups reveals no code or password.

Real SQLite files and real key files in a temporary data folder, opened the way the kiosk opens
them (:mod:`kiosk.storage.stores`), and the ``kiosk keys`` and ``kiosk db backup`` commands as
subprocesses. The attack of issue 14 (read the HMAC key out of register.sqlite and recompute all
148 codes of a card) is replayed against the copy with every value the copy holds as a key.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import shutil
import sqlite3
import stat
import subprocess
from datetime import date
from pathlib import Path

import pytest

from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.errors import ConfigError, StorageError
from kiosk.storage.authority_keys import AuthorityKeys
from kiosk.storage.personas import persona
from kiosk.storage.stores import open_kiosk_storage, open_register_storage

CLOCK = FixedClock.on(date(2026, 11, 23))
HOLDER = persona("has_nemid")  # in the register with a known password and code card
RUN_TIMEOUT = 60


def demo_config(data: Path, **security: object) -> KioskConfig:
    return KioskConfig().replace(
        storage={"database": str(data / "kiosk.sqlite"), "backups": str(data / "backups")},
        security={"password_scrypt_n": 2**14, **security},
    )


def write_config(path: Path, data: Path) -> Path:
    path.write_text(
        f'demo = true\n[storage]\ndatabase = "{data / "kiosk.sqlite"}"\n'
        f'backups = "{data / "backups"}"\n[security]\npassword_scrypt_n = 16384\n'
    )
    return path


def kiosk(command: list[str], env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, *args], env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT
    )


def every_value(database: Path) -> set[bytes]:
    """Every value of every row of every table of an SQLite file, as bytes (an attacker's
    candidate keys), plus each hex or base64 text decoded."""
    values: set[bytes] = set()
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]
        for table in tables:
            try:
                rows = connection.execute(f'SELECT * FROM "{table}"').fetchall()
            except sqlite3.OperationalError:
                continue  # an index or trigger
            for row in rows:
                for value in row:
                    if isinstance(value, bytes):
                        values.add(value)
                    elif isinstance(value, str):
                        values.add(value.encode())
                        for part in value.split("$"):
                            with contextlib.suppress(ValueError):
                                values.add(bytes.fromhex(part))
    return values


def stored_code(database: Path, key: str) -> tuple[str, str]:
    with sqlite3.connect(database) as connection:
        row = connection.execute(
            "SELECT h.card_serial, c.code_hmac FROM nemid_holdings h"
            " JOIN code_card_codes c ON c.card_serial = h.card_serial"
            " WHERE h.number = ? AND c.key = ?",
            (HOLDER.entry["nemid"]["number"], key),
        ).fetchone()
    return row[0], row[1]


def test_a_copy_of_the_register_and_its_backups_reveals_no_code_without_the_key_file(
    tmp_path: Path, kiosk_command: list[str], subprocess_env: dict[str, str]
) -> None:
    data = tmp_path / "data"
    open_kiosk_storage(demo_config(data), CLOCK).close()
    with open_register_storage(demo_config(data), CLOCK) as register:
        keys = register.keys
    backup = kiosk(
        kiosk_command,
        subprocess_env,
        "--config",
        str(write_config(tmp_path / "k.toml", data)),
        "db",
        "backup",
    )
    assert backup.returncode == 0, backup.stderr
    stolen = tmp_path / "stolen"
    stolen.mkdir()
    copies = [shutil.copy(data / "register.sqlite", stolen)]
    copies += [shutil.copy(path, stolen) for path in (data / "backups").glob("register-*")]
    assert len(copies) >= 2
    card_key, code = next(iter(HOLDER.code_card.items()))
    serial, stored = stored_code(data / "register.sqlite", card_key)
    assert keys.verify_code(serial, card_key, code, stored)  # the key file verifies it
    candidates = set().union(*(every_value(Path(copy)) for copy in copies))
    assert len(candidates) > 100
    message = f"{serial}:{card_key}:{code}".encode()
    digest = stored.partition("$")[2]
    for candidate in candidates:
        # The old attack (the HMAC key read out of the file), and the key as a master secret.
        assert hmac.new(candidate, message, hashlib.sha256).hexdigest() != digest
        as_master = AuthorityKeys({1: candidate}, 1)
        assert not as_master.verify_code(serial, card_key, code, stored)
    for copy in copies:
        text = Path(copy).read_bytes()
        assert code.encode() not in text and HOLDER.nemid_password.encode() not in text


def test_the_copied_register_does_not_open_without_its_key_file(tmp_path: Path) -> None:
    data, elsewhere = tmp_path / "data", tmp_path / "elsewhere"
    open_register_storage(demo_config(data), CLOCK).close()
    elsewhere.mkdir()
    shutil.copy(data / "register.sqlite", elsewhere)
    production = demo_config(elsewhere).replace(demo=False)
    with pytest.raises(ConfigError, match=r"authority key file .* is missing"):
        open_register_storage(production, CLOCK)
    # The demo makes itself a new key; the register refuses it, naming what happened.
    with pytest.raises(ConfigError, match=r"is not the one .* was written under"):
        open_register_storage(demo_config(elsewhere), CLOCK)
    (data / "authority.key").unlink()
    with pytest.raises(ConfigError, match="is not the one"):
        open_register_storage(demo_config(data), CLOCK)  # lost, not silently replaced


def test_a_lost_kiosk_key_is_refused_not_recreated(tmp_path: Path) -> None:
    data = tmp_path / "data"
    config = demo_config(data)
    open_kiosk_storage(config, CLOCK).close()
    (data / "kiosk.key").unlink()
    with pytest.raises(StorageError, match=r"kiosk key .* is missing"):
        open_kiosk_storage(config, CLOCK)
    assert not (data / "kiosk.key").exists()


def test_rotation_keys_new_holdings_and_old_ones_still_verify(
    tmp_path: Path, kiosk_command: list[str], subprocess_env: dict[str, str]
) -> None:
    data = tmp_path / "data"
    config_file = write_config(tmp_path / "kiosk.toml", data)
    created = kiosk(kiosk_command, subprocess_env, "--config", str(config_file), "keys", "init")
    assert created.returncode == 0, created.stderr
    again = kiosk(kiosk_command, subprocess_env, "--config", str(config_file), "keys", "init")
    assert again.returncode == 2 and "exists already" in again.stderr
    with open_register_storage(demo_config(data), CLOCK) as register:
        assert register.keys.current == 1
    rotated = kiosk(
        kiosk_command, subprocess_env, "--config", str(config_file), "keys", "rotate", "--json"
    )
    assert json.loads(rotated.stdout)["current"] == 2
    with open_register_storage(demo_config(data), CLOCK) as register:
        number = HOLDER.entry["nemid"]["number"]
        assert register.authority.verify_password(number, HOLDER.nemid_password)  # version 1
        assert register.keys.hash_password("123456").startswith("scrypt-pepper$2$")


def test_databases_keys_and_backups_are_private(
    tmp_path: Path, kiosk_command: list[str], subprocess_env: dict[str, str]
) -> None:
    data = tmp_path / "data"
    config = demo_config(data)
    open_kiosk_storage(config, CLOCK).close()
    open_register_storage(config, CLOCK).close()
    backup = kiosk(
        kiosk_command,
        subprocess_env,
        "--config",
        str(write_config(tmp_path / "k.toml", data)),
        "db",
        "backup",
    )
    assert backup.returncode == 0, backup.stderr
    files = [
        data / name for name in ("kiosk.sqlite", "register.sqlite", "kiosk.key", "authority.key")
    ]
    files += list((data / "backups").glob("*.sqlite"))
    assert len(files) >= 6
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for folder in (data, data / "backups"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
