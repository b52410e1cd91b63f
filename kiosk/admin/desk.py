"""``StaffDesk``: the staff functions of admin mode, each checked and audited with the staff id.

Outreach registrations (R8) are completed once staff, back at the office, key in the citizen's
CPR number from the home visit's paperwork: it must match the registration's pseudonym, the
temporary password is printed for staff to hand over and the welcome letter and code card are
posted. Postal orders a fault voided are posted again the same way. Digital Post exemption
requests (R11) are granted or refused; help calls (R13) are acknowledged. A credential is voided
with a reason; a postal receipt (never a credential: it holds no secret) is reprinted. Staff put
the kiosk out of service and back (remembered across restarts through the audit log), see device
status, verify and export the audit log. The kiosk database never receives a plain CPR number:
only refs and masks.
"""

from __future__ import annotations

from pathlib import Path

from kiosk.admin.access import AdminAccess
from kiosk.admin.lines import DeviceLine, PendingOrder, ReceiptLine, device_lines
from kiosk.admin.outreach import outreach_witness, record_outreach_witness
from kiosk.admin.statistics import TodayStatistics, today_statistics
from kiosk.composed import App
from kiosk.config import KioskConfig
from kiosk.devices.printouts import PostalReceipt, RulesLeaflet
from kiosk.errors import BadInputError, DomainError, KioskError, StorageError
from kiosk.identity.cpr import mask_cpr
from kiosk.identity.people import Person
from kiosk.issuance.postal import PostalRequest
from kiosk.ports import ReceiptPrinter
from kiosk.storage.audit import AuditReport
from kiosk.storage.records import (
    ExemptionRequest,
    HelpCall,
    HoldingRecord,
    OutreachRegistration,
    PostalOrder,
)
from kiosk.storage.repositories import PostalOrderBook
from kiosk.storage.stores import backups_dir

OUT_OF_SERVICE_EVENT = "staff.out_of_service"
BACK_IN_SERVICE_EVENT = "staff.back_in_service"
EXPORTS_DIR_NAME = "exports"
RECENT_ORDERS = 20
OUTREACH_RULE = "R8"
# Why staff void a NemID (gettext keys ui.staff.void.reason.<reason>).
VOID_REASONS = ("lost", "compromised", "holder_request", "issued_in_error")


