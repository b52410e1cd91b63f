"""One kiosk process per store and ``kiosk_id``: an exclusive lock file beside the kiosk database.

Two processes with the same ``kiosk_id`` on one store would each take the other's unfinished
credentials for its own crash leftovers and void them. The composition root takes this lock
before start-up recovery and holds it until the kiosk closes; the operating system drops it when
the process dies, so a crashed kiosk never blocks its own restart. Kiosks with different ids
share a store freely. Within one process the lock is counted, not refused: the tests build a
kiosk and its restart side by side, and one process cannot race itself.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from pathlib import Path

from kiosk.errors import StorageError

LOCK_FILE_MODE = 0o600


class KioskLock:
    """The held lock; :meth:`release` (or closing the storage) lets it go."""

    # Lock file -> [descriptor, holders in this process].
    _held: dict[Path, list[int]] = {}  # noqa: RUF012 (the process's own table, by design)

    def __init__(self, path: Path) -> None:
        self.path = path
        self._released = False

    @classmethod
    def acquire(cls, database: Path, kiosk_id: str) -> KioskLock:
        """Take the lock of ``kiosk_id`` on the store of ``database``. Raises StorageError when
        another live process holds it (naming its pid) or the file cannot be made."""
        digest = hashlib.sha256(kiosk_id.encode("utf-8")).hexdigest()[:16]
        path = database.absolute().with_name(f".{database.name}.{digest}.lock")
        if path in cls._held:
            cls._held[path][1] += 1
            return cls(path)
        try:
            path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, LOCK_FILE_MODE)
        except OSError as exc:
            raise StorageError(f"cannot make the kiosk lock {path}: {exc.strerror}") from exc
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, 32, 0).decode("ascii", "replace").strip() or "?"
            os.close(descriptor)
            raise StorageError(
                f"another kiosk process (pid {holder}) runs as kiosk_id {kiosk_id!r} on "
                f"{database}: give each kiosk its own kiosk_id, or stop the other first"
            ) from None
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"{os.getpid()}\n".encode("ascii"), 0)
        cls._held[path] = [descriptor, 1]
        return cls(path)

    def release(self) -> None:
        if self._released:
            return
        self._released = True
        entry = self._held[self.path]
        entry[1] -= 1
        if entry[1] == 0:
            del self._held[self.path]
            with contextlib.suppress(OSError):
                os.close(entry[0])  # closing drops the flock
