"""What an SQLite file on disk is before it is opened: the header check and the two kinds.

Both :mod:`kiosk.storage.sqlite.database` (opening) and :mod:`kiosk.storage.sqlite.backup`
(copying, restoring) need to tell an SQLite file from anything else and a kiosk database from a
register database (by ``PRAGMA application_id``), so that knowledge sits here, below both.
"""

from __future__ import annotations

import os
from pathlib import Path

from kiosk.errors import StorageError
from kiosk.storage.sqlite.migrations import APPLICATION_IDS

SQLITE_HEADER = b"SQLite format 3\x00"
PRIVATE_FILE_MODE = 0o600  # databases and backups: the kiosk's user only
PRIVATE_FOLDER_MODE = 0o700
KIND_NAMES = {app_id: kind for kind, app_id in APPLICATION_IDS.items()}


def check_sqlite_file(path: Path) -> None:
    """Raise StorageError when ``path`` exists and is not an SQLite database file."""
    if path.is_dir():
        raise StorageError(f"{path} is a folder, not a database file")
    if not path.exists():
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StorageError(f"cannot read {path}: {exc.strerror}") from exc
    if header and header != SQLITE_HEADER:
        raise StorageError(f"{path} is not an SQLite database")


def create_private_file(path: Path) -> None:
    """Create ``path`` empty, mode 0600, in a folder made 0700 when new; an existing file is
    left alone. SQLite gives its -wal and -shm files the database file's mode. Raises OSError."""
    path.parent.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        return
    os.close(descriptor)
