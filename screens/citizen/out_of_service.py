"""Out of service: a required device is down; the citizen is sent to staff (R13)."""

from __future__ import annotations

from typing import Any

from screens.base import KioskScreen


class OutOfServiceScreen(KioskScreen):
    show_help = False

    def render(self, view: Any) -> None:
        self.title("ui.out_of_service.title")
        self.add_text("ui.out_of_service.body")
        municipality = self.kiosk.config_.municipality
        self.add_text(
            "ui.help.centre",
            centre=municipality.service_centre,
            phone=municipality.service_centre_phone,
        )
