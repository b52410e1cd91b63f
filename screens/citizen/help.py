"""Help (R13): staff are on their way (with the call's queue number), and where the nearest
citizen service centre is."""

from __future__ import annotations

from kiosk.journey.view import JourneyView
from screens.base import KioskScreen


class HelpScreen(KioskScreen):
    show_help = False

    def render(self, view: JourneyView) -> None:
        self.title("ui.help.title")
        self.add_text("ui.help.staff")
        if view.help is not None and view.help.queue_number:
            self.add_text("ui.help.queue_number", role="title", number=view.help.queue_number)
        municipality = self.kiosk.config_.municipality
        centre = view.help.service_centre if view.help else municipality.service_centre
        phone = view.help.phone if view.help else municipality.service_centre_phone
        self.add_text("ui.help.centre", centre=centre, phone=phone)
        self.add_action("ui.help.close", lambda: self.act("close_help"))
