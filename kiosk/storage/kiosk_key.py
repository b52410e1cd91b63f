"""The kiosk key: 32 random bytes in a file readable by the kiosk user only (mode 0600).

It keys the HMAC that turns a CPR number into the ``cpr_ref`` the kiosk database stores, so the
database alone never reveals whom a record is about. The file is created with a new kiosk
database only: a database that recorded its key's fingerprint refuses a lost key (a new one
would reset witness limits and lockouts, :mod:`kiosk.storage.key_files`). Two
processes starting together agree on one key because the finished file is linked into place
atomically (a reader never sees it half-written).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

from kiosk.errors import StorageError

KEY_BYTES = 32
KEY_FILE_MODE = 0o600
KEY_FILE_NAME = "kiosk.key"


def load_or_create_key(path: str | Path, *, create: bool = True) -> bytes:
    """The 32-byte key at ``path``, created (mode 0600) when absent and ``create``.

    Raises StorageError when the file is missing (and not to be created), has the wrong length,
    is readable by group or others, or cannot be read or written.
    """
    path = Path(path)
    if not path.exists():
        if not create:
            raise StorageError(
                f"the kiosk key {path} is missing but the kiosk database was written under it: "
                "restore it from the key backup (a new key would reset witness limits and lockouts)"
            )
        _create(path)
    try:
        mode = path.stat().st_mode
        key = path.read_bytes()
    except OSError as exc:
        raise StorageError(f"cannot read the kiosk key {path}: {exc.strerror}") from exc
    if stat.S_IMODE(mode) & 0o077:
        raise StorageError(
            f"the kiosk key {path} is readable by others (mode {stat.S_IMODE(mode):o}); "
            "chmod 600 it"
        )
    if len(key) != KEY_BYTES:
        raise StorageError(f"the kiosk key {path} holds {len(key)} bytes, not {KEY_BYTES}")
    return key


def _create(path: Path) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, KEY_FILE_MODE)
        try:
            os.write(descriptor, secrets.token_bytes(KEY_BYTES))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        # Another process may have won the race; its key is then the key.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    except OSError as exc:
        raise StorageError(f"cannot create the kiosk key {path}: {exc.strerror}") from exc
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
