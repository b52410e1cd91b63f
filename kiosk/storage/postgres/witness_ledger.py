"""``PgWitnessLedger``: the witness ledger of the whole fleet (R7, R7b).

``record_within_limit`` decides the limit (``rules.witness_limit`` in ``witness_window_days``
counted on the service's own clock), self-vouching and the 30-day rule for a NemID witness in one
transaction with the insert and its audit row: two kiosks racing for a witness's
last place are decided one after the other (a lock on the witness), and the loser is refused.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from kiosk.clock import COPENHAGEN
from kiosk.errors import DomainError, StorageError
from kiosk.rules.witness import (
    WITNESS_IS_APPLICANT,
    WITNESS_NEMID_TOO_NEW,
    VouchingMethod,
    WitnessLimitReached,
    window_start,
)
from kiosk.storage.cpr_ref import cpr_digits
from kiosk.storage.postgres.audit import audit
from kiosk.storage.postgres.context import AuthorityContext
from kiosk.storage.postgres.database import Connection, lock
from kiosk.storage.records import VOUCHING_METHODS, Vouching


class PgWitnessLedger:
    """The WitnessLedger port over the authority's ``witness_vouchings``."""

    def __init__(self, context: AuthorityContext) -> None:
        self._context = context

    def window_since(self) -> datetime:
        """The first moment counted against a witness's limit, on the service's clock."""
        today = self._context.clock.today()
        return datetime.combine(window_start(today, self._context.rules), time(), COPENHAGEN)

    def record(
        self,
        witness_cpr: str,
        applicant_cpr: str,
        method: VouchingMethod,
        declaration_version: str,
        signature_hash: str,
    ) -> Vouching:
        """Record one vouching (self-vouching and the NemID witness's 30 days checked)."""
        return self._context.db.run(
            lambda connection: self._record(
                connection, witness_cpr, applicant_cpr, method, declaration_version, signature_hash
            )
        )

    def record_within_limit(
        self,
        witness_cpr: str,
        applicant_cpr: str,
        method: VouchingMethod,
        declaration_version: str,
        signature_hash: str,
        *,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> Vouching:
        """R7: :meth:`record` while the witness vouched fewer than the service's limit in its
        window. ``since`` and ``limit`` from a client are ignored: the service's rules count."""
        rules = self._context.rules

        def work(connection: Connection) -> Vouching:
            lock(connection, "witness", self._context.pseudonyms.ref(witness_cpr))
            if self._count(connection, witness_cpr, self.window_since()) >= rules.witness_limit:
                raise WitnessLimitReached(
                    f"the witness has vouched {rules.witness_limit} times in"
                    f" {rules.witness_window_days} days"
                )
            return self._record(
                connection, witness_cpr, applicant_cpr, method, declaration_version, signature_hash
            )

        return self._context.db.run(work)

    def count_since(self, witness_cpr: str, since: datetime) -> int:
        return self._context.db.run(lambda connection: self._count(connection, witness_cpr, since))

    def vouchings_by(self, witness_cpr: str) -> list[Vouching]:
        rows = self._context.db.query(
            "SELECT id, witness_masked, applicant_masked, method, declaration_version,"
            " signature_hash, time FROM witness_vouchings WHERE witness_ref = %s ORDER BY time",
            (self._context.pseudonyms.ref(witness_cpr),),
        )
        return [_vouching(row) for row in rows]

    def _count(self, connection: Connection, witness_cpr: str, since: datetime) -> int:
        row = connection.execute(
            "SELECT count(*) FROM witness_vouchings WHERE witness_ref = %s AND time >= %s",
            (self._context.pseudonyms.ref(witness_cpr), since),
        ).fetchone()
        return int(str(row[0])) if row else 0

    def _record(
        self,
        connection: Connection,
        witness_cpr: str,
        applicant_cpr: str,
        method: VouchingMethod,
        declaration_version: str,
        signature_hash: str,
    ) -> Vouching:
        context = self._context
        if method not in VOUCHING_METHODS:
            raise StorageError(f"unknown vouching method {method!r}")
        pseudonyms = context.pseudonyms
        witness_ref, applicant_ref = pseudonyms.ref(witness_cpr), pseudonyms.ref(applicant_cpr)
        if witness_ref == applicant_ref:
            raise DomainError("a witness cannot vouch for themself", code=WITNESS_IS_APPLICANT)
        if method == "nemid":
            self._check_nemid_age(connection, witness_cpr)
        now = context.clock.now()
        masked = pseudonyms.masked(witness_cpr), pseudonyms.masked(applicant_cpr)
        row = connection.execute(
            "INSERT INTO witness_vouchings (witness_ref, witness_masked, applicant_ref,"
            " applicant_masked, method, declaration_version, signature_hash, time, kiosk_id)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id",
            (
                witness_ref,
                masked[0],
                applicant_ref,
                masked[1],
                method,
                declaration_version,
                signature_hash,
                now,
                context.kiosk_id,
            ),
        ).fetchone()
        audit(
            connection,
            now,
            context.kiosk_id,
            "witness.vouched",
            witness=masked[0],
            applicant=masked[1],
            method=method,
        )
        row_id = int(str(row[0])) if row else 0
        return Vouching(
            row_id, masked[0], masked[1], method, declaration_version, signature_hash, now
        )

    def _check_nemid_age(self, connection: Connection, witness_cpr: str) -> None:
        """R7b: a witness signing with NemID has held it ``witness_nemid_minimum_days``."""
        context = self._context
        row = connection.execute(
            "SELECT active_since FROM nemid_holdings WHERE cpr = %s AND status = 'active'",
            (cpr_digits(witness_cpr),),
        ).fetchone()
        minimum = timedelta(days=context.rules.witness_nemid_minimum_days)
        today = context.clock.today()
        active_since = row[0] if row else None
        if not isinstance(active_since, date) or today - active_since < minimum:
            raise DomainError("the witness's NemID is too new", code=WITNESS_NEMID_TOO_NEW)


def _vouching(row: tuple[object, ...]) -> Vouching:
    moment = row[6]
    assert isinstance(moment, datetime)
    return Vouching(
        int(str(row[0])),
        str(row[1]),
        str(row[2]),
        str(row[3]),
        str(row[4]),
        str(row[5]),
        moment,
    )
