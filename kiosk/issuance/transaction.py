"""The issuance transaction of DESIGN.md at the kiosk printer, with crash recovery (R2b, R3, R4).

reserve credential (register status ``printing``, audited) -> print password slip -> confirm ->
print code card -> confirm -> activate (audited), through
:class:`kiosk.issuance.lifecycle.CredentialLifecycle`. Any failure of a step (a PrinterError
above all) voids the credential, audits it and re-raises, so the journey can offer the post (R4)
or staff. :meth:`IssuanceService.issue` is R3: both parts handed out, whatever the standard
order. :meth:`IssuanceService.counter_and_post` is R2b, the post path of a municipality set to
``counter_and_post``: the configured ``counter_part`` is printed here and the other part posted
through :class:`kiosk.issuance.postal.PostalService`. The plain password and codes exist only in
the local ``credential`` between generation and the printer (or the posted letter). Depends on
ports only: any ReceiptPrinter and CredentialRegistry will do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.devices.printouts import CodeCard, PasswordSlip
from kiosk.errors import KioskError
from kiosk.issuance.credentials import NewCredential
from kiosk.issuance.faults import FaultPoints
from kiosk.issuance.lifecycle import CredentialLifecycle
from kiosk.issuance.registry import AuthorityCredentials
from kiosk.ports import ReceiptPrinter

if TYPE_CHECKING:
    from kiosk.issuance.postal import PostalService
    from kiosk.storage.records import PostalOrder
    from kiosk.storage.stores import KioskStorage, RegisterStorage

CHANNEL_COUNTER = "counter"  # R3: both parts printed here
CHANNEL_COUNTER_AND_POST = "counter_and_post"  # R2b: one part here, the other posted
PARTS = ("password", "code_card")


@dataclass(frozen=True)
class IssuanceRequest:
    """A verified citizen cleared for immediate issuance (R3) by ``rule``'s path."""

    cpr: str
    holder_name: str
    address: str = ""  # the folkeregister address, for the posted part under R2b
    language: str = "da"
    rule: str = "R3"


@dataclass(frozen=True)
class IssuanceResult:
    """What the citizen got: numbers, the parts printed and any postal order; never a secret."""

    nemid_number: str
    card_serial: str
    printed_parts: tuple[str, ...]
    postal_order: PostalOrder | None = None

    @property
    def posted_parts(self) -> tuple[str, ...]:
        """The credential's parts in the letters of the postal order, if any."""
        order = self.postal_order
        return tuple(p for p in order.parts if p in PARTS) if order is not None else ()


