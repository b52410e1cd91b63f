"""What every authority repository shares: the database, the service's clock and rules, the
pseudonym key, and the kiosk the request came from (the id its certificate names)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kiosk.clock import Clock
from kiosk.config import RuleSettings
from kiosk.storage.authority_keys import AuthorityKeys
from kiosk.storage.cpr_ref import CprPseudonyms
from kiosk.storage.postgres.database import PgDatabase

LEASE_SECONDS = 600.0  # a reservation not activated in this time is voided by the service


@dataclass(frozen=True)
class AuthorityContext:
    db: PgDatabase
    clock: Clock
    pseudonyms: CprPseudonyms = field(repr=False)
    rules: RuleSettings = field(default_factory=RuleSettings)
    kiosk_id: str = ""
    lease_seconds: float = LEASE_SECONDS

    def for_kiosk(self, kiosk_id: str) -> AuthorityContext:
        return replace(self, kiosk_id=kiosk_id)


def service_key(db: PgDatabase, name: str) -> bytes:
    """One of the service's secret keys (``pseudonyms`` or ``codes``), made by the migration."""
    row = db.query_one("SELECT key FROM service_keys WHERE name = %s", (name,))
    if row is None or not isinstance(row[0], bytes | memoryview):
        raise LookupError(f"the authority database has no {name} key")
    return bytes(row[0])


def authority_keys(db: PgDatabase) -> AuthorityKeys:
    """The service's password and code keys as :class:`AuthorityKeys` (version 1 from its
    ``codes`` key; until the service reads a key file of its own, issue 14)."""
    return AuthorityKeys({1: service_key(db, "codes")}, 1)
