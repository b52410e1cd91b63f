"""The journey's witness desk (R7, R7b): assess an identified witness and record the vouching.

Pure rule checks live in :mod:`kiosk.rules.witness`; this module asks the ledger, the authority and
the declaration what those checks need, and writes the vouching to the ledger and the audit log
(masked CPR numbers, the declaration version and a hash of the signature; never the signature
itself, a password or a code).
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, time

from kiosk.clock import COPENHAGEN
from kiosk.config import RuleSettings
from kiosk.identity.cpr import mask_cpr
from kiosk.identity.people import Person
from kiosk.journey.context import WitnessState
from kiosk.journey.identification import Identification
from kiosk.journey.services import JourneyServices
from kiosk.rules.declaration import declaration
from kiosk.rules.witness import (
    WITNESS_NO_CPR,
    SigningMethod,
    WitnessVerdict,
    check_witness,
    pick_card_key,
    window_start,
    witness_reason,
)


def assess_witness(
    found: Identification,
    applicant: Person,
    services: JourneyServices,
    rules: RuleSettings,
    today: date,
    rng: random.Random,
    language: str,
) -> tuple[WitnessVerdict, WitnessState | None]:
    """R7/R7b: the verdict on the witness, and how they sign when accepted."""
    if found.needs_health_card:
        return WitnessVerdict(WITNESS_NO_CPR, "R7"), None
    if found.reason or found.person is None:
        return WitnessVerdict(witness_reason(found.reason), "R7"), None
    witness = found.person
    vouched = services.ledger.count_since(witness.cpr, window_since(today, rules))
    holding = services.authority.holding(witness.cpr)
    verdict = check_witness(witness, applicant.cpr, today, rules, vouched, holding)
    if not verdict.accepted:
        return verdict, None
    if verdict.signing is SigningMethod.NEMID and holding is not None:
        # R7b: the kiosk picks the key; the witness types the code printed beside it.
        key = pick_card_key(services.authority.card_keys(holding.number), rng)
        return verdict, WitnessState(witness, verdict.signing, holding.number, key)
    text = declaration(witness.full_name, applicant.full_name, language).text
    return verdict, WitnessState(witness, SigningMethod.DECLARATION, declaration_text=text)


def window_since(today: date, rules: RuleSettings) -> datetime:
    """The first moment counted against the witness's vouching limit (R7)."""
    return datetime.combine(window_start(today, rules), time(), COPENHAGEN)


def nemid_proof(witness: WitnessState, moment: datetime) -> str:
    """What is stored for a NemID signature: a hash of number, key and time, never the code."""
    text = f"{witness.nemid_number}:{witness.card_key}:{moment.isoformat()}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_vouching(
    services: JourneyServices,
    witness: WitnessState,
    applicant: Person,
    method: str,
    version: str,
    proof: str,
    rules: RuleSettings,
    today: date,
) -> None:
    """R7: the vouching counts against the witness's limit on every kiosk, and is audited.

    The limit is checked again as the vouching is written: another kiosk may have taken the
    witness's last place since the scan. Raises WitnessLimitReached then.
    """
    services.ledger.record_within_limit(
        witness.person.cpr,
        applicant.cpr,
        method,
        version,
        proof,
        since=window_since(today, rules),
        limit=rules.witness_limit,
    )
    services.audit.append(
        "witness.vouched",
        witness=mask_cpr(witness.person.cpr),
        applicant=mask_cpr(applicant.cpr),
        method=method,
        declaration_version=version,
    )
