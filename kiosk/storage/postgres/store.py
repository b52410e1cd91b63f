"""Opening the authority's database, and the repositories one kiosk's request works through."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.clock import Clock
from kiosk.config import RuleSettings
from kiosk.storage.cpr_ref import CprPseudonyms
from kiosk.storage.postgres.context import AuthorityContext, service_key
from kiosk.storage.postgres.database import PgDatabase
from kiosk.storage.postgres.holdings import PgNemIdHoldings
from kiosk.storage.postgres.kiosk_audit import PgKioskAudit
from kiosk.storage.postgres.lockouts import PgQuestionLockouts
from kiosk.storage.postgres.open_visits import PgOpenVisits
from kiosk.storage.postgres.register import PgCprRegister
from kiosk.storage.postgres.witness_ledger import PgWitnessLedger


@dataclass(frozen=True)
class KioskRepositories:
    """The national repositories, each stamping its audit rows with one kiosk's id."""

    register: PgCprRegister
    holdings: PgNemIdHoldings
    witnesses: PgWitnessLedger
    lockouts: PgQuestionLockouts
    open_visits: PgOpenVisits
    audit: PgKioskAudit


class AuthorityStore:
    """The authority database with the service's clock and rules; close it when done."""

    def __init__(self, db: PgDatabase, clock: Clock, rules: RuleSettings | None = None) -> None:
        self.db = db
        self.context = AuthorityContext(
            db, clock, CprPseudonyms(service_key(db, "pseudonyms")), rules or RuleSettings()
        )

    @classmethod
    def open(
        cls, url: str, clock: Clock, rules: RuleSettings | None = None, *, migrate: bool = True
    ) -> AuthorityStore:
        db = PgDatabase.open(url, migrate=migrate)
        try:
            return cls(db, clock, rules)
        except BaseException:
            db.close()
            raise

    def for_kiosk(self, kiosk_id: str) -> KioskRepositories:
        context = self.context.for_kiosk(kiosk_id)
        return KioskRepositories(
            register=PgCprRegister(context),
            holdings=PgNemIdHoldings(context),
            witnesses=PgWitnessLedger(context),
            lockouts=PgQuestionLockouts(context),
            open_visits=PgOpenVisits(context),
            audit=PgKioskAudit(context),
        )

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> AuthorityStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
