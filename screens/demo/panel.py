"""The simulator control panel of ``kiosk demo``: play the citizen beside the kiosk's screen.

Pick a persona, lay their document (or a witness's) on the simulated reader, unplug and replug
the reader, pull the printer's paper and put it back, and see the last printout rendered by the
ESC/POS simulator. It drives the simulators only (the kiosk sees ordinary device input), so it
is a demo tool, not a kiosk screen; its texts are for the demonstrator, in English.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.graphics import Color, Rectangle
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.button import Button
from kivy.uix.image import Image
from kivy.uix.label import Label
from kivy.uix.spinner import Spinner

from screens.demo.rig import DemoControls
from screens.display import mm

PANEL_WIDTH_MM = 110
PANEL_BACKGROUND = (0.16, 0.18, 0.2, 1)  # dark, so the demonstrator's panel reads apart
PRINTOUT_POLL_SECONDS = 1.0


class ControlPanel(BoxLayout):
    def __init__(self, rig: DemoControls, **kwargs: Any) -> None:
        super().__init__(orientation="vertical", spacing=mm(2), padding=mm(3), **kwargs)
        self.rig = rig
        with self.canvas.before:
            Color(*PANEL_BACKGROUND)
            self._background = Rectangle(pos=self.pos, size=self.size)
        self.bind(pos=self._fit_background, size=self._fit_background)
        self.size_hint_x = None
        self.width = mm(PANEL_WIDTH_MM)
        ids = sorted(rig.personas)
        self.add_widget(Label(text="Simulator control panel", size_hint_y=None, height=mm(10)))
        self.persona = Spinner(text=ids[0], values=ids, size_hint_y=None, height=mm(12))
        self.add_widget(self.persona)
        self.about = Label(size_hint_y=None, height=mm(22))
        self.about.bind(width=lambda label, width: setattr(label, "text_size", (width, None)))
        self.persona.bind(text=lambda _s, _t: self._describe())
        self.add_widget(self.about)
        for text, action in (
            ("Lay the document on the reader", lambda: rig.lay_document(self.persona.text)),
            ("Unplug the reader", rig.unplug_reader),
            ("Plug the reader back in", rig.replug_reader),
            ("Pull the paper out", rig.pull_paper),
            ("Put paper back in", rig.reload_paper),
        ):
            button = Button(text=text, size_hint_y=None, height=mm(12))
            button.bind(on_release=lambda _b, action=action: self._safely(action))
            self.add_widget(button)
        self.status = Label(size_hint_y=None, height=mm(10))
        self.add_widget(self.status)
        self.printout = Image(fit_mode="contain")
        self.add_widget(self.printout)
        self._shown = ""
        self._pending: tuple[str, int] = ("", 0)
        self._describe()
        Clock.schedule_interval(self._show_printout, PRINTOUT_POLL_SECONDS)

    def _fit_background(self, *_args: Any) -> None:
        self._background.pos = self.pos
        self._background.size = self.size

    def _describe(self) -> None:
        persona = self.rig.personas[self.persona.text]
        secrets = persona.entry.get("nemid") or {}
        extra = f" NemID {secrets['number']}, password {secrets['password']}." if secrets else ""
        self.about.text = f"{persona.description}. CPR {persona.cpr}.{extra}"

    def _safely(self, action: Any) -> None:
        try:
            action()
            self.status.text = "done"
        except Exception as exc:  # a demo control must not take the kiosk down
            self.status.text = f"failed: {exc}"

    def _show_printout(self, _dt: float) -> None:
        """The newest printout (a PNG from the printer simulator): 'take the printout'. A file
        is shown once its size held still for one poll, so a half-written PNG is never read."""
        files = self.rig.printed_files()
        if not files:
            return
        newest = files[-1]
        size = newest.stat().st_size
        seen, self._pending = self._pending, (str(newest), size)
        if seen != self._pending or str(newest) == self._shown:
            return
        self._shown = str(newest)
        self.printout.source = self._shown
        self.status.text = f"printed: {newest.name}"
