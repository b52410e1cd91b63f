"""The witness (vitterlighedsvidne) of R3, R7 and R7b: who may vouch, and how they sign.

A witness is 18 or older, has a Danish CPR number in the register, shows their own valid photo
ID under the same document rules as the citizen, is not the applicant, and has vouched for at
most ``witness_limit`` citizens in ``witness_window_days`` (settings). A witness who has NemID
signs with it (R7), and it must have been active for ``witness_nemid_minimum_days`` (R7b):
NemID number, password and the code for a key the kiosk picks from the card. A witness without
NemID signs the versioned solemn declaration with a touch signature. The checks are pure
functions; the journey feeds them what the register, the ledger and the authority said.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

from kiosk.config import RuleSettings
from kiosk.errors import DomainError
from kiosk.identity.people import NemIdHolding, Person
from kiosk.ports import NemIdAuthority
from kiosk.rules.policy import age_on

WITNESS_UNDER_18 = "witness_under_18"
VouchingMethod = Literal["declaration", "nemid"]  # how the witness signed (R7, R7b)
WITNESS_NO_CPR = "witness_no_cpr"
WITNESS_IS_APPLICANT = "witness_is_applicant"
WITNESS_DOCUMENT_INVALID = "witness_document_invalid"
WITNESS_NEMID_TOO_NEW = "witness_nemid_too_new"
WITNESS_NEMID_FAILED = "witness_nemid_failed"
WITNESS_LIMIT_REACHED = "witness_limit_reached"
WITNESS_MUST_USE_NEMID = "witness_must_use_nemid"
WITNESS_HAS_NO_NEMID = "witness_has_no_nemid"

# Why the witness's own identification failed -> the witness reason shown to the citizen.
_NO_CPR_REASONS = frozenset({"cpr_missing", "not_in_register"})


class WitnessLimitReached(DomainError):
    """R7: the witness has vouched for ``witness_limit`` citizens in the window already."""

    code = WITNESS_LIMIT_REACHED


class SigningMethod(StrEnum):
    DECLARATION = "declaration"  # R7: touch signature on the solemn declaration
    NEMID = "nemid"  # R7/R7b: the witness's own NemID


@dataclass(frozen=True)
class WitnessVerdict:
    reason: str = ""
    rule: str = ""
    signing: SigningMethod | None = None

    @property
    def accepted(self) -> bool:
        return not self.reason


def witness_reason(identification_reason: str) -> str:
    """Map a failed identification of the witness to the witness reason code (R7)."""
    if identification_reason in _NO_CPR_REASONS:
        return WITNESS_NO_CPR
    return WITNESS_DOCUMENT_INVALID


def check_witness(
    witness: Person,
    applicant_cpr: str,
    today: date,
    rules: RuleSettings,
    vouched_in_window: int,
    holding: NemIdHolding | None,
) -> WitnessVerdict:
    """Every R7/R7b condition on an identified witness, first failure wins.

    ``witness`` has already passed the document rules and the register look-up (R7: own valid
    photo ID, Danish CPR number); ``vouched_in_window`` is the ledger's count for the window.
    """
    if witness.cpr == applicant_cpr:
        return WitnessVerdict(WITNESS_IS_APPLICANT, "R7")
    if age_on(witness.cpr, today) < rules.witness_minimum_age:
        return WitnessVerdict(WITNESS_UNDER_18, "R7")
    if vouched_in_window >= rules.witness_limit:
        return WitnessVerdict(WITNESS_LIMIT_REACHED, "R7")
    active = holding if holding is not None and holding.status == "active" else None
    if active is None:
        return WitnessVerdict(rule="R7", signing=SigningMethod.DECLARATION)
    # R7: a witness who has NemID signs with NemID; R7b: held for at least 30 days.
    if today - active.active_since < timedelta(days=rules.witness_nemid_minimum_days):
        return WitnessVerdict(WITNESS_NEMID_TOO_NEW, "R7b")
    return WitnessVerdict(rule="R7b", signing=SigningMethod.NEMID)


def window_start(today: date, rules: RuleSettings) -> date:
    """The first day counted against the vouching limit."""
    return today - timedelta(days=rules.witness_window_days)


def pick_card_key(keys: list[str], rng: random.Random) -> str:
    """R7b: the code-card key the kiosk asks the witness for. Raises ValueError for no keys."""
    if not keys:
        raise ValueError("the witness's code card has no keys")
    return rng.choice(sorted(keys))


def nemid_signature_valid(
    authority: NemIdAuthority,
    holding: NemIdHolding,
    number: str,
    password: str,
    key: str,
    code: str,
) -> bool:
    """R7/R7b: the NemID typed in is the witness's own, and password and code both verify."""
    if number.strip() != holding.number:
        return False
    password_ok = authority.verify_password(holding.number, password)
    code_ok = authority.verify_code(holding.number, key, code)
    return password_ok and code_ok
