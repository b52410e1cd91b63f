"""The kiosk key file: created once, 0600, 32 bytes, refused when wrong."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from kiosk.errors import StorageError
from kiosk.storage.kiosk_key import KEY_BYTES, load_or_create_key


def test_the_key_is_created_0600_and_then_reused(tmp_path: Path) -> None:
    path = tmp_path / "data" / "kiosk.key"
    key = load_or_create_key(path)
    assert len(key) == KEY_BYTES
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(path) == key
    assert [p.name for p in path.parent.iterdir()] == ["kiosk.key"]


def test_two_keys_in_two_places_differ(tmp_path: Path) -> None:
    assert load_or_create_key(tmp_path / "a.key") != load_or_create_key(tmp_path / "b.key")


def test_a_key_of_the_wrong_length_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.key"
    path.write_bytes(b"short")
    os.chmod(path, 0o600)
    with pytest.raises(StorageError, match="holds 5 bytes"):
        load_or_create_key(path)
    assert path.read_bytes() == b"short"


def test_a_key_readable_by_others_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.key"
    path.write_bytes(bytes(KEY_BYTES))
    os.chmod(path, 0o644)
    with pytest.raises(StorageError, match="readable by others"):
        load_or_create_key(path)


def test_a_key_in_an_unwritable_place_is_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(StorageError, match="cannot create the kiosk key"):
        load_or_create_key(blocker / "kiosk.key")