class IssuanceService:
    """Issues NemIDs on the kiosk printer; one instance per kiosk process."""

    def __init__(
        self,
        config: KioskConfig,
        *,
        lifecycle: CredentialLifecycle,
        printer: ReceiptPrinter,
        clock: Clock,
        postal: PostalService | None = None,
        faults: FaultPoints | None = None,
    ) -> None:
        self._config = config
        self._lifecycle = lifecycle
        self._printer = printer
        self._clock = clock
        self._postal = postal
        self._faults = faults if faults is not None else FaultPoints.from_environment()

    def issue(self, request: IssuanceRequest) -> IssuanceResult:
        """R3: print both parts here. Raises PrinterError (after voiding) for R4 or staff."""
        return self._run(request, CHANNEL_COUNTER, self._both_parts)

    def counter_and_post(self, request: IssuanceRequest) -> IssuanceResult:
        """R2b: print the configured counter part, then post the other (approx. 2 weeks).

        A part that cannot be printed and confirmed voids the credential before any letter is
        written and re-raises, so the journey can fall back to R2 (both by post).
        """
        if self._postal is None:
            raise KioskError("R2b needs a postal service", code="postal_unavailable")
        return self._run(request, CHANNEL_COUNTER_AND_POST, self._counter_part_and_post)

    def _run(
        self,
        request: IssuanceRequest,
        channel: str,
        deliver: Callable[[IssuanceRequest, NewCredential], IssuanceResult],
    ) -> IssuanceResult:
        credential = self._lifecycle.reserve(request.cpr, channel, request.rule)
        self._faults.reached("after_reserve")
        result: IssuanceResult | None = None
        try:
            result = deliver(request, credential)
            self._faults.reached("before_activate")
            self._lifecycle.activate(credential.nemid_number, request.rule)
        except KioskError as exc:
            order = result.postal_order if result is not None else None
            self._void(credential.nemid_number, exc.code, order.reference if order else None)
            raise
        if result.postal_order is not None and self._postal is not None:
            self._postal.complete(result.postal_order.reference)
        return result

    def _both_parts(self, request: IssuanceRequest, credential: NewCredential) -> IssuanceResult:
        self._print_slip(request, credential)
        self._faults.reached("between_slip_and_card")
        self._print_card(request, credential)
        return IssuanceResult(credential.nemid_number, credential.card_serial, PARTS)

    def _void(self, nemid_number: str, reason: str, order_reference: str | None) -> None:
        self._lifecycle.void(nemid_number, reason)
        if order_reference is not None and self._postal is not None:
            self._postal.void(order_reference, reason)

    def _print_slip(self, request: IssuanceRequest, credential: NewCredential) -> None:
        self._printer.print_password_slip(
            PasswordSlip(
                nemid_number=credential.nemid_number,
                temporary_password=credential.temporary_password,
                holder_name=request.holder_name,
                issued_at=self._clock.now(),
                language=request.language,
            )
        )
        self._lifecycle.confirm_part(credential.nemid_number, "password", "printed")

    def _print_card(self, request: IssuanceRequest, credential: NewCredential) -> None:
        self._printer.print_code_card(
            CodeCard(
                serial=credential.card_serial,
                nemid_number=credential.nemid_number,
                pairs=credential.code_pairs,
                language=request.language,
            )
        )
        self._lifecycle.confirm_part(credential.nemid_number, "code_card", "printed")

    def _counter_part_and_post(
        self, request: IssuanceRequest, credential: NewCredential
    ) -> IssuanceResult:
        """R2b: print the configured counter part here, post the other (approx. 2 weeks)."""
        assert self._postal is not None
        counter_part = self._config.municipality.counter_part
        if counter_part == "password":
            self._print_slip(request, credential)
        else:
            self._print_card(request, credential)
        self._faults.reached("between_slip_and_card")
        order = self._postal.post_other_part(request, credential, counter_part)
        return IssuanceResult(
            credential.nemid_number, credential.card_serial, (counter_part,), postal_order=order
        )

    def recover_interrupted(self) -> list[str]:
        """On start-up: void what this kiosk left ``printing`` and settle its postal orders."""
        voided = self._lifecycle.recover_interrupted()
        if self._postal is not None:
            self._postal.recover_interrupted()
        return voided


@dataclass(frozen=True)
class IssuanceServices:
    lifecycle: CredentialLifecycle
    postal: PostalService
    issuance: IssuanceService


def build_issuance_services(
    config: KioskConfig,
    *,
    kiosk: KioskStorage,
    register: RegisterStorage,
    printer: ReceiptPrinter,
    clock: Clock,
    faults: FaultPoints | None = None,
    outbox: Path | None = None,
) -> IssuanceServices:
    """Wire issuance and postal orders onto opened storage (for the composition root)."""
    from kiosk.issuance.postal import PostalService

    faults = faults if faults is not None else FaultPoints.from_environment()
    lifecycle = CredentialLifecycle(
        config,
        registry=AuthorityCredentials(register.authority),
        work=kiosk.unit_of_work,
        pseudonyms=kiosk.pseudonyms,
        faults=faults,
    )
    postal = PostalService(
        config,
        lifecycle=lifecycle,
        work=kiosk.unit_of_work,
        clock=clock,
        pseudonyms=kiosk.pseudonyms,
        outbox=outbox,
        faults=faults,
    )
    issuance = IssuanceService(
        config, lifecycle=lifecycle, printer=printer, clock=clock, postal=postal, faults=faults
    )
    return IssuanceServices(lifecycle, postal, issuance)
