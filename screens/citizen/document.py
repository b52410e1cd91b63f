"""Place the document: an animation of a card laid on the reader, the reader's live status and
the chip-reading step (R1). The reader itself is watched by the controller's reader thread."""

from __future__ import annotations

from typing import Any

from kivy.animation import Animation
from kivy.properties import NumericProperty
from kivy.uix.widget import Widget

from kiosk.journey.view import JourneyView
from screens.base import KioskScreen
from screens.widgets import KioskLabel

LAY_SECONDS = 1.2


class DocumentAnimation(Widget):
    """A document sinking onto the reader, again and again; ``lift`` goes from 1 to 0."""

    lift = NumericProperty(1.0)

    def start(self) -> None:
        self.stop()
        animation = Animation(lift=0.0, duration=LAY_SECONDS) + Animation(
            lift=1.0, duration=LAY_SECONDS / 3
        )
        animation.repeat = True
        animation.start(self)

    def stop(self) -> None:
        Animation.cancel_all(self)
        self.lift = 1.0


class ReaderStatusMixin:
    """A label that follows the app's ``reader_status`` (waiting, reading, chip, errors)."""

    status_label: KioskLabel | None = None

    def add_reader_status(self) -> None:
        screen: Any = self
        self.status_label = KioskLabel(role="title")
        screen.content.add_widget(self.status_label)
        screen.kiosk.unbind(reader_status=self._on_status)
        screen.kiosk.bind(reader_status=self._on_status)
        self._on_status(screen.kiosk, screen.kiosk.reader_status)

    def _on_status(self, _app: Any, status: str) -> None:
        if self.status_label is not None:
            screen: Any = self
            self.status_label.text = screen.tr(f"ui.reader.{status}")
            self.status_label.role = "alert" if status in ("read_error", "unavailable") else "title"


class DocumentScreen(ReaderStatusMixin, KioskScreen):
    step = 1

    def render(self, view: JourneyView) -> None:
        self.kiosk.reader_status = "waiting"
        self.title("ui.document.title")
        self.add_text("ui.document.how")
        animation = DocumentAnimation()
        self.content.add_widget(animation)
        animation.start()
        self.add_reader_status()
        self.add_text("ui.document.chip", role="muted")
        self.add_action("ui.common.cancel", lambda: self.act("cancel"), kind="secondary")

    def on_leave(self, *args: Any) -> None:
        for widget in self.content.children:
            if isinstance(widget, DocumentAnimation):
                widget.stop()
