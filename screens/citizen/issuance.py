"""Getting the NemID: printing progress and "take your code card and password" with a privacy
reminder (R3, R12; the password and the codes are never on screen), and the postal order with
its delivery window in words and dates (R2, R4), or under R2b the part to take now and the
window of the other."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date

from kiosk.issuance.print_jobs import DONE, STARTED, PrintJob
from kiosk.journey.view import JourneyView
from screens.base import KioskScreen
from screens.widgets import PrintProgress

CREDENTIAL_JOBS = ("password_slip", "code_card")  # the password and the code card


def long_date(day: date, language: str) -> str:
    """``mandag den 30. november 2026`` / ``Monday, November 30, 2026``."""
    return format_date(day, format="full", locale=language)


class DeliveryMixin:
    def add_delivery(self, view: JourneyView, message_id: str) -> None:
        screen: Any = self
        outcome = view.outcome
        if outcome is None or outcome.delivery is None:
            return
        earliest, latest = outcome.delivery
        rules = screen.kiosk.config_.rules
        screen.add_text(
            message_id,
            earliest=long_date(earliest, screen.kiosk.language),
            latest=long_date(latest, screen.kiosk.language),
            low=rules.delivery_earliest_working_days,
            high=rules.delivery_latest_working_days,
            days=rules.counter_and_post_days,
        )


class PrintingScreen(DeliveryMixin, KioskScreen):
    """While issuing, a bar follows the printer's real jobs: half a part when a job starts, a
    whole one when the printer confirmed it."""

    step = 5

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._stop_following: Any = None
        self.bar: PrintProgress | None = None
        self._done = 0

    def render(self, view: JourneyView) -> None:
        self._unfollow()
        if view.state == "issuing":
            self.title("ui.printing.title")
            self.add_text("ui.printing.wait")
            self._done = 0
            self.bar = PrintProgress(max=len(CREDENTIAL_JOBS), value=0)
            self.content.add_widget(self.bar)
            self._stop_following = self.kiosk.controller.follow_print_jobs(self._job)
            return
        # issued (R3): both parts handed out here
        self.title("ui.issued.title")
        self.add_text("ui.issued.take")
        self.add_text("ui.issued.privacy", role="alert")
        self.add_text("ui.issued.next")
        self.add_action("ui.common.finish", lambda: self.act("finish"))

    def _job(self, job: PrintJob) -> None:
        if self.bar is None or job.kind not in CREDENTIAL_JOBS:
            return
        if job.stage == DONE:
            self._done += 1
        self.bar.value = self._done + (0.5 if job.stage == STARTED else 0)

    def _unfollow(self) -> None:
        if self._stop_following is not None:
            self._stop_following()
        self._stop_following, self.bar = None, None

    def on_leave(self, *args: Any) -> None:
        self._unfollow()


class PostalOrderScreen(DeliveryMixin, KioskScreen):
    step = 5

    def render(self, view: JourneyView) -> None:
        if view.state == "posting":
            self.title("ui.post.ordering")
            return
        self.title("ui.post.title")
        outcome = view.outcome
        if outcome is not None and outcome.rule == "R4":
            self.add_text("ui.post.fallback")  # R4: nobody leaves empty-handed
        if outcome is not None and outcome.handed_out:
            # R2b: one part is in the printer now, the other comes by post.
            part = outcome.handed_out[0]
            self.add_text(f"ui.post.take_{part}", role="alert")
            self.add_delivery(view, "ui.post.other_part_window")
        else:
            self.add_delivery(view, "ui.post.window")
            self.add_text("ui.post.separately")
        if outcome is not None and outcome.order_reference:
            self.add_text("ui.post.reference", reference=outcome.order_reference)
        if outcome is not None and outcome.sent_to:
            self.add_text("ui.post.sent_to", address=outcome.sent_to)
        if outcome is not None and outcome.receipt:
            self.add_text("ui.post.receipt")
        self.add_action("ui.common.finish", lambda: self.act("finish"))
