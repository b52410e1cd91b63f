"""Staff pages for the queues: outreach registrations (R8), postal orders a fault voided,
Digital Post exemption requests (R11), voiding a credential and reprinting postal receipts.

Completing an outreach registration or posting an order again asks staff for the citizen's
CPR number (from the paperwork) on the CPR page; the desk checks it against the registration.
CPR numbers are shown masked (DDMMYY-XXXX) as everywhere.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from screens.admin_page import StaffPage
from screens.number_entry import NumberEntry, cpr_entry
from screens.widgets import KioskLabel

CPR_PAGE = "staff_cpr"
RESOLUTIONS = ("granted", "refused")
VOID_REASONS = ("lost", "compromised", "holder_request", "issued_in_error")


class StaffOutreachPage(StaffPage):
    """R8: registrations from home visits, completed back at the office."""

    def render(self, mode: Any) -> None:
        desk = mode.admin.desk
        self.title("ui.staff.outreach.title")
        for registration in self.listed():
            self.add_plain(
                f"{registration.masked_cpr}  {registration.holder_name}  {registration.contact}"
            )

            def complete(number: int = registration.id) -> None:
                ask_cpr(
                    mode,
                    "ui.staff.outreach.cpr_for",
                    self.name,
                    desk.pending_outreach,
                    lambda cpr: desk.complete_outreach(number, cpr),
                    "ui.staff.outreach.done",
                )

            def witness(number: int = registration.id) -> None:
                ask_cpr(
                    mode,
                    "ui.staff.outreach.witness_for",
                    self.name,
                    desk.pending_outreach,
                    lambda cpr: desk.note_outreach_witness(number, cpr),
                    "ui.staff.outreach.witness_noted",
                )

            def cancel(number: int = registration.id) -> None:
                self.confirmed(
                    "ui.staff.confirm.cancel_outreach",
                    lambda: mode.do(
                        lambda: desk.cancel_outreach(number),
                        done="ui.staff.outreach.cancelled",
                        reload=desk.pending_outreach,
                    ),
                )

            self.row(
                self.button("ui.staff.outreach.witness", witness),
                self.button("ui.staff.outreach.complete", complete),
                self.button("ui.staff.outreach.cancel", cancel),
            )
        self.back_action("staff_menu")


class StaffOrdersPage(StaffPage):
    """Postal orders a device fault or crash voided: post them again (R2, R4)."""

    def render(self, mode: Any) -> None:
        desk = mode.admin.desk
        self.title("ui.staff.orders.title")
        for order in self.listed():
            self.add_plain(f"{order.reference}  {order.masked_cpr}  {order.holder_name}")

            def repost(reference: str = order.reference) -> None:
                ask_cpr(
                    mode,
                    "ui.staff.orders.cpr_for",
                    self.name,
                    desk.pending_orders,
                    lambda cpr: desk.repost_order(reference, cpr),
                    "ui.staff.orders.done",
                )

            self.content.add_widget(self.button("ui.staff.orders.repost", repost))
        self.back_action("staff_menu")


class StaffCprPage(StaffPage):
    """The citizen's CPR number, typed by staff; masked as it is typed."""

    def render(self, mode: Any) -> None:
        ask = self.page_data
        self.title(ask["title"])
        entry = cpr_entry(self.tr("ui.staff.cpr.prompt"))
        self.add_entry(entry)
        self.back_action(ask["back"], ask["reload"])

        def submit() -> None:
            cpr = entry.value
            mode.do(
                lambda: ask["action"](cpr),
                done=ask["done"],
                page=ask["back"],
                reload=ask["reload"],
            )

        self.add_action("ui.staff.cpr.ok", submit)


def ask_cpr(
    mode: Any,
    title: str,
    back: str,
    reload: Callable[[], Any],
    action: Callable[[str], Any],
    done: str,
) -> None:
    ask = {"title": title, "back": back, "reload": reload, "action": action, "done": done}
    mode.go(CPR_PAGE, lambda: ask)


class StaffExemptionsPage(StaffPage):
    """R11: staff assess each request for exemption from Digital Post."""

    def render(self, mode: Any) -> None:
        desk = mode.admin.desk
        self.title("ui.staff.exemptions.title")
        for request in self.listed():
            reason = self.tr(f"ui.staff.exemptions.reason.{request.reason}")
            self.add_plain(f"{request.masked_cpr}  {request.holder_name}: {reason}")
            buttons = []
            for resolution in RESOLUTIONS:

                def resolve(number: int = request.id, how: str = resolution) -> None:
                    mode.do(
                        lambda: desk.resolve_exemption(number, how),
                        done="ui.staff.exemptions.done",
                        reload=desk.open_exemptions,
                    )

                buttons.append(self.button(f"ui.staff.exemptions.{resolution}", resolve))
            self.row(*buttons)
        self.back_action("staff_menu")


class StaffVoidPage(StaffPage):
    """Look a NemID up by its number, then void it with a reason."""

    def render(self, mode: Any) -> None:
        desk = mode.admin.desk
        self.title("ui.staff.void.title")
        record = self.page_data
        if record is None:
            entry = NumberEntry(self.tr("ui.staff.void.prompt"), length=9)
            self.add_entry(entry)
            self.add_action(
                "ui.staff.void.look_up",
                lambda: mode.go(self.name, lambda: desk.credential(entry.value)),
            )
        else:
            status = self.tr(f"ui.staff.void.status.{record.status}")
            self.content.add_widget(
                KioskLabel(text=f"{record.number}  {record.masked_cpr}  {status}")
            )
            if record.status != "voided":
                self.add_text("ui.staff.void.why", role="muted")
                buttons = []
                for reason in VOID_REASONS:

                    def void(why: str = reason, number: str = record.number) -> None:
                        self.confirmed(
                            "ui.staff.confirm.void",
                            lambda: mode.do(
                                lambda: desk.void_credential(number, why),
                                done="ui.staff.void.done",
                                reload=lambda: desk.credential(number),
                            ),
                            number=number,
                        )

                    buttons.append(self.button(f"ui.staff.void.reason.{reason}", void))
                for button in buttons:
                    self.content.add_widget(button)
        self.back_action("staff_menu")


class StaffReceiptsPage(StaffPage):
    """Reprint a postal order's receipt: reference and delivery window, never a secret."""

    def render(self, mode: Any) -> None:
        desk = mode.admin.desk
        self.title("ui.staff.receipts.title")
        for line in self.listed():
            self.add_plain(f"{line.reference}  {line.masked_cpr}  {line.holder_name}")

            def reprint(reference: str = line.reference) -> None:
                mode.do(lambda: desk.reprint_receipt(reference), done="ui.staff.receipts.done")

            self.content.add_widget(self.button("ui.staff.receipts.reprint", reprint))
        self.back_action("staff_menu")


QUEUE_SCREENS: dict[str, type[StaffPage]] = {
    "staff_outreach": StaffOutreachPage,
    "staff_orders": StaffOrdersPage,
    CPR_PAGE: StaffCprPage,
    "staff_exemptions": StaffExemptionsPage,
    "staff_void": StaffVoidPage,
    "staff_receipts": StaffReceiptsPage,
}