class StaffDesk:
    """Built by :func:`kiosk.admin.build.build_admin` from the composed app."""

    def __init__(self, core: App, access: AdminAccess) -> None:
        self._core = core
        self._config: KioskConfig = core.config
        self._orders: PostalOrderBook = core.kiosk.postal_orders
        self._access = access
        self._outreach_witnesses: dict[int, str] = {}  # R8: registration -> witness CPR

    # R8: outreach registrations.
    def pending_outreach(self) -> list[OutreachRegistration]:
        self._access.require()
        return self._core.kiosk.outreach.pending()

    def note_outreach_witness(self, registration_id: int, witness_cpr: str) -> str:
        """R8/R7: the witness of the home visit, checked now and used when staff complete the
        registration; returns the witness's masked CPR number."""
        self._access.require()
        if self._core.kiosk.outreach.pending_ref(registration_id) is None:
            raise DomainError(f"no pending registration {registration_id}", code="not_pending")
        witness = outreach_witness(self._core, witness_cpr, "", self._core.clock.today())
        self._outreach_witnesses[registration_id] = witness.cpr
        return mask_cpr(witness.cpr)

    def complete_outreach(
        self, registration_id: int, cpr: str, witness_cpr: str | None = None
    ) -> PostalOrder:
        """R8: with the witness recorded, print the password and the NemID rules for staff to
        hand over, and post the welcome letter and the code card."""
        staff = self._access.require()
        cpr_ref = self._core.kiosk.outreach.pending_ref(registration_id)
        if cpr_ref is None:
            raise DomainError(f"no pending registration {registration_id}", code="not_pending")
        person = self._person_matching(cpr, cpr_ref)
        noted = self._outreach_witnesses.get(registration_id, "")
        today = self._core.clock.today()
        witness = outreach_witness(self._core, witness_cpr or noted, person.cpr, today)
        language = self._config.languages.default
        request = PostalRequest(cpr, person.full_name, person.address, language, OUTREACH_RULE)
        printer = self._printer()
        order = self._core.issuing.postal.complete_outreach(request, printer)
        self._core.kiosk.outreach.complete(registration_id, staff.staff_id, order.nemid_number)
        record_outreach_witness(self._core, witness, person.cpr, registration_id, staff.staff_id)
        self._outreach_witnesses.pop(registration_id, None)
        try:
            printer.print_rules_leaflet(RulesLeaflet(language))  # R8: the rules for NemID
        except KioskError as exc:
            self._access.audit("staff.leaflet_not_printed", reason=exc.code, rule=OUTREACH_RULE)
        self._access.audit(
            "staff.outreach_completed",
            registration_id=registration_id,
            order_reference=order.reference,
            nemid_number=order.nemid_number,
            masked_cpr=self._core.kiosk.pseudonyms.masked(cpr),
            witness=mask_cpr(witness.cpr),
            rule=OUTREACH_RULE,
        )
        return order

    def cancel_outreach(self, registration_id: int) -> OutreachRegistration:
        staff = self._access.require()
        try:
            cancelled = self._core.kiosk.outreach.cancel(registration_id, staff.staff_id)
        except StorageError as exc:
            raise DomainError(str(exc), code="not_pending") from exc
        self._access.audit("staff.outreach_cancelled", registration_id=registration_id)
        return cancelled

    # Other pending orders: postal orders a fault voided (R4 keeps the citizen's place).
    def pending_orders(self) -> list[PendingOrder]:
        self._access.require()
        return [
            PendingOrder(
                order.reference,
                order.masked_cpr,
                order.holder_name,
                order.rule,
                order.language,
                order.ordered_on.isoformat(),
                order.void_reason,
            )
            for order in self._orders.waiting_orders()
        ]

    def repost_order(self, reference: str, cpr: str) -> PostalOrder:
        """Post a voided order again, for the person it was for (the CPR number must match)."""
        self._access.require()
        pending = {order.reference: order for order in self.pending_orders()}
        if reference not in pending:
            raise DomainError(f"order {reference} is not waiting", code="not_pending")
        person = self._person_matching(cpr, self._orders.cpr_ref_of(reference))
        old = pending[reference]
        order = self._core.issuing.postal.order(
            PostalRequest(cpr, person.full_name, person.address, old.language, old.rule)
        )
        self._access.audit(
            "staff.order_reposted",
            order_reference=order.reference,
            replaces=reference,
            nemid_number=order.nemid_number,
        )
        return order

    def _person_matching(self, cpr: str, cpr_ref: str | None) -> Person:
        pseudonyms = self._core.kiosk.pseudonyms
        try:
            matches = pseudonyms.ref(cpr) == cpr_ref
        except KioskError as exc:
            raise BadInputError(str(exc), code="cpr_invalid") from exc
        if not matches:
            raise DomainError("the CPR number is not this person's", code="cpr_does_not_match")
        person = self._core.register.register.find(cpr)
        if person is None:
            raise DomainError("not in the CPR register", code="not_in_register")
        return person

    # R11: Digital Post exemption requests.
    def open_exemptions(self) -> list[ExemptionRequest]:
        self._access.require()
        return self._core.kiosk.exemptions.open_requests()

    def resolve_exemption(self, request_id: int, resolution: str) -> ExemptionRequest:
        staff = self._access.require()
        try:
            resolved = self._core.kiosk.exemptions.resolve(request_id, resolution, staff.staff_id)
        except StorageError as exc:
            raise DomainError(str(exc), code="not_pending") from exc
        self._access.audit(
            "staff.exemption_resolved", request_id=request_id, resolution=resolution, rule="R11"
        )
        return resolved

    # R13: help calls from the kiosks.
    def open_help_calls(self) -> list[HelpCall]:
        """Citizens waiting for staff, longest waiting first (kiosk, screen, since when)."""
        self._access.require()
        return self._core.kiosk.help_calls.open_calls()

    def acknowledge_help_call(self, call_id: int) -> HelpCall:
        staff = self._access.require()
        try:
            call = self._core.kiosk.help_calls.acknowledge(call_id, staff.staff_id)
        except StorageError as exc:
            raise DomainError(str(exc), code="not_pending") from exc
        waited = call.waiting_seconds(self._core.clock.now())
        self._access.audit(
            "staff.help_acknowledged", call_id=call_id, waited_seconds=waited, rule="R13"
        )
        return call

    # Credentials.
    def credential(self, nemid_number: str) -> HoldingRecord:
        """The authority's record (masked CPR, status); no secret."""
        self._access.require()
        if not (
            nemid_number.isdigit() and len(nemid_number) == self._config.rules.nemid_number_digits
        ):
            raise BadInputError("not a NemID number", code="nemid_number_invalid")
        try:
            return self._core.register.authority.record(nemid_number)
        except StorageError as exc:
            raise DomainError(str(exc), code="credential_unknown") from exc

    def void_credential(self, nemid_number: str, reason: str) -> HoldingRecord:
        """Void an active (or half-issued) NemID; its code card stops working at once."""
        if reason not in VOID_REASONS:
            raise BadInputError(f"void reason must be one of {VOID_REASONS}", code="bad_input")
        record = self.credential(nemid_number)
        if record.status == "voided":
            raise DomainError(f"NemID {nemid_number} is already void", code="already_void")
        voided = self._core.register.authority.void(nemid_number)
        self._access.audit(
            "staff.credential_voided",
            nemid_number=nemid_number,
            masked_cpr=record.masked_cpr,
            reason=reason,
            was=record.status,
        )
        return voided

    # Postal receipts: a reprint carries the reference and window, never a password or code.
    def recent_receipts(self) -> list[ReceiptLine]:
        self._access.require()
        return [
            ReceiptLine(
                order.reference, order.masked_cpr, order.holder_name, order.ordered_on.isoformat()
            )
            for order in self._orders.recent_completed(RECENT_ORDERS)
        ]

    def reprint_receipt(self, reference: str) -> PostalReceipt:
        self._access.require()
        order = self._orders.find(reference)
        if order is None or order.status != "completed":
            raise DomainError(f"no completed order {reference}", code="order_not_completed")
        receipt = self._orders.receipt_for(reference)
        self._printer().print_postal_receipt(receipt)
        self._access.audit("staff.receipt_reprinted", order_reference=reference)
        return receipt

    # Service state.
    @property
    def out_of_service(self) -> bool:
        """Set by staff; remembered across restarts (the latest of the two audit events)."""
        latest = self._core.kiosk.audit.latest_event((OUT_OF_SERVICE_EVENT, BACK_IN_SERVICE_EVENT))
        return latest == OUT_OF_SERVICE_EVENT

    def set_out_of_service(self, out: bool) -> bool:
        self._access.require()
        if out != self.out_of_service:
            self._access.audit(OUT_OF_SERVICE_EVENT if out else BACK_IN_SERVICE_EVENT)
        return out

    # Devices and audit.
    def device_status(self) -> list[DeviceLine]:
        self._access.require()
        return device_lines(self._core.devices)

    def verify_audit(self) -> AuditReport:
        self._access.require()
        report = self._core.kiosk.audit.verify()
        self._access.audit("staff.audit_verified", intact=report.intact, entries=report.entries)
        return report

    def export_audit(self, directory: Path | None = None) -> Path:
        """Every entry as JSON lines, to ``directory`` (default: the backups folder's exports)."""
        self._access.require()
        folder = directory or backups_dir(self._config) / EXPORTS_DIR_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageError(f"cannot create {folder}: {exc.strerror}") from exc
        stamp = self._core.clock.now().strftime("%Y%m%dT%H%M%S")
        path = folder / f"audit-{self._config.kiosk_id}-{stamp}.jsonl"
        count = self._core.kiosk.audit.export(path)
        self._access.audit("staff.audit_exported", file_name=path.name, entries=count)
        return path

    def today_statistics(self) -> TodayStatistics:
        self._access.require()
        return today_statistics(self._core.kiosk.activity, self._core.clock)

    def _printer(self) -> ReceiptPrinter:
        printer = self._core.devices.printer
        if printer is None:
            raise DomainError("no printer is fitted", code="device_not_fitted")
        return printer
