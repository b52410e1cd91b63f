"""Staff admin mode pages: login, menu, service state, device status, audit, statistics.

The queues (outreach R8, pending orders, exemptions R11, void, receipts) are in
:mod:`screens.staff.queues`. Every tap goes to the :class:`~screens.staff.mode.StaffMode`,
which asks :class:`kiosk.admin.desk.StaffDesk`; pages only render.
"""

from __future__ import annotations

from typing import Any

from screens.admin_page import StaffPage, device_text
from screens.display import mm
from screens.staff import queues
from screens.widgets import KioskLabel, NumberPad

PIN_MAX_DIGITS = 12  # staff cards take 4-8 digits; a technician PIN may be longer
PIN_DOT = "\u2022"
STATISTICS = (
    "issued_now",
    "by_post",
    "outreach",
    "failed_questions",
    "witnesses_used",
    "voided",
    "exemption_requests",
)


class StaffLoginPage(StaffPage):
    """Insert the card, type its PIN: the card checks it (5 wrong tries block it)."""

    def render(self, mode: Any) -> None:
        self.title("ui.staff.login.title")
        self.add_text("ui.staff.login.insert_card")
        shown = KioskLabel(role="title")
        pad = NumberPad(max_length=PIN_MAX_DIGITS, secret=1)
        pad.size_hint_x = None
        pad.width = mm(100)
        pad.bind(value=lambda _pad, value: setattr(shown, "text", PIN_DOT * len(value) or "-"))
        shown.text = "-"
        self.content.add_widget(shown)
        self.content.add_widget(pad)
        self.add_action("ui.staff.cancel", mode.cancel_login, kind="secondary")
        self.add_action(
            "ui.staff.login.technician_pin",
            lambda: mode.submit_technician_pin(pad.value),
            kind="secondary",
        )
        self.add_action("ui.staff.login.ok", lambda: mode.submit_pin(pad.value))


class StaffMenuPage(StaffPage):
    def render(self, mode: Any) -> None:
        desk = mode.admin.desk
        identity = mode.session.identity if mode.session else None
        self.title(
            "ui.staff.menu.title",
            name=identity.name if identity else "",
            staff_id=identity.staff_id if identity else "",
        )
        self.grid(
            [
                (
                    "ui.staff.menu.outreach",
                    lambda: mode.go("staff_outreach", desk.pending_outreach),
                ),
                ("ui.staff.menu.orders", lambda: mode.go("staff_orders", desk.pending_orders)),
                (
                    "ui.staff.menu.exemptions",
                    lambda: mode.go("staff_exemptions", desk.open_exemptions),
                ),
                ("ui.staff.menu.void", lambda: mode.go("staff_void")),
                ("ui.staff.menu.receipts", lambda: mode.go("staff_receipts", desk.recent_receipts)),
                ("ui.staff.menu.service", lambda: mode.go("staff_service")),
                ("ui.staff.menu.devices", lambda: mode.go("staff_devices", desk.device_status)),
                ("ui.staff.menu.audit", lambda: mode.go("staff_audit")),
                ("ui.staff.menu.statistics", lambda: mode.go("staff_stats", desk.today_statistics)),
            ]
        )
        self.add_action("ui.staff.leave", mode.leave, kind="danger")


class StaffServicePage(StaffPage):
    def render(self, mode: Any) -> None:
        self.title("ui.staff.service.title")
        out = mode.out_of_service
        self.light_line(
            "fault" if out else "ok",
            self.tr("ui.staff.service.is_out" if out else "ui.staff.service.is_in"),
        )
        self.content.add_widget(
            self.button(
                "ui.staff.service.put_in" if out else "ui.staff.service.put_out",
                (lambda: mode.set_out_of_service(False))
                if out
                else lambda: self.confirmed(
                    "ui.staff.confirm.out_of_service", lambda: mode.set_out_of_service(True)
                ),
            )
        )
        self.back_action("staff_menu")


class StaffDevicesPage(StaffPage):
    def render(self, mode: Any) -> None:
        self.title("ui.staff.devices.title")
        for line in self.page_data or []:
            self.light_line(line.state, device_text(self, line))
        self.add_action(
            "ui.staff.refresh",
            lambda: mode.go("staff_devices", mode.admin.desk.device_status),
            kind="secondary",
        )
        self.back_action("staff_menu")


class StaffAuditPage(StaffPage):
    def render(self, mode: Any) -> None:
        desk = mode.admin.desk
        self.title("ui.staff.audit.title")
        self.add_text("ui.staff.audit.explain", role="muted")
        self.content.add_widget(
            self.button("ui.staff.audit.verify", lambda: mode.do(desk.verify_audit, done=verdict))
        )
        self.content.add_widget(
            self.button(
                "ui.staff.audit.export",
                lambda: mode.do(desk.export_audit, done="ui.staff.audit.exported"),
            )
        )
        self.back_action("staff_menu")


class StaffStatisticsPage(StaffPage):
    def render(self, mode: Any) -> None:
        self.title("ui.staff.stats.title")
        stats = self.page_data
        if stats is None:
            return
        for name in STATISTICS:
            self.add_text(f"ui.staff.stats.{name}", count=getattr(stats, name))
        self.back_action("staff_menu")


def verdict(report: Any) -> tuple[str, dict[str, object]]:
    if report.intact:
        return "ui.staff.audit.intact", {"entries": report.entries}
    problem = report.problem
    return "ui.staff.audit.broken", {"seq": problem.seq, "kind": problem.kind}


STAFF_SCREENS: dict[str, type[StaffPage]] = {
    "staff_login": StaffLoginPage,
    "staff_menu": StaffMenuPage,
    "staff_service": StaffServicePage,
    "staff_devices": StaffDevicesPage,
    "staff_audit": StaffAuditPage,
    "staff_stats": StaffStatisticsPage,
    **queues.QUEUE_SCREENS,
}
