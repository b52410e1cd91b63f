"""The journey's witness desk (R7, R7b): assess a witness, take their signature, record it.

Pure rule checks live in :mod:`kiosk.rules.witness`; :class:`WitnessDesk` asks the register, the
ledger, the authority and the declaration what those checks need, and writes the vouching to the
ledger and the audit log (masked CPR numbers, the declaration version and a hash of the
signature; never the signature itself, a password or a code). The session sends each result to
the machine. Holds no citizen data itself: one lives as long as its session.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time

from kiosk.clock import COPENHAGEN
from kiosk.config import RuleSettings
from kiosk.errors import BadInputError, DomainError
from kiosk.identity.cpr import mask_cpr
from kiosk.identity.people import Person
from kiosk.journey.context import WitnessState
from kiosk.journey.identification import identify, read_document
from kiosk.journey.services import JourneyServices
from kiosk.rules.declaration import SignedDeclaration, declaration
from kiosk.rules.declaration import sign as sign_declaration
from kiosk.rules.witness import (
    WITNESS_HAS_NO_NEMID,
    WITNESS_MUST_USE_NEMID,
    WITNESS_NO_CPR,
    SigningMethod,
    VouchingMethod,
    WitnessVerdict,
    check_witness,
    nemid_signature_valid,
    pick_card_key,
    window_start,
    witness_reason,
)


class WitnessDesk:
    """The witness steps of one session, over the journey's services."""

    def __init__(self, services: JourneyServices, rules: RuleSettings, rng: random.Random) -> None:
        self._services = services
        self._rules = rules
        self._rng = rng

    def assess(
        self,
        lines: Sequence[str],
        cpr: str | None,
        applicant: Person,
        today: date,
        language: str,
    ) -> tuple[WitnessVerdict, WitnessState | None]:
        """R7/R7b: the witness's own photo ID (its MRZ parsed once, identified under R1), the
        verdict on the witness, and how they sign when accepted."""
        services = self._services
        found = identify(read_document(lines, today), None, cpr, services.register, today)
        if found.needs_health_card:
            return WitnessVerdict(WITNESS_NO_CPR, "R7"), None
        if found.reason or found.person is None:
            return WitnessVerdict(witness_reason(found.reason), "R7"), None
        witness = found.person
        vouched = services.ledger.count_since(witness.cpr, window_since(today, self._rules))
        holding = services.authority.holding(witness.cpr)
        verdict = check_witness(witness, applicant.cpr, today, self._rules, vouched, holding)
        if not verdict.accepted:
            return verdict, None
        # R7: every witness sees the solemn declaration; a NemID holder signs it with NemID.
        shown = declaration(witness.full_name, applicant.full_name, language)
        if verdict.signing is SigningMethod.NEMID and holding is not None:
            # R7b: the kiosk picks the key; the witness types the code printed beside it.
            key = pick_card_key(services.authority.card_keys(holding.number), self._rng)
            state = WitnessState(witness, verdict.signing, holding.number, key)
        else:
            state = WitnessState(witness, SigningMethod.DECLARATION)
        return verdict, replace(
            state, declaration_text=shown.text, declaration_version=shown.version
        )

    def sign_declaration(
        self, witness: WitnessState, applicant: Person, signature: bytes, language: str
    ) -> SignedDeclaration:
        """R7: a touch signature on the declaration shown. Raises DomainError for a witness who
        must sign with NemID and BadInputError for an empty signature."""
        if witness.signing is not SigningMethod.DECLARATION:
            raise DomainError("this witness must sign with NemID", code=WITNESS_MUST_USE_NEMID)
        shown = declaration(witness.person.full_name, applicant.full_name, language)
        try:
            return sign_declaration(shown, signature)
        except ValueError as exc:
            raise BadInputError(str(exc)) from exc

    def nemid_signed(self, witness: WitnessState, number: str, password: str, code: str) -> bool:
        """R7b: whether the NemID number, password and the code for the key asked for are the
        witness's own. Raises DomainError for a witness who has no NemID."""
        if witness.signing is not SigningMethod.NEMID:
            raise DomainError("this witness has no NemID", code=WITNESS_HAS_NO_NEMID)
        authority = self._services.authority
        holding = authority.holding(witness.person.cpr)
        return holding is not None and nemid_signature_valid(
            authority, holding, number, password, witness.card_key, code
        )

    def vouch(
        self,
        witness: WitnessState,
        applicant: Person,
        method: VouchingMethod,
        version: str,
        proof: str,
        today: date,
    ) -> None:
        """R7: the vouching counts against the witness's limit on every kiosk, and is audited.

        The limit is checked again as the vouching is written: another kiosk may have taken the
        witness's last place since the scan. Raises WitnessLimitReached then.
        """
        self._services.ledger.record_within_limit(
            witness.person.cpr,
            applicant.cpr,
            method,
            version,
            proof,
            since=window_since(today, self._rules),
            limit=self._rules.witness_limit,
        )
        self._services.audit.append(
            "witness.vouched",
            witness=mask_cpr(witness.person.cpr),
            applicant=mask_cpr(applicant.cpr),
            method=method,
            declaration_version=version,
        )


def window_since(today: date, rules: RuleSettings) -> datetime:
    """The first moment counted against the witness's vouching limit (R7)."""
    return datetime.combine(window_start(today, rules), time(), COPENHAGEN)


def nemid_proof(witness: WitnessState, moment: datetime) -> str:
    """What is stored for a NemID signature: a hash of number, key, time and the declaration
    text signed (R7), never the password or the code."""
    signed = hashlib.sha256(witness.declaration_text.encode("utf-8")).hexdigest()
    text = f"{witness.nemid_number}:{witness.card_key}:{moment.isoformat()}:{signed}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
