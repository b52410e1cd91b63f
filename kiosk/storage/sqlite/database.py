"""One SQLite file opened the kiosk's way: WAL, a busy timeout, versioned migrations.

Several kiosk processes share one kiosk database, so every write goes through
:meth:`Database.transaction` (``BEGIN IMMEDIATE`` ... ``COMMIT``, rolled back on any error) and
waits up to the busy timeout for another writer. On open, pending migrations of
:mod:`kiosk.storage.sqlite.migrations` are applied one transaction each, after an online backup
of an existing database; a database written by a newer kiosk raises ``SchemaVersionError`` and a
file that is not SQLite (or is the other kind of database) raises ``StorageError``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from kiosk.errors import SchemaVersionError, StorageError
from kiosk.storage.sqlite.backup import backup_database
from kiosk.storage.sqlite.files import KIND_NAMES, check_sqlite_file, create_private_file
from kiosk.storage.sqlite.migrations import APPLICATION_IDS, MIGRATIONS_BY_KIND, Migration

DEFAULT_BUSY_TIMEOUT_S = 10.0
ENGINE_VERSION = sqlite3.sqlite_version


class Database:
    """An open database of one ``kind`` ("kiosk" or "register"); use it as a context manager."""

    def __init__(self, path: Path, kind: str, connection: sqlite3.Connection) -> None:
        self.path = path
        self.kind = kind
        self._connection = connection
        self._lock = threading.RLock()
        self._depth = 0

    @classmethod
    def open(
        cls,
        path: str | Path,
        kind: str = "kiosk",
        *,
        backup_dir: str | Path | None = None,
        busy_timeout_s: float = DEFAULT_BUSY_TIMEOUT_S,
        migrate: bool = True,
    ) -> Database:
        """Open (creating it if absent) and migrate the database at ``path``.

        ``backup_dir`` receives the backup taken before migrating an existing database
        (default: ``backups/`` beside it). With ``migrate=False`` the database must exist and
        is only checked, never created or changed (for read-only tools such as ``kiosk audit
        verify``). Raises SchemaVersionError and StorageError.
        """
        if kind not in MIGRATIONS_BY_KIND:
            raise StorageError(f"unknown database kind {kind!r}")
        path = Path(path)
        check_sqlite_file(path)
        if not migrate and not path.is_file():
            raise StorageError(f"no {kind} database at {path}")
        try:
            create_private_file(path)
            connection = sqlite3.connect(
                path, timeout=busy_timeout_s, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            raise StorageError(f"cannot open {path}: {exc}") from exc
        connection.row_factory = sqlite3.Row
        database = cls(path, kind, connection)
        try:
            database._configure(busy_timeout_s)
            if migrate:
                database._migrate(Path(backup_dir) if backup_dir else path.parent / "backups")
            else:
                database._check_only()
        except BaseException:
            connection.close()
            raise
        return database

    def _configure(self, busy_timeout_s: float) -> None:
        try:
            self._connection.execute(f"PRAGMA busy_timeout = {int(busy_timeout_s * 1000)}")
            self._connection.execute("PRAGMA journal_mode = WAL")
            self._connection.execute("PRAGMA synchronous = NORMAL")
            self._connection.execute("PRAGMA foreign_keys = ON")
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"{self.path} is not a usable SQLite database: {exc}") from exc

    def _migrate(self, backup_dir: Path) -> None:
        migrations = MIGRATIONS_BY_KIND[self.kind]
        check_migration_list(migrations)
        latest = migrations[-1].version if migrations else 0
        version = self.schema_version()
        self._check_identity(version, latest)
        if version >= latest:
            return
        if version > 0:
            backup_database(self.path, backup_dir)
        for migration in migrations:
            self._apply(migration)

    def _check_only(self) -> None:
        migrations = MIGRATIONS_BY_KIND[self.kind]
        self._check_identity(self.schema_version(), migrations[-1].version if migrations else 0)

    def _check_identity(self, version: int, latest: int) -> None:
        app_id = self._pragma_int("application_id")
        expected = APPLICATION_IDS[self.kind]
        if app_id not in (0, expected):
            other = KIND_NAMES.get(app_id, "foreign")
            raise StorageError(f"{self.path} is a {other} database, not a {self.kind} database")
        if app_id == 0 and (version > 0 or self._has_tables()):
            raise StorageError(f"{self.path} is an SQLite file but not a {self.kind} database")
        if version > latest:
            raise SchemaVersionError(
                f"{self.path} has {self.kind} schema version {version}, newer than this kiosk's "
                f"{latest}: upgrade the kiosk or restore an older backup"
            )

    def _apply(self, migration: Migration) -> None:
        with self.transaction() as connection:
            # Re-read under the write lock: another process may have migrated meanwhile.
            if self.schema_version() >= migration.version:
                return
            if migration.version == 1:
                connection.execute(f"PRAGMA application_id = {APPLICATION_IDS[self.kind]}")
            for statement in split_statements(migration.sql):
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {migration.version}")

    def _pragma_int(self, name: str) -> int:
        try:
            return int(self._connection.execute(f"PRAGMA {name}").fetchone()[0])
        except sqlite3.DatabaseError as exc:
            raise StorageError(f"{self.path} is not a usable SQLite database: {exc}") from exc

    def _has_tables(self) -> bool:
        row = self._connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return bool(row[0])

    def schema_version(self) -> int:
        with self._lock:
            return self._pragma_int("user_version")

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction; nested calls join it through a savepoint.

        Everything inside commits together or not at all; sqlite3 errors become StorageError.
        """
        with self._lock:
            outermost = self._depth == 0
            savepoint = f"sp_{self._depth}"
            try:
                self._connection.execute(
                    "BEGIN IMMEDIATE" if outermost else f"SAVEPOINT {savepoint}"
                )
            except sqlite3.Error as exc:
                raise StorageError(f"{self.path}: cannot start a transaction: {exc}") from exc
            self._depth += 1
            try:
                yield self._connection
            except BaseException as exc:
                self._depth -= 1
                self._rollback(outermost, savepoint)
                if isinstance(exc, sqlite3.Error):
                    raise StorageError(f"{self.path}: {exc}") from exc
                raise
            self._depth -= 1
            try:
                self._connection.execute("COMMIT" if outermost else f"RELEASE {savepoint}")
            except sqlite3.Error as exc:
                self._rollback(outermost, savepoint)
                raise StorageError(f"{self.path}: cannot commit: {exc}") from exc

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads inside see one consistent state of the database, even while others write.

        Inside a transaction of this connection it adds nothing (that is already one state).
        """
        with self._lock:
            if self._depth or self._connection.in_transaction:
                yield
                return
            try:
                self._connection.execute("BEGIN DEFERRED")
            except sqlite3.Error as exc:
                raise StorageError(f"{self.path}: cannot start a read: {exc}") from exc
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._connection.in_transaction:
                    self._connection.execute("ROLLBACK")

    def _rollback(self, outermost: bool, savepoint: str) -> None:
        if outermost:
            if self._connection.in_transaction:
                self._connection.execute("ROLLBACK")
        else:
            self._connection.execute(f"ROLLBACK TO {savepoint}")
            self._connection.execute(f"RELEASE {savepoint}")

    @property
    def in_transaction(self) -> bool:
        return self._depth > 0

    def query(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        """All rows of a read; sqlite3 errors become StorageError."""
        with self._lock:
            try:
                return self._connection.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StorageError(f"{self.path}: {exc}") from exc

    def query_one(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Row | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def stream(
        self, sql: str, params: Sequence[object] = (), batch: int = 2000
    ) -> Iterator[tuple[Any, ...]]:
        """Rows of a long read as plain tuples, fetched in batches (for the audit verifier)."""
        with self._lock:
            cursor = self._connection.cursor()
            cursor.row_factory = None
            try:
                cursor.execute(sql, params)
                while rows := cursor.fetchmany(batch):
                    yield from rows
            except sqlite3.Error as exc:
                raise StorageError(f"{self.path}: {exc}") from exc
            finally:
                cursor.close()

    def close(self) -> None:
        with self._lock:
            self._connection.close()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def check_migration_list(migrations: Sequence[Migration]) -> None:
    """Versions must run 1, 2, 3 ... with no gap or repeat (a bug in migrations.py otherwise)."""
    for index, migration in enumerate(migrations, start=1):
        if migration.version != index:
            raise StorageError(
                f"migration list broken: entry {index} has version {migration.version}"
            )


def split_statements(script: str) -> list[str]:
    """A script's statements, split where SQLite says a statement ends (triggers stay whole)."""
    statements: list[str] = []
    current = ""
    pieces = script.split(";")
    for index, piece in enumerate(pieces):
        current += piece if index == len(pieces) - 1 else piece + ";"
        if current.rstrip().endswith(";") and sqlite3.complete_statement(current):
            if current.strip(" \t\n;"):
                statements.append(current.strip())
            current = ""
    if current.strip(" \t\n;"):
        raise StorageError(f"incomplete SQL statement in migration: {current.strip()[:60]}")
    return statements
