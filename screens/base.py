"""The base of every kiosk screen: top bar (language, accessibility, read-aloud, help), progress,
a scrolling content column and an action row. A screen only renders the journey's view and
sends taps back through the app; it holds no rule and touches no device.
"""

from __future__ import annotations

from typing import Any

from kivy.app import App
from kivy.uix.anchorlayout import AnchorLayout
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.screenmanager import Screen
from kivy.uix.scrollview import ScrollView

from screens.display import mm
from screens.widgets import BigButton, KioskLabel, ProgressSteps, TopBar

SIDE_MM = 125.0  # the column of a keypad or a signature pad, right of the text
SIDE_MARGIN_MM = 12.0


class KioskScreen(Screen):
    """Subclasses set ``step`` (0 hides the progress bar) and implement ``render(view)``."""

    step: int = 0
    show_help: bool = True

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.frame = BoxLayout(orientation="vertical")
        self.top_bar = TopBar()
        self.progress = ProgressSteps()
        self.content = BoxLayout(
            orientation="vertical",
            size_hint_y=None,
            spacing=mm(4),
            padding=(mm(12), mm(8)),
        )
        self.content.bind(minimum_height=self.content.setter("height"))
        scroller = ScrollView(do_scroll_x=False, do_scroll_y=False)
        scroller.add_widget(self.content)

        # Scroll only when the content overflows (large text); otherwise a touch goes straight
        # to the button under it, without the scroll view's wait to tell a tap from a swipe.
        def overflow(*_args: Any) -> None:
            scroller.do_scroll_y = self.content.height > scroller.height
            if not scroller.do_scroll_y:
                scroller.scroll_y = 1  # what fits starts at the top, wherever it was scrolled

        self.content.bind(height=overflow)
        scroller.bind(height=overflow)
        self.scroller = scroller
        # Beside the scrolling column: what must not scroll under a finger (a keypad, a
        # signature pad). Empty it takes no room; in use it is a column of SIDE_MM.
        self.fixed = BoxLayout(
            orientation="vertical", size_hint=(None, None), width=0, height=0, spacing=mm(2)
        )
        self.fixed.bind(minimum_height=self.fixed.setter("height"))
        self.fixed.bind(children=self._fit_side)
        body = BoxLayout(orientation="horizontal", padding=(0, 0, 0, 0))
        body.add_widget(scroller)
        self.side = AnchorLayout(anchor_y="top", size_hint_x=None, width=0)
        self.side.add_widget(self.fixed)
        body.add_widget(self.side)
        self.actions = BoxLayout(
            orientation="horizontal", size_hint_y=None, spacing=mm(4), padding=(mm(12), mm(4))
        )
        self.actions.bind(minimum_height=self.actions.setter("height"))
        for widget in (self.top_bar, self.progress, body, self.actions):
            self.frame.add_widget(widget)
        self.add_widget(self.frame)

    def _fit_side(self, *_args: Any) -> None:
        used = bool(self.fixed.children)
        self.fixed.width = mm(SIDE_MM) if used else 0
        self.side.width = mm(SIDE_MM + SIDE_MARGIN_MM) if used else 0

    @property
    def kiosk(self) -> Any:
        return App.get_running_app()

    def tr(self, message_id: str, **values: object) -> str:
        return self.kiosk.tr(message_id, **values)

    def refresh(self, view: Any) -> None:
        """Rebuild the screen from ``view``: top bar, progress, then the subclass's content."""
        self.content.clear_widgets()
        self.fixed.clear_widgets()
        self.actions.clear_widgets()
        self.scroller.scroll_y = 1  # a new rendering starts at the top
        self.kiosk.build_top_bar(self.top_bar, show_help=self.show_help)
        self.progress.value = self.step
        self.progress.opacity = 1 if self.step else 0
        self.render(view)
        problem = getattr(self.kiosk, "problem", None)
        if problem is not None:
            self.add_alert(problem.message_id, index=len(self.content.children))

    def add_alert(self, message_id: str, *, index: int = 0) -> KioskLabel:
        """A problem in plain language; an unknown message id falls back to a general one."""
        reason_id = "reason." + message_id.split(".", 1)[-1]
        text = next(
            (self.tr(key) for key in (message_id, reason_id) if self.tr(key) != key),
            self.tr("ui.problem.generic"),
        )
        label = KioskLabel(text=text, role="alert")
        self.content.add_widget(label, index=index)
        return label

    def render(self, view: Any) -> None:
        raise NotImplementedError

    def title(self, message_id: str, **values: object) -> KioskLabel:
        return self.add_text(message_id, role="title", **values)

    def add_text(
        self, message_id: str, *, role: str = "body", personal: bool = False, **values: object
    ) -> KioskLabel:
        """A message; ``personal`` when its values are personal data (spoken only to a headset)."""
        label = KioskLabel(text=self.tr(message_id, **values), role=role, personal=personal)
        self.content.add_widget(label)
        return label

    def add_plain(self, text: str, *, role: str = "body", personal: bool = False) -> KioskLabel:
        """A text that is data, not a message (a name, a masked CPR number, a date)."""
        label = KioskLabel(text=text, role=role, personal=personal)
        self.content.add_widget(label)
        return label

    def add_choice(
        self, message_id: str, on_tap: Any, *, kind: str = "secondary", **values: object
    ) -> BigButton:
        """A full-width answer button in the content column."""
        button = BigButton(text=self.tr(message_id, **values), kind=kind)
        button.bind(on_release=lambda _button: on_tap())
        self.content.add_widget(button)
        return button

    def add_data_choice(self, text: str, on_tap: Any) -> BigButton:
        """A full-width answer button whose text is data (a name, an address), not a message."""
        button = BigButton(text=text, kind="secondary", personal=True)
        button.bind(on_release=lambda _button: on_tap())
        self.content.add_widget(button)
        return button

    def add_entry(self, entry: Any) -> Any:
        """A number entry: its prompt in the text column, the digits and the pad beside it."""
        self.content.add_widget(entry.prompt)
        self.fixed.add_widget(entry)
        return entry

    def add_action(self, message_id: str, on_tap: Any, *, kind: str = "primary") -> BigButton:
        button = BigButton(text=self.tr(message_id), kind=kind)
        button.bind(on_release=lambda _button: on_tap())
        self.actions.add_widget(button)
        return button

    def add_notes(self, notes: Any) -> None:
        """Information-only notes of the policy (R6, R9, R10, R13); rule ids stay off screen."""
        for note in notes:
            self.add_text(note.message_id, role="muted")

    def add_reason(self, refusal: Any, *, role: str = "body") -> KioskLabel:
        """Why something is refused or closed, in plain language (``reason.<code>``)."""
        text = self.tr(f"reason.{refusal.reason}")
        if text == f"reason.{refusal.reason}":
            text = self.tr("ui.problem.generic")
        return self.add_plain(text, role=role)  # the rule id is for code, audit and staff

    def act(self, action: str, *args: Any) -> None:
        """Send the citizen's tap to the journey (on the controller's worker thread)."""
        self.kiosk.controller.act(action, *args)

    def spoken_text(self, *, headset: bool = False) -> str:
        """What read-aloud says: every visible text and button, the text column first, then the
        keypad, the actions and the top bar. Without a headset, personal data (a name, a CPR
        number, an address, a register fact) is not said aloud: a line says it is on screen."""
        lines: list[str] = []
        hidden = False
        for part in (self.content, self.fixed, self.actions, self.top_bar):
            for widget in reading_order(part):
                if widget.personal and not headset:
                    hidden = True
                    continue
                lines.append(widget.text)
        if hidden:
            lines.insert(1 if lines else 0, self.tr("ui.speech.personal_hidden"))
        return "\n".join(lines)


def reading_order(root: Any) -> list[Any]:
    """The visible labels and buttons under ``root`` in the order they were added (top to
    bottom, left to right)."""
    found: list[Any] = []
    if root.opacity == 0:
        return found
    if isinstance(root, KioskLabel | BigButton) and root.text.strip():
        found.append(root)
    for child in reversed(root.children):
        found.extend(reading_order(child))
    return found
