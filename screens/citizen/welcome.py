"""Welcome: what the kiosk does, advice up front (R6 witness, R9 health card, R10 banks, R13)."""

from __future__ import annotations

from kiosk.journey.view import JourneyView
from screens.base import KioskScreen


class WelcomeScreen(KioskScreen):
    step = 0

    def render(self, view: JourneyView) -> None:
        self.title("ui.welcome.title")
        self.add_text("ui.welcome.intro")
        # R6 / R9 / R10 / R13: the notes the policy shows everyone before they start.
        self.add_notes(view.notes if view is not None else ())
        # Before the first scan: what is read, why, and how long it is kept.
        self.add_text("ui.privacy.title", role="muted")
        self.add_text("ui.privacy.notice", role="muted")
        self.add_action("ui.welcome.start", lambda: self.act("start"))
