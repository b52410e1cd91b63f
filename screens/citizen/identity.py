"""The citizen's identity: the yellow health card's CPR number when the document lacks it (R1,
R9), and the data read shown for confirmation with the CPR number masked (DDMMYY-XXXX)."""

from __future__ import annotations

from kiosk.journey.view import JourneyView
from screens.base import KioskScreen
from screens.number_entry import cpr_entry


class HealthCardScreen(KioskScreen):
    step = 2

    def render(self, view: JourneyView) -> None:
        self.title("ui.health_card.title")
        self.add_text("ui.health_card.why")
        self.add_text("ui.health_card.none", role="muted")
        entry = cpr_entry(self.tr("ui.health_card.prompt"))
        self.add_entry(entry)  # the keypad stays put under the finger

        def send() -> None:
            if entry.complete:
                self.act("scan_health_card", entry.value)

        self.add_action("ui.common.back", lambda: self.act("back"), kind="secondary")
        self.add_action(
            "ui.health_card.no_card", lambda: self.act("no_health_card"), kind="secondary"
        )
        self.add_action("ui.common.continue", send)


class ConfirmScreen(KioskScreen):
    step = 2

    def render(self, view: JourneyView) -> None:
        self.title("ui.confirm.title")
        self.add_text("ui.confirm.name", name=view.citizen_name, personal=True)
        self.add_text("ui.confirm.cpr", cpr=view.masked_cpr, personal=True)
        self.add_text("ui.confirm.question", role="muted")
        self.add_action("ui.confirm.no", lambda: self.act("cancel"), kind="secondary")
        self.add_action("ui.confirm.yes", lambda: self.act("confirm"))
