"""The witness of an outreach identification (R8, R7): staff identify the citizen at home with a
witness, and record that witness back at the office with the registration.

The witness meets R7 as at the kiosk (in the register with a Danish CPR number, 18 or older,
not the citizen, within the vouching limit on every kiosk); they sign the solemn declaration on
paper at the visit, so the vouching is recorded as a declaration of the current version.
"""

from __future__ import annotations

import hashlib
from datetime import date

from kiosk.composed import App
from kiosk.errors import DomainError
from kiosk.identity.cpr import mask_cpr
from kiosk.identity.people import Person
from kiosk.journey.witnessing import window_since
from kiosk.rules.declaration import CURRENT_VERSION
from kiosk.rules.witness import WITNESS_NO_CPR, check_witness

WITNESS_MISSING = "outreach_witness_missing"


def outreach_witness(core: App, witness_cpr: str, applicant_cpr: str, today: date) -> Person:
    """The witness for ``applicant_cpr`` after R7's checks. Raises DomainError with R7's reason
    (``witness_under_18``, ``witness_is_applicant``, ``witness_limit_reached``, ...)."""
    if not witness_cpr:
        raise DomainError("record the witness of the home visit first", code=WITNESS_MISSING)
    witness = core.services.register.find(witness_cpr)
    if witness is None:
        raise DomainError("the witness is not in the CPR register", code=WITNESS_NO_CPR)
    rules = core.config.rules
    vouched = core.services.ledger.count_since(witness.cpr, window_since(today, rules))
    verdict = check_witness(witness, applicant_cpr, today, rules, vouched, None)
    if not verdict.accepted:
        raise DomainError(f"the witness cannot vouch: {verdict.reason}", code=verdict.reason)
    return witness


def record_outreach_witness(
    core: App, witness: Person, applicant_cpr: str, registration_id: int, staff_id: str
) -> None:
    """R7: the vouching counts against the witness's limit on every kiosk, and is audited."""
    today = core.clock.today()
    proof = hashlib.sha256(f"outreach:{registration_id}:{staff_id}".encode()).hexdigest()
    core.services.ledger.record_within_limit(
        witness.cpr,
        applicant_cpr,
        "declaration",
        CURRENT_VERSION,
        proof,
        since=window_since(today, core.config.rules),
        limit=core.config.rules.witness_limit,
    )
    core.kiosk.audit.append(
        "witness.vouched",
        witness=mask_cpr(witness.cpr),
        applicant=mask_cpr(applicant_cpr),
        method="declaration",
        declaration_version=CURRENT_VERSION,
        rule="R8",
    )
