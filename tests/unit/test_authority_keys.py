"""The authority's versioned keys: peppered scrypt and keyed code HMACs, rotation, the key file."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from kiosk.config import KioskConfig
from kiosk.errors import ConfigError
from kiosk.storage.authority_keys import (
    AuthorityKeys,
    load_authority_keys,
    write_authority_keys,
)
from kiosk.storage.key_files import password_kdf
from tests.keys import CHEAP_KDF, cheap_keys

SERIAL, CARD_KEY, CODE, PASSWORD = "NK10000001", "0042", "318224", "482913"


def test_rotation_hashes_new_secrets_under_the_new_version_and_still_verifies_old_ones() -> None:
    first = cheap_keys()
    old_password = first.hash_password(PASSWORD)
    old_code = first.hash_code(SERIAL, CARD_KEY, CODE)
    assert old_password.startswith("scrypt-pepper$1$") and old_code.startswith("1$")
    rotated = first.rotated()
    assert rotated.current == 2
    assert rotated.hash_password(PASSWORD).startswith("scrypt-pepper$2$")
    assert rotated.hash_code(SERIAL, CARD_KEY, CODE).startswith("2$")
    assert rotated.verify_password(PASSWORD, old_password)
    assert rotated.verify_code(SERIAL, CARD_KEY, CODE, old_code)
    assert not rotated.verify_code(SERIAL, CARD_KEY, "318225", old_code)


def test_a_hash_never_verifies_under_another_key_of_the_same_version() -> None:
    keys, other = cheap_keys(), cheap_keys()
    assert not other.verify_password(PASSWORD, keys.hash_password(PASSWORD))
    assert not other.verify_code(SERIAL, CARD_KEY, CODE, keys.hash_code(SERIAL, CARD_KEY, CODE))
    assert keys.fingerprints() != other.fingerprints()


def test_codes_are_bound_to_their_card_and_key() -> None:
    keys = cheap_keys()
    stored = keys.hash_code(SERIAL, CARD_KEY, CODE)
    assert keys.verify_code(SERIAL, CARD_KEY, CODE, stored)
    assert not keys.verify_code("NK10000002", CARD_KEY, CODE, stored)
    assert not keys.verify_code(SERIAL, "0043", CODE, stored)


@pytest.mark.parametrize(
    "junk", ["", "1$", "9$00", "x$00", "scrypt-pepper$1$16$8$1$!!$!!", "scrypt$16$8$1$a$b"]
)
def test_junk_never_verifies(junk: str) -> None:
    keys = cheap_keys()
    assert not keys.verify_password(PASSWORD, junk)
    assert not keys.verify_code(SERIAL, CARD_KEY, CODE, junk)


def test_the_password_cost_comes_from_the_config() -> None:
    config = KioskConfig().replace(security={"password_scrypt_n": 2**14, "password_scrypt_r": 4})
    keys = AuthorityKeys.generate(password_kdf(config))
    stored = keys.hash_password(PASSWORD)
    assert stored.split("$")[2:5] == ["16384", "4", "1"]
    assert keys.verify_password(PASSWORD, stored)


def test_the_key_file_is_private_written_once_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "authority.key"
    keys = cheap_keys().rotated()
    write_authority_keys(path, keys, replace=False)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    loaded = load_authority_keys(path, CHEAP_KDF)
    assert (loaded.current, loaded.fingerprints()) == (2, keys.fingerprints())
    with pytest.raises(ConfigError, match="exists already"):
        write_authority_keys(path, cheap_keys(), replace=False)
    assert load_authority_keys(path, CHEAP_KDF).fingerprints() == keys.fingerprints()


def test_a_missing_shared_or_damaged_key_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "authority.key"
    with pytest.raises(ConfigError, match=r"is missing.*kiosk keys init"):
        load_authority_keys(path)
    write_authority_keys(path, cheap_keys(), replace=False)
    path.chmod(0o644)
    with pytest.raises(ConfigError, match="readable by others"):
        load_authority_keys(path)
    path.chmod(0o600)
    path.write_text('{"format": "nemid-kiosk authority keys", "current": 3, "keys": {}}')
    with pytest.raises(ConfigError, match="damaged"):
        load_authority_keys(path)
    path.write_bytes(b"\xff\xfe not text")
    with pytest.raises(ConfigError, match="cannot read"):
        load_authority_keys(path)
