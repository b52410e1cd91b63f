"""What an SQLite file on disk is before it is opened: the header check and the two kinds.

Both :mod:`kiosk.storage.sqlite.database` (opening) and :mod:`kiosk.storage.sqlite.backup`
(copying, restoring) need to tell an SQLite file from anything else and a kiosk database from a
register database (by ``PRAGMA application_id``), so that knowledge sits here, below both.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.errors import StorageError
from kiosk.storage.sqlite.migrations import APPLICATION_IDS

SQLITE_HEADER = b"SQLite format 3\x00"
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
