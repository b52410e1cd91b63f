"""The authority's PostgreSQL database: a psycopg connection pool, versioned migrations, and
transactions that decide each national rule under a row-level lock.

Work is a function of one connection; :meth:`PgDatabase.run` calls it inside one transaction
(READ COMMITTED) and again, up to :data:`MAX_ATTEMPTS` times, after a deadlock or serialization
failure. A rule that counts or checks before it writes first takes :func:`lock`, a transaction
advisory lock on what it decides about (a witness, a citizen), so two kiosks racing for the same
witness or citizen are decided one after the other while kiosks serving different people never
wait for each other (SERIALIZABLE would be as correct, but its predicate locks on small tables
refuse unrelated transactions under load).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import TypeVar

import psycopg
from psycopg import errors as pg_errors
from psycopg_pool import ConnectionPool, PoolTimeout

from kiosk.errors import SchemaVersionError, StorageError
from kiosk.storage.postgres.migrations import MIGRATIONS

T = TypeVar("T")
MAX_ATTEMPTS = 12
RETRIED = (pg_errors.SerializationFailure, pg_errors.DeadlockDetected)
Connection = psycopg.Connection[tuple[object, ...]]


_CURRENT: ContextVar[Connection | None] = ContextVar("authority_transaction", default=None)


def _configure(connection: Connection) -> None:
    connection.isolation_level = psycopg.IsolationLevel.READ_COMMITTED
    connection.autocommit = True


def lock(connection: Connection, kind: str, key: str) -> None:
    """Hold the advisory lock on ``kind:key`` until this transaction ends; every statement
    after it sees what the previous holder committed."""
    connection.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"{kind}:{key}",))


class PgDatabase:
    """A pool of connections to one authority database; close it when done."""

    def __init__(self, url: str, *, min_size: int = 1, max_size: int = 10) -> None:
        self.url = url
        try:
            self._pool: ConnectionPool[Connection] = ConnectionPool(
                url,
                min_size=min_size,
                max_size=max_size,
                configure=_configure,
                open=True,
                timeout=10.0,
            )
            self._pool.wait(timeout=10.0)
        except (psycopg.Error, PoolTimeout) as exc:
            raise StorageError(f"cannot reach the authority database: {exc}") from exc

    @classmethod
    def open(cls, url: str, *, migrate: bool = True, max_size: int = 10) -> PgDatabase:
        """Open the pool and apply pending migrations (``migrate``) or check none is pending."""
        database = cls(url, max_size=max_size)
        try:
            if migrate:
                database.migrate()
            elif database.schema_version() != len(MIGRATIONS):
                raise StorageError("the authority database is not initialised: run authority init")
        except BaseException:
            database.close()
            raise
        return database

    def close(self) -> None:
        self._pool.close()

    def run(self, work: Callable[[Connection], T]) -> T:
        """``work`` in one transaction, retried after a deadlock; called inside
        another ``run`` (same thread or task) it joins that transaction instead."""
        joined = _CURRENT.get()
        if joined is not None:
            return work(joined)
        for attempt in range(1, MAX_ATTEMPTS + 1):
            try:
                with self._pool.connection() as connection, connection.transaction():
                    token = _CURRENT.set(connection)
                    try:
                        return work(connection)
                    finally:
                        _CURRENT.reset(token)
            except RETRIED:
                if attempt == MAX_ATTEMPTS:
                    raise StorageError("the authority database stayed too busy") from None
                time.sleep(0.002 * attempt)
            except (psycopg.OperationalError, PoolTimeout) as exc:
                raise StorageError(f"the authority database failed: {exc}") from exc
        raise AssertionError("unreachable")

    def query(self, sql: str, params: Sequence[object] = ()) -> list[tuple[object, ...]]:
        return self.run(lambda connection: connection.execute(sql, params).fetchall())

    def query_one(self, sql: str, params: Sequence[object] = ()) -> tuple[object, ...] | None:
        return self.run(lambda connection: connection.execute(sql, params).fetchone())

    def schema_version(self) -> int:
        def version(connection: Connection) -> int:
            exists = connection.execute("SELECT to_regclass('schema_migrations')").fetchone()
            if not exists or exists[0] is None:
                return 0
            row = connection.execute("SELECT coalesce(max(version), 0) FROM schema_migrations")
            found = row.fetchone()
            return int(str(found[0])) if found else 0

        return self.run(version)

    def migrate(self) -> int:
        """Apply each pending migration in its own transaction; returns the schema version.

        An advisory lock keeps two services starting at once from migrating together.
        """

        def apply(connection: Connection) -> int:
            connection.execute("SELECT pg_advisory_xact_lock(815)")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY,"
                " name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())"
            )
            row = connection.execute("SELECT coalesce(max(version), 0) FROM schema_migrations")
            found = row.fetchone()
            current = int(str(found[0])) if found else 0
            if current > len(MIGRATIONS):
                raise SchemaVersionError(
                    f"the authority database is at schema {current}; this service knows"
                    f" {len(MIGRATIONS)}"
                )
            for version, (name, statements) in enumerate(MIGRATIONS, start=1):
                if version <= current:
                    continue
                for statement in statements:
                    connection.execute(statement)
                connection.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (%s, %s)",
                    (version, name),
                )
            return len(MIGRATIONS)

        return self.run(apply)
