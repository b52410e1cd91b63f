"""Online backups of a database with sqlite3's backup API, and restoring one.

A backup is a consistent copy taken while other kiosk processes keep writing (the backup API
copies page by page under SQLite's own locking). It runs on a schedule, from ``kiosk db
backup`` and before every migration. A restore first proves the backup is an intact database of
the same kind and a schema this kiosk understands, keeps a copy of the database it replaces,
and then copies the backup into place through the same API, so readers never see half a file.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk.errors import SchemaVersionError, StorageError
from kiosk.storage.sqlite.files import KIND_NAMES, check_sqlite_file, create_private_file
from kiosk.storage.sqlite.migrations import MIGRATIONS_BY_KIND

BACKUP_PAGES_PER_STEP = 256
BACKUP_SUFFIX = ".sqlite"
# A scheduled backup's name: <stem>-<UTC stamp>-v<version>.sqlite (labelled ones, such as those
# taken before a migration or a restore, carry a label after the version and are never pruned).
SCHEDULED_NAME = r"^{stem}-\d{{8}}T\d{{12}}Z-v\d+(?:-\d+)?\.sqlite$"
DEFAULT_KEEP = 30


@dataclass(frozen=True)
class DatabaseInfo:
    path: Path
    kind: str  # "kiosk" | "register"
    schema_version: int


def backup_database(path: str | Path, directory: str | Path, *, label: str = "") -> Path:
    """Copy the database at ``path`` into ``directory`` and return the new file's path.

    The name carries the source's stem, the UTC time and the schema version, e.g.
    ``kiosk-20261123T090000123456Z-v5.sqlite``. Raises StorageError.
    """
    source_path = Path(path)
    info = inspect_database(source_path)
    directory = Path(directory)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    suffix = f"-{label}" if label else ""
    target = directory / f"{source_path.stem}-{stamp}-v{info.schema_version}{suffix}"
    target = _free_name(target)
    try:
        _copy(source_path, target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            target.unlink(missing_ok=True)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise StorageError(f"backup of {source_path} to {directory} failed: {reason}") from exc
    return target


def prune_backups(directory: str | Path, stem: str, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete all but the ``keep`` newest scheduled backups of ``stem``; returns those deleted.

    Only unlabelled backups (``kiosk db backup``, the timer) are pruned; the ones taken before a
    migration or a restore stay. ``keep`` 0 keeps everything.
    """
    if keep <= 0 or not Path(directory).is_dir():
        return []
    pattern = re.compile(SCHEDULED_NAME.format(stem=re.escape(stem)))
    scheduled = sorted(p for p in Path(directory).iterdir() if pattern.match(p.name))
    doomed = scheduled[:-keep]
    for path in doomed:
        try:
            path.unlink()
        except OSError as exc:
            raise StorageError(f"cannot remove the old backup {path}: {exc.strerror}") from exc
    return doomed


def restore_database(
    backup: str | Path, path: str | Path, *, keep_dir: str | Path | None = None
) -> Path | None:
    """Replace the database at ``path`` with the contents of ``backup``.

    The backup must be an intact database of the same kind as the one at ``path`` (or of the
    kiosk kind when ``path`` does not exist yet) with a schema this kiosk knows. The database it
    replaces is first backed up into ``keep_dir`` (default ``backups/`` beside it); that copy's
    path is returned (None when there was nothing to keep). Raises StorageError.
    """
    backup_path, target = Path(backup), Path(path)
    source = inspect_database(backup_path)
    latest = len(MIGRATIONS_BY_KIND[source.kind])
    if source.schema_version > latest:
        raise SchemaVersionError(
            f"{backup_path} has {source.kind} schema version {source.schema_version}, newer "
            f"than this kiosk's {latest}"
        )
    kept: Path | None = None
    if target.exists():
        current = inspect_database(target)
        if current.kind != source.kind:
            raise StorageError(
                f"{backup_path} is a {source.kind} database; {target} is a {current.kind} one"
            )
        keep = Path(keep_dir) if keep_dir else target.parent / "backups"
        kept = backup_database(target, keep, label="before-restore")
    try:
        _copy(backup_path, target)
    except (OSError, sqlite3.Error) as exc:
        raise StorageError(f"restore of {backup_path} into {target} failed: {exc}") from exc
    return kept


def inspect_database(path: str | Path) -> DatabaseInfo:
    """Kind and schema version of an existing database, after an integrity check.

    Raises StorageError for a missing file, a file that is not SQLite, a damaged database or
    an SQLite database that is neither a kiosk nor a register database.
    """
    path = Path(path)
    if not path.is_file():
        raise StorageError(f"{path} does not exist")
    check_sqlite_file(path)
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise StorageError(f"cannot open {path}: {exc}") from exc
    try:
        app_id = connection.execute("PRAGMA application_id").fetchone()[0]
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise StorageError(f"{path} is not a usable SQLite database: {exc}") from exc
    finally:
        connection.close()
    if verdict != "ok":
        raise StorageError(f"{path} is damaged: {verdict}")
    if app_id not in KIND_NAMES:
        raise StorageError(f"{path} is not a kiosk or register database")
    return DatabaseInfo(path, KIND_NAMES[app_id], int(version))


def _copy(source_path: Path, target_path: Path) -> None:
    """Copy with SQLite's online backup into ``target_path`` (created 0600 in a 0700 folder)."""
    create_private_file(target_path)
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(target_path)
        try:
            source.backup(target, pages=BACKUP_PAGES_PER_STEP)
        finally:
            target.close()
    finally:
        source.close()


def _free_name(stem: Path) -> Path:
    candidate = stem.with_name(stem.name + BACKUP_SUFFIX)
    counter = 1
    while candidate.exists():
        candidate = stem.with_name(f"{stem.name}-{counter}{BACKUP_SUFFIX}")
        counter += 1
    return candidate
