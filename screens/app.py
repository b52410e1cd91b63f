"""``KioskApp``: the Kivy application of the kiosk's touchscreen.

Theme, language and accessibility are Kivy properties, so a switch re-renders every widget. A
ScreenManager holds one screen per journey state (see :mod:`screens.registry`); :meth:`show`
picks the screen for a view from the controller and renders it, with the help screen (R13) over
any state, an inactivity countdown over the screen when the view warns, and the out-of-service
screen while a required device is down. Every text goes through :meth:`tr` (gettext). The app
holds no rule and touches no device: taps become ``controller.act("<session action>")``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import NoTransition, ScreenManager
from kivy.uix.widget import Widget

from kiosk.config import KioskConfig
from kiosk.errors import KioskError
from kiosk.i18n import gettext
from kiosk.journey.view import JourneyView
from screens.base import KioskScreen
from screens.controller import WAITING, KioskController
from screens.display import Display, use_display
from screens.registry import ScreenRegistry, citizen_registry
from screens.theme import STANDARD, next_text_scale, theme_for
from screens.timeout_warning import TimeoutWarning
from screens.widgets import BigButton

TICK_SECONDS = 1.0
LANGUAGE_NAMES = {"da": "Dansk", "en": "English"}


class KioskApp(App):
    theme = ObjectProperty(STANDARD)
    language = StringProperty("da")
    high_contrast = BooleanProperty(False)
    text_scale = NumericProperty(1.0)
    reader_status = StringProperty(WAITING)

    def __init__(
        self,
        controller: KioskController,
        config: KioskConfig,
        *,
        registry: ScreenRegistry | None = None,
        side_panel: Widget | None = None,
        screen_size: tuple[int, int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.title = "NemID"
        self.controller = controller
        self.config_ = config
        self.registry = registry or citizen_registry()
        self.language = config.languages.default
        self.view: JourneyView | None = None
        self.problem: KioskError | None = None
        self.down_devices: list[str] = []
        self.first_frame_callbacks: list[Any] = []
        # A mode over the journey (staff admin / technician, screens.staff.mode.StaffMode): while
        # its ``active`` is true, rerender shows its page instead of the journey's screen.
        self.staff_mode: Any = None
        self._side_panel = side_panel
        self._screen_size = screen_size  # the kiosk's screen when the window holds more
        self._rendered: tuple[str, Any] | None = None
        self.manager = ScreenManager(transition=NoTransition())
        self.warning = TimeoutWarning(config.timeouts.warning_seconds)

    # Kivy life cycle.
    def build(self) -> Widget:
        width, height = self._screen_size or Window.size
        use_display(Display(int(width), int(height), self.config_.display.diagonal_inches))
        for name, screen in self.registry.screens.items():
            self.manager.add_widget(screen(name=name))
        from screens.accessible import AccessibleMode

        self.accessible = AccessibleMode(self)
        self.stage = FloatLayout()
        self.stage.add_widget(self.manager)
        Window.clearcolor = self.theme.background
        if self._side_panel is None:
            return self.stage
        from kivy.uix.boxlayout import BoxLayout

        root = BoxLayout(orientation="horizontal")
        root.add_widget(self.stage)
        root.add_widget(self._side_panel)
        return root

    def on_start(self) -> None:
        self.accessible.install()
        self._start_controller()
        Clock.schedule_interval(lambda _dt: self.controller.tick(), TICK_SECONDS)
        Clock.schedule_once(self._first_frame, 0)

    def _start_controller(self) -> None:
        self.controller.attach(self)
        self.down_devices = self.controller.initial_faults()
        if self.down_devices:
            self.rerender()
        self.controller.start()

    def use_controller(self, controller: KioskController) -> None:
        """Swap in another kiosk core (a new session on other devices): the UI starts over
        on its welcome screen. The UI tests give each test a fresh core this way."""
        self.controller.stop()
        self.controller = controller
        self.view = None
        self.problem = None
        self.reset_presentation()
        self.warning.hide()
        self._start_controller()

    def on_stop(self) -> None:
        self.accessible.uninstall()
        self.controller.stop()

    def _first_frame(self, _dt: float) -> None:
        # Scheduled after build: by now the first screen has been laid out and drawn once.
        for callback in self.first_frame_callbacks:
            callback()

    # Properties.
    def on_high_contrast(self, _app: Any, _on: bool) -> None:
        self._restyle()

    def on_text_scale(self, _app: Any, _scale: float) -> None:
        self._restyle()

    def _restyle(self) -> None:
        self.theme = theme_for(self.high_contrast, self.text_scale)
        Window.clearcolor = self.theme.background
        self.rerender()

    def reset_presentation(self) -> None:
        """The end of a visit: the next citizen starts with standard text and contrast."""
        self.high_contrast = False
        self.text_scale = 1.0
        accessible = getattr(self, "accessible", None)
        if accessible is not None:
            accessible.reset()

    def on_language(self, _app: Any, _language: str) -> None:
        self.rerender()

    def tr(self, message_id: str, **values: object) -> str:
        return gettext(self.language, message_id, **values)

    # From the controller (UI thread).
    def show(self, view: JourneyView, problem: KioskError | None = None) -> None:
        self.warning.update(self.stage, view.timeout_warning, on_more_time=self.more_time)
        if view.language != self.language and view.state == "welcome":
            self.language = view.language
        if view.state == "welcome" and self.view is not None and self.view.state != "welcome":
            self.reset_presentation()
        changed = self.view is None or _without_warning(view) != _without_warning(self.view)
        self.view = view
        if problem is not None or changed:
            self.problem = problem
            self.rerender()

    def show_reader_status(self, status: str) -> None:
        self.reader_status = status

    def out_of_service(self, devices: list[str]) -> None:
        self.down_devices = devices
        self.rerender()

    def back_in_service(self) -> None:
        self.down_devices = []
        self.rerender()

    # Screens.
    def current_screen_name(self) -> str:
        if getattr(self.staff_mode, "out_of_service", False):
            return "out_of_service"  # staff took the kiosk out of service
        if self.down_devices and (self.view is None or self.view.state == "welcome"):
            # A required device down: no new visit starts. A visit under way keeps the ways
            # forward that do not need the device (the post R4, staff help R13).
            return "out_of_service"
        if self.view is None:
            return "welcome"
        if self.view.help is not None:
            return "help"
        return self.registry.screen_for_state(self.view.state)

    def shown_state(self) -> str:
        """What is on screen: the staff or technician page, help, out of service, or the
        journey's state (a transcript's ``screen``)."""
        if self.staff_mode is not None and self.staff_mode.active:
            return str(self.staff_mode.page)
        name = self.current_screen_name()
        if name in ("help", "out_of_service") or self.view is None:
            return name
        return self.view.state

    def rerender(self) -> None:
        """Render the screen for the current view (after a new view, language or theme)."""
        if self.staff_mode is not None and self.staff_mode.active:
            self.staff_mode.rerender()
            return
        name = self.current_screen_name()
        self.show_screen(name, self.view)

    def show_screen(self, name: str, view: Any) -> None:
        """Render screen ``name`` with ``view`` and make it current (also for staff screens)."""
        screen = self.manager.get_screen(name)
        assert isinstance(screen, KioskScreen)
        screen.refresh(view)
        self.manager.current = name
        self.accessible.screen_shown()

    @property
    def screen(self) -> KioskScreen:
        current = self.manager.current_screen
        assert isinstance(current, KioskScreen)
        return current

    def build_top_bar(self, bar: Widget, *, show_help: bool) -> None:
        """Language, text size, contrast, read-aloud and "Get help" (R13)."""
        bar.clear_widgets()
        other = next(
            (code for code in self.config_.languages.available if code != self.language),
            self.language,
        )
        buttons = [
            (LANGUAGE_NAMES.get(other, other), lambda: self.set_language(other)),
            (self.tr("ui.top.large_text"), self.larger_text),
            (self.tr("ui.top.contrast"), self.toggle_contrast),
        ]
        speaker = self.controller.speaker
        if speaker is not None and speaker.available:
            buttons.append((self.tr("ui.top.read_aloud"), self.read_aloud))
        for text, action in buttons:
            button = BigButton(text=text, kind="secondary")
            button.bind(on_release=lambda _b, action=action: action())
            bar.add_widget(button)
        if show_help:
            help_button = BigButton(text=self.tr("ui.top.help"), kind="danger")
            help_button.bind(on_release=lambda _b: self.get_help())
            bar.add_widget(help_button)

    # Taps of the top bar.
    def set_language(self, language: str) -> None:
        """Issue 5: on every screen; the visit's printouts and letters follow the switch."""
        self.language = language
        self.controller.act("choose_language", language)

    def larger_text(self) -> None:
        """1x, 1.5x, 2x, then back to 1x."""
        self.text_scale = next_text_scale(self.text_scale)

    def toggle_contrast(self) -> None:
        self.high_contrast = not self.high_contrast

    def read_aloud(self) -> None:
        """The screen is said now, and each screen after it for the rest of the visit."""
        if self.accessible.on:
            self.accessible.say_screen()
        else:
            self.accessible.turn_on()

    def get_help(self) -> None:
        """R13: help is one tap away on every screen."""
        self.controller.act("help")

    def more_time(self) -> None:
        self.controller.keep_alive()


def _without_warning(view: JourneyView) -> JourneyView:
    return dataclasses.replace(view, timeout_warning=False)
