"""Ends of a visit without a NemID in hand: a refusal in plain language with the way forward
(staff, R13), and requests put in the staff queue (R8 outreach, R11 exemption)."""

from __future__ import annotations

from kiosk.journey.view import JourneyView
from screens.base import KioskScreen


class RefusedScreen(KioskScreen):
    step = 0

    def render(self, view: JourneyView) -> None:
        self.title("ui.refused.title")
        if view.refusal is not None:
            self.add_reason(view.refusal)
        centre = self.kiosk.config_.municipality
        self.add_text("ui.refused.forward", centre=centre.service_centre)
        self.add_action("ui.common.finish", lambda: self.act("finish"))


class FinishedScreen(KioskScreen):
    step = 5

    def render(self, view: JourneyView) -> None:
        kind = "exemption" if view.state == "exemption_requested" else "outreach"
        self.title(f"ui.{kind}.sent_title")
        self.add_text(f"ui.{kind}.sent")
        self.add_action("ui.common.finish", lambda: self.act("finish"))
