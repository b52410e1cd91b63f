"""The steps of a citizen who already holds NemID (R12), as a part of
:class:`~kiosk.journey.session.JourneySession`. Identified as anyone else (R1), a holder may block
(spærre) their NemID, which stops working at once, or order a new code card or temporary
password; a replacement is got the ways a new NemID is (questions, witness, post) through the
same issuance transaction, and supersedes the old NemID when it is activated. Exemption from
Digital Post (R11) is open to holders too.
"""

from __future__ import annotations

from typing import Any

from kiosk.errors import DomainError
from kiosk.identity.cpr import mask_cpr
from kiosk.identity.people import Person
from kiosk.journey.context import Outcome
from kiosk.journey.services import JourneyServices

BLOCKED_EVENT = "nemid.blocked"
BLOCKING_UNAVAILABLE = "blocking_unavailable"


class HolderSteps:
    """The holder's actions; the session provides the state and the machine they work on."""

    _services: JourneyServices

    def block_nemid(self) -> None:
        """R12: the holder confirms; their active NemID is voided at once and audited."""
        self._require("blocking")
        person = self._person()
        holding = person.nemid
        blocking = self._services.blocking
        if blocking is None or holding is None:
            raise DomainError("blocking is done by staff here", code=BLOCKING_UNAVAILABLE)
        blocking.void(holding.number)
        self._services.audit.append(
            BLOCKED_EVENT, nemid_number=holding.number, masked_cpr=mask_cpr(person.cpr), rule="R12"
        )
        self._send("block_confirmed", outcome=Outcome("blocked", "R12"))

    # Provided by the session.
    def _require(self, state: str) -> None:
        raise NotImplementedError

    def _person(self) -> Person:
        raise NotImplementedError

    def _send(self, event: str, **data: Any) -> None:
        raise NotImplementedError
