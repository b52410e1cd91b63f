"""The witness's steps of a visit (R7, R7b), as a part of :class:`~kiosk.journey.session.
JourneySession`: scan the witness's photo ID, then the solemn declaration, signed with a finger
or, by a witness who holds NemID, with NemID. Either way the witness sees the declaration, and
the vouching is recorded with the declaration's version. The checks are in
:class:`~kiosk.journey.witnessing.WitnessDesk`; this part sends their results into the machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from kiosk.clock import Clock
from kiosk.identity.people import Person
from kiosk.journey.context import JourneyContext, WitnessState
from kiosk.journey.witnessing import WitnessDesk, nemid_proof
from kiosk.rules.policy import Refusal
from kiosk.rules.witness import WITNESS_NEMID_FAILED, VouchingMethod, WitnessLimitReached


class WitnessSteps:
    """The witness's actions; the session provides the state and the machine they work on."""

    _witnesses: WitnessDesk
    _context: JourneyContext
    _clock: Clock

    def witness_scan(self, lines: Sequence[str], cpr: str | None = None) -> None:
        """R7: the witness's own photo ID, and their CPR number when the document lacks it."""
        self._require("witness")
        verdict, state = self._witnesses.assess(
            lines, cpr, self._person(), self._today(), self._language()
        )
        refusal = None if verdict.accepted else Refusal(verdict.reason, verdict.rule)
        self._send("witness_scanned", verdict=verdict, witness=state, refusal=refusal)

    def witness_sign_declaration(self, signature: bytes) -> None:
        """R7: a touch signature on the solemn declaration, for a witness without NemID."""
        witness = self._signing_witness()
        signed = self._witnesses.sign_declaration(
            witness, self._person(), signature, self._language()
        )
        self._vouch(witness, "declaration", signed.version, signed.signature_sha256)

    def witness_sign_nemid(self, number: str, password: str, code: str) -> None:
        """R7/R7b: the witness signs the declaration shown with their NemID number, their own
        password (any text its holder chose) and the code for the key on screen."""
        witness = self._signing_witness()
        if not self._witnesses.nemid_signed(witness, number, password, code):
            self._send("witness_rejected", refusal=Refusal(WITNESS_NEMID_FAILED, "R7b"))
            return
        proof = nemid_proof(witness, self._clock.now())
        self._vouch(witness, "nemid", witness.declaration_version, proof)

    def _signing_witness(self) -> WitnessState:
        self._require("witness_signing")
        witness = self._context.witness
        assert witness is not None
        return witness

    def _vouch(
        self, witness: WitnessState, method: VouchingMethod, version: str, proof: str
    ) -> None:
        try:
            self._witnesses.vouch(witness, self._person(), method, version, proof, self._today())
        except WitnessLimitReached as exc:
            # R7: another kiosk took the witness's last place between the scan and the signature.
            self._send("witness_rejected", refusal=Refusal(exc.code, "R7"))
            return
        self._send("witness_signed")
        self._issue("R7")

    # Provided by the session.
    def _require(self, state: str) -> None:
        raise NotImplementedError

    def _person(self) -> Person:
        raise NotImplementedError

    def _today(self) -> date:
        raise NotImplementedError

    def _language(self) -> str:
        raise NotImplementedError

    def _send(self, event: str, **data: Any) -> None:
        raise NotImplementedError

    def _issue(self, rule: str) -> None:
        raise NotImplementedError
