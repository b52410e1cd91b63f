"""The base of every staff and technician page, and the status light.

A page is a :class:`screens.base.KioskScreen` without progress bar or help button (staff are
the help), rendered from the :class:`screens.staff.mode.StaffMode`: its ``data`` for the page,
and its ``message`` (the result of the last action, or why it was refused) under the title.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.graphics import Color, Ellipse
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.gridlayout import GridLayout
from kivy.uix.widget import Widget

from kiosk.admin.lines import DeviceLine
from screens.base import KioskScreen
from screens.display import mm
from screens.widgets import BigButton, KioskLabel

LIGHT_MM = 6
GREEN = (0.13, 0.55, 0.13, 1)
AMBER = (0.95, 0.6, 0.0, 1)
RED = (0.75, 0.1, 0.1, 1)
GREY = (0.55, 0.55, 0.55, 1)
LIGHT_COLOURS = {
    "ok": GREEN,
    "online": GREEN,
    "busy": AMBER,
    "user_error": AMBER,
    "no_document": AMBER,
    "fault": RED,
    "offline": RED,
    "hardware_error": RED,
    "not_fitted": GREY,
}


class StatusLight(Widget):
    """A round light: green works, amber needs a hand, red is down, grey is not fitted."""

    def __init__(self, status: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.size_hint = (None, None)
        self.size = (mm(LIGHT_MM), mm(LIGHT_MM))
        with self.canvas:
            self._colour = Color(*GREY)
            self._disc = Ellipse(pos=self.pos, size=self.size)
        self.bind(pos=self._place, size=self._place)
        self.set_status(status)

    def set_status(self, status: str) -> None:
        self.status = status
        self._colour.rgba = LIGHT_COLOURS.get(status, GREY)

    def _place(self, *_args: Any) -> None:
        self._disc.pos = self.pos
        self._disc.size = self.size


class StaffPage(KioskScreen):
    show_help = False

    def refresh(self, view: Any) -> None:
        self.mode = view
        self.content.clear_widgets()
        self.fixed.clear_widgets()
        self.actions.clear_widgets()
        self.kiosk.build_top_bar(self.top_bar, show_help=False)
        self.progress.opacity = 0
        self.render(view)
        if view.message is not None:
            message_id, values, role = view.message
            label = KioskLabel(text=self.text(message_id, **values), role=role)
            # Under the title: the first thing staff read after a tap.
            self.content.add_widget(label, index=max(len(self.content.children) - 1, 0))

    @property
    def page_data(self) -> Any:
        return self.mode.data.get(self.name)

    def text(self, message_id: str, **values: object) -> str:
        """A translated text; an unknown error id falls back to the general problem text."""
        for key in (message_id, "reason." + message_id.split(".", 1)[-1]):
            text = self.tr(key, **values)
            if text != key:
                return text
        return self.tr("ui.problem.generic")

    def row(self, *widgets: Widget) -> BoxLayout:
        line = BoxLayout(orientation="horizontal", size_hint_y=None, spacing=mm(3))
        line.bind(minimum_height=line.setter("height"))
        for widget in widgets:
            line.add_widget(widget)
        self.content.add_widget(line)
        return line

    def button(self, message_id: str, on_tap: Callable[[], None], **values: object) -> BigButton:
        button = BigButton(text=self.tr(message_id, **values), kind="secondary")
        button.bind(on_release=lambda _button: on_tap())
        return button

    def grid(self, entries: list[tuple[str, Callable[[], None]]], cols: int = 2) -> None:
        """Full-width buttons two by two (a menu)."""
        grid = GridLayout(cols=cols, spacing=mm(3), size_hint_y=None)
        grid.bind(minimum_height=grid.setter("height"))
        for message_id, on_tap in entries:
            grid.add_widget(self.button(message_id, on_tap))
        self.content.add_widget(grid)

    def light_line(self, status: str, text: str, *extra: Widget) -> tuple[StatusLight, KioskLabel]:
        """A status light, its text, and any buttons after them, on one line."""
        label = KioskLabel(text=text)
        light = StatusLight(status)
        line = self.row(light, label, *extra)
        tallest = max([light.height, *(w.height for w in extra)])
        label.bind(height=lambda _l, height: setattr(line, "height", max(height, tallest)))
        line.height = max(label.height, tallest)
        return light, label

    def listed(self) -> list[Any]:
        """The page's list; "nothing waiting" is shown when it is empty."""
        items = list(self.page_data or [])
        if not items:
            self.add_text("ui.staff.none", role="muted")
        return items

    def confirmed(self, question_id: str, action: Callable[[], None], **values: object) -> None:
        """Ask before a destructive action: the question, "No" (the page as it was) and
        "Yes, go on" (the action); nothing happens until staff answer."""
        self.content.clear_widgets()
        self.fixed.clear_widgets()
        self.actions.clear_widgets()
        self.title("ui.staff.confirm.title")
        self.add_text(question_id, role="alert", **values)
        self.add_action("ui.staff.confirm.no", lambda: self.refresh(self.mode), kind="secondary")
        self.add_action("ui.staff.confirm.yes", action, kind="danger")

    def back_action(self, page: str, load: Callable[[], Any] | None = None) -> None:
        self.add_action("ui.staff.back", lambda: self.mode.go(page, load), kind="secondary")


def device_text(page: StaffPage, line: DeviceLine) -> str:
    """One device's line on a staff or technician page: name, state, detail."""
    name = page.tr(f"diag.device.{line.device}")
    state = page.tr(f"ui.staff.devices.state.{line.state}")
    return f"{name}: {state}" + (f" ({line.detail})" if line.detail else "")
