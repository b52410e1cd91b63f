"""Blocking (spærring) a NemID (R12): the holder confirms, and is told it stopped working and how
to get a new one."""

from __future__ import annotations

from kiosk.journey.view import JourneyView
from screens.base import KioskScreen


class BlockingScreen(KioskScreen):
    step = 4

    def render(self, view: JourneyView) -> None:
        if view.state == "blocked":
            self.title("ui.block.done_title")
            self.add_text("ui.block.done")
            self.add_action("ui.common.finish", lambda: self.act("finish"))
            return
        self.title("ui.block.title")
        self.add_text("ui.block.intro", role="alert")
        self.add_action("ui.common.back", lambda: self.act("back"), kind="secondary")
        self.add_action("ui.block.confirm", lambda: self.act("block_nemid"))
