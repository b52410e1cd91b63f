"""``SqliteUnitOfWork``: one transaction of the kiosk database over the repositories issuance uses.

The issuance journal, the audit log and the postal orders all live in the kiosk database, so
one ``BEGIN IMMEDIATE`` ... ``COMMIT`` spans them: inside :meth:`SqliteUnitOfWork.transaction`
a journal update, its audit entry and a postal order change commit together or not at all, and
each repository's own write joins it (a savepoint). The register database is another file: the
authority's reserve, activate and void commit on their own, which is why the lifecycle journals
before it reserves and activates the register only after its own commit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from kiosk.storage.repositories import AuditLog, IssuanceJournal, PostalOrderBook
from kiosk.storage.sqlite.database import Database


class SqliteUnitOfWork:
    def __init__(
        self,
        db: Database,
        *,
        journal: IssuanceJournal,
        audit: AuditLog,
        postal_orders: PostalOrderBook,
    ) -> None:
        self._db = db
        self._journal = journal
        self._audit = audit
        self._postal_orders = postal_orders

    @property
    def journal(self) -> IssuanceJournal:
        return self._journal

    @property
    def audit(self) -> AuditLog:
        return self._audit

    @property
    def postal_orders(self) -> PostalOrderBook:
        return self._postal_orders

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything done through the repositories inside commits together, or nothing does.

        A nested call joins the outer transaction. Raises StorageError.
        """
        with self._db.transaction():
            yield
