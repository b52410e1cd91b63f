"""Postal orders: a NemID sent to the folkeregister address (R2, R2b, R4, R8).

R2: the code card and the temporary password go SEPARATELY, one letter each, arriving 3-11
Danish working days after the order (:mod:`kiosk.rules.delivery`). R4: a citizen with valid ID
but neither passed questions nor a witness gets the same order. R2b: one part is handed out at
the counter (:mod:`kiosk.issuance.transaction`) and the other posted, "within approx. 2 weeks".
R8: after outreach identification the welcome letter and the code card are posted (the
temporary password is printed for staff to hand over). Each order has a reference, a record in
the PostalOrderBook repository (``cpr_ref`` and the masked CPR, never the number) and audit
entries, changed through the issuance's unit of work. The letters are PDF files in the outbox,
and posting means sending the secrets: the password letter holds the password and the card
letter the codes, so they are written only there (mode 0600, see :mod:`kiosk.issuance.letters`)
and never logged. Steps reach the fault points ``after_order_reserve``, ``before_letters``,
``between_letters``, ``before_order_complete`` and ``after_activate``;
:meth:`PostalService.recover_interrupted` settles an order whose process was killed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kiosk.clock import Clock
from kiosk.config import KioskConfig, RuleSettings
from kiosk.devices.printouts import PasswordSlip, PostalReceipt
from kiosk.errors import DomainError, KioskError, StorageError
from kiosk.issuance.credentials import NewCredential
from kiosk.issuance.faults import FaultPoints
from kiosk.issuance.letters import Addressee, LetterContent, remove_letters, write_letter
from kiosk.issuance.lifecycle import CredentialLifecycle
from kiosk.ports import ReceiptPrinter
from kiosk.rules.delivery import DeliveryWindow, counter_and_post_window, postal_window
from kiosk.storage.cpr_ref import CprPseudonyms
from kiosk.storage.records import Citizen, PostalOrder
from kiosk.storage.repositories import OutreachQueue, UnitOfWork
from kiosk.storage.stores import kiosk_database_path

OUTBOX_DIR_NAME = "outbox"
KIND_BOTH = "both_by_post"  # R2, R4
KIND_COUNTER_AND_POST = "counter_and_post"  # R2b
KIND_OUTREACH = "outreach"  # R8
OTHER_PART = {"password": "code_card", "code_card": "password"}
# How the part not in a letter reaches the citizen, for the letter's wording.
COMPANION_BY_KIND = {KIND_BOTH: "post", KIND_COUNTER_AND_POST: "counter", KIND_OUTREACH: "visit"}
VOID_INTERRUPTED = "interrupted"
VOID_OUTBOX = "outbox_unwritable"


@dataclass(frozen=True)
class PostalRequest:
    cpr: str
    holder_name: str
    address: str  # the folkeregister address, from the register
    language: str = "da"
    rule: str = "R2"  # R2 (standard order), R4 (fallback) or R8 (outreach)


@dataclass(frozen=True)
class OutreachCompletion:
    """Which pending outreach registration (R8) staff are completing, and who they are."""

    queue: OutreachQueue
    registration_id: int
    staff_id: str


def default_outbox(config: KioskConfig) -> Path:
    """``storage.outbox``, or ``outbox/`` beside the kiosk database (platform data dir)."""
    if config.storage.outbox:
        return Path(config.storage.outbox)
    return kiosk_database_path(config).with_name(OUTBOX_DIR_NAME)


class PostalService:
    def __init__(
        self,
        config: KioskConfig,
        *,
        lifecycle: CredentialLifecycle,
        work: UnitOfWork,
        clock: Clock,
        pseudonyms: CprPseudonyms,
        outbox: Path | None = None,
        faults: FaultPoints | None = None,
    ) -> None:
        self._config = config
        self._lifecycle = lifecycle
        self._work = work
        self._clock = clock
        self._pseudonyms = pseudonyms
        self.outbox = outbox or default_outbox(config)
        self._book = work.postal_orders
        self._faults = faults if faults is not None else FaultPoints.from_environment()

    def order(self, request: PostalRequest) -> PostalOrder:
        """R2/R4: both parts by post, in two letters. Raises KioskError after voiding."""
        credential = self._lifecycle.reserve(request.cpr, "post", request.rule)
        return self._post(request, credential, KIND_BOTH, ("password", "code_card"), postal_window)

    def complete_outreach(
        self,
        request: PostalRequest,
        printer: ReceiptPrinter,
        *,
        registration: OutreachCompletion | None = None,
    ) -> PostalOrder:
        """R8: staff complete an outreach registration; welcome letter and code card by post.

        The temporary password is what staff hand over in person: it is printed here, on
        ``printer`` (staff mode), for them to take to the citizen, and never posted. A
        PrinterError voids the credential before any letter is written. With ``registration``
        the pending outreach registration must be this citizen's; it is then marked completed
        with the NemID number. Raises DomainError ``outreach_registration_mismatch`` otherwise.
        """
        if registration is not None:
            self._check_registration(registration, request.cpr)
        credential = self._lifecycle.reserve(request.cpr, "outreach", request.rule)
        try:
            printer.print_password_slip(
                PasswordSlip(
                    nemid_number=credential.nemid_number,
                    temporary_password=credential.temporary_password,
                    holder_name=request.holder_name,
                    issued_at=self._clock.now(),
                    language=request.language,
                )
            )
        except KioskError as exc:
            self._lifecycle.void(credential.nemid_number, exc.code)
            raise
        self._lifecycle.confirm_part(credential.nemid_number, "password", "printed")
        order = self._post(
            request, credential, KIND_OUTREACH, ("welcome", "code_card"), postal_window
        )
        if registration is not None:
            registration.queue.complete(
                registration.registration_id, registration.staff_id, order.nemid_number
            )
        return order

    def _check_registration(self, registration: OutreachCompletion, cpr: str) -> None:
        registration_id = registration.registration_id
        cpr_ref = registration.queue.pending_ref(registration_id)
        if cpr_ref is None or cpr_ref != self._pseudonyms.ref(cpr):
            raise DomainError(
                f"no pending outreach registration {registration_id} for this citizen",
                code="outreach_registration_mismatch",
            )

    def post_other_part(
        self, request: Citizen, credential: NewCredential, counter_part: str
    ) -> PostalOrder:
        """R2b: post the part not handed out at the counter; the caller activates and completes."""
        part = OTHER_PART[counter_part]
        return self._post(
            request,
            credential,
            KIND_COUNTER_AND_POST,
            (part,),
            counter_and_post_window,
            finish=False,
        )

    def _post(
        self,
        request: Citizen,
        credential: NewCredential,
        kind: str,
        parts: tuple[str, ...],
        window_rule: Callable[[date, RuleSettings], DeliveryWindow],
        *,
        finish: bool = True,
    ) -> PostalOrder:
        ordered_on = self._clock.today()
        window = window_rule(ordered_on, self._config.rules)
        order = PostalOrder(
            reference=self._book.new_reference(),
            nemid_number=credential.nemid_number,
            kind=kind,
            rule=request.rule,
            parts=parts,
            ordered_on=ordered_on,
            earliest=window.earliest,
            latest=window.latest,
        )
        self._book.insert(order, request)
        self._faults.reached("after_order_reserve")
        try:
            self._faults.reached("before_letters")
            addressee = Addressee(request.holder_name, request.address, request.language)
            for index, part in enumerate(parts):
                if index:
                    self._faults.reached("between_letters")
                self._write(order, addressee, credential, part)
            if finish:
                self._faults.reached("before_order_complete")
                self._lifecycle.activate(credential.nemid_number, request.rule)
                self._faults.reached("after_activate")
                self.complete(order.reference)
        except (KioskError, OSError) as exc:
            reason = exc.code if isinstance(exc, KioskError) else VOID_OUTBOX
            if finish:
                self._lifecycle.void(credential.nemid_number, reason)
            self.void(order.reference, reason)
            if isinstance(exc, OSError):
                raise StorageError(f"cannot write to the outbox {self.outbox}: {exc}") from exc
            raise
        return self.find(order.reference) or order

    def _write(
        self, order: PostalOrder, addressee: Addressee, credential: NewCredential, part: str
    ) -> None:
        content = LetterContent(
            part=part,
            order_reference=order.reference,
            nemid_number=credential.nemid_number,
            written_on=order.ordered_on,
            sender=f"{self._config.municipality.name}\n{self._config.municipality.service_centre}",
            card_serial=credential.card_serial if part != "password" else "",
            password=credential.temporary_password if part == "password" else "",
            code_pairs=credential.code_pairs if part == "code_card" else (),
            companion=COMPANION_BY_KIND[order.kind],
        )
        path = write_letter(self.outbox, addressee, content)
        with self._work.transaction():
            self._book.add_letter(order.reference, part, path.name)
            if part in ("password", "code_card"):
                self._lifecycle.confirm_part(credential.nemid_number, part, "posted")

    def complete(self, reference: str) -> None:
        """Mark an order whose letters are all in the outbox as handed to the post."""
        self._book.set_status(reference, "completed", None)

    def void(self, reference: str, reason: str) -> None:
        """Void an order and remove its letters from the outbox (its NemID was voided)."""
        remove_letters(self.outbox, reference)
        self._book.set_status(reference, "voided", reason)

    def find(self, reference: str) -> PostalOrder | None:
        return self._book.find(reference)

    def receipt_for(self, reference: str) -> PostalReceipt:
        """The receipt the kiosk prints for an order; raises StorageError for an unknown one."""
        return self._book.receipt_for(reference)

    def recover_interrupted(self) -> list[str]:
        """Settle this kiosk's orders a crash left ``reserved``; returns their references.

        Run after :meth:`CredentialLifecycle.recover_interrupted`: an order whose NemID the
        journal shows activated had every letter written and is completed; any other is voided
        and its letters removed. The order row (name, address, language) is kept either way,
        so staff can post it again without the citizen repeating anything.
        """
        settled = []
        for reference, nemid_number, credential_status in self._book.open_orders():
            settled.append(reference)
            if credential_status == "activated":
                self.complete(reference)
                continue
            if credential_status != "voided":
                self._lifecycle.void(nemid_number, VOID_INTERRUPTED)
            self.void(reference, VOID_INTERRUPTED)
        return settled
