"""Getting the NemID: printing progress and "take your code card and password" with a privacy
reminder (R3, R12; the password and the codes are never on screen), and the postal order with
its delivery window in words and dates (R2, R4), or under R2b the part to take now and the
window of the other."""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date
from kivy.animation import Animation
from kivy.uix.progressbar import ProgressBar

from kiosk.journey.view import JourneyView
from screens.base import KioskScreen

PRINT_ANIMATION_SECONDS = 2.0
PROGRESS_MAX = 100


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
    step = 5

    def render(self, view: JourneyView) -> None:
        if view.state == "issuing":
            self.title("ui.printing.title")
            self.add_text("ui.printing.wait")
            bar = ProgressBar(max=PROGRESS_MAX, value=0, size_hint_y=None, height=40)
            self.content.add_widget(bar)
            animation = Animation(value=PROGRESS_MAX, duration=PRINT_ANIMATION_SECONDS)
            animation += Animation(value=0, duration=0)
            animation.repeat = True
            animation.start(bar)
            return
        # issued (R3): both parts handed out here
        self.title("ui.issued.title")
        self.add_text("ui.issued.take")
        self.add_text("ui.issued.privacy", role="alert")
        self.add_text("ui.issued.next")
        self.add_action("ui.common.finish", lambda: self.act("finish"))

    def on_leave(self, *args: Any) -> None:
        for widget in self.content.children:
            Animation.cancel_all(widget)


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
        self.add_action("ui.common.finish", lambda: self.act("finish"))
