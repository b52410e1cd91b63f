"""The inactivity warning: a countdown over the current screen with an "I need more time" button.

Shown while the journey's view says ``timeout_warning``; when the count reaches zero the session's
own timeout wipes the visit and the welcome screen returns (the countdown only informs).
"""

from __future__ import annotations

from collections.abc import Callable

from kivy.app import App
from kivy.clock import Clock
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.floatlayout import FloatLayout

from screens.display import mm
from screens.widgets import BigButton, KioskLabel

COUNT_SECONDS = 1.0


class TimeoutWarning(BoxLayout):
    """A framed panel in the middle of the screen; ``remaining`` counts down once a second."""

    def __init__(self, warning_seconds: float, **kwargs: object) -> None:
        super().__init__(orientation="vertical", spacing=mm(4), padding=mm(8), **kwargs)
        self.size_hint = (0.7, None)
        self.pos_hint = {"center_x": 0.5, "center_y": 0.5}
        self.bind(minimum_height=self.setter("height"))
        self.warning_seconds = warning_seconds
        self.remaining = int(warning_seconds)
        self._event = None
        self._on_more_time: Callable[[], None] | None = None
        self.message = KioskLabel(role="title")
        self.button = BigButton(kind="primary")
        self.button.bind(on_release=lambda _b: self._more_time())
        self.add_widget(self.message)
        self.add_widget(self.button)

    @property
    def shown(self) -> bool:
        return self.parent is not None

    def update(self, stage: FloatLayout, warn: bool, *, on_more_time: Callable[[], None]) -> None:
        self._on_more_time = on_more_time
        if warn and not self.shown:
            self.remaining = int(self.warning_seconds)
            self._texts()
            stage.add_widget(self)
            self._event = Clock.schedule_interval(self._count, COUNT_SECONDS)
        elif not warn and self.shown:
            self.hide()
        elif warn:
            self._texts()

    def hide(self) -> None:
        if self._event is not None:
            self._event.cancel()
            self._event = None
        if self.parent is not None:
            self.parent.remove_widget(self)

    def _count(self, _dt: float) -> None:
        self.remaining = max(0, self.remaining - 1)
        self._texts()

    def _texts(self) -> None:
        app = App.get_running_app()
        self.message.text = app.tr("ui.timeout.warning", seconds=self.remaining)
        self.button.text = app.tr("ui.timeout.more_time")

    def _more_time(self) -> None:
        self.hide()
        if self._on_more_time is not None:
            self._on_more_time()
