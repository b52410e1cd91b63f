"""Scripted citizen journeys through the real UI: ``kiosk demo --headless`` and the UI tests.

A script plays a persona of ``kiosk/assets/register/personas.json``: it taps buttons by their
translated text (real touches, :mod:`screens.ui_driver`), lays documents on the simulated reader
and types on the number pad, and calls :meth:`ScriptRunner.shot` on every screen, which saves a
PNG and records what the screen shows and any clipped text. The runner knows the persona's own
facts (its register entry, its code card), as the citizen and the witness do; it never reads
the journey's state to decide what to tap.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from screens import ui_driver as ui
from screens.demo.rig import DemoControls
from screens.demo.staff_scripts import STAFF_SCRIPTS

WAIT_SECONDS = 30.0
LANGUAGE_NAMES = {"da": "Dansk", "en": "English"}  # generous: a loaded CI machine renders slowly
SIGNATURE_STROKE = [(0.1, 0.3), (0.25, 0.7), (0.4, 0.35), (0.55, 0.75), (0.7, 0.3), (0.9, 0.6)]


@dataclass
class Shot:
    name: str
    screen: str
    texts: list[str]
    clipped: list[str]
    path: Path | None
    small_targets: list[str] = field(default_factory=list)
    cut: list[str] = field(default_factory=list)  # cut off or laid over each other
    contrast: list[str] = field(default_factory=list)  # below WCAG 2.2 AA, on the pixels
    state: str = ""  # the journey state, or the staff or technician page shown
    language: str = ""
    spoken: str = ""  # what read-aloud says on this screen


@dataclass
class ScriptRunner:
    app: Any  # screens.app.KioskApp, already prepared (app._run_prepare())
    rig: DemoControls
    out: Path | None = None
    advance_clock: Callable[[float], None] | None = None  # a FixedClock's advance, in tests
    language: str = ""  # the language the script plays in (a new visit starts in the default)
    shots: list[Shot] = field(default_factory=list)

    # What the screen shows.
    def tr(self, key: str, **values: object) -> str:
        return str(self.app.tr(key, **values))

    def on(self, screen: str, timeout: float = WAIT_SECONDS) -> None:
        ui.wait_for(lambda: self.app.manager.current == screen, f"the {screen} screen", timeout)

    def see(self, key: str, timeout: float = WAIT_SECONDS, **values: object) -> None:
        text = self.tr(key, **values)
        ui.wait_for(lambda: text in ui.screen_texts(), repr(text), timeout)

    def see_within(self, key: str, timeout: float = WAIT_SECONDS, **values: object) -> None:
        """A text on screen that contains the message (a line with data around it)."""
        text = self.tr(key, **values)
        ui.wait_for(lambda: any(text in shown for shown in ui.screen_texts()), repr(text), timeout)

    def use_language(self) -> None:
        """Switch to the script's language with the top bar's button, when not in it."""
        if self.language and self.app.language != self.language:
            ui.tap_text(LANGUAGE_NAMES[self.language])
            ui.wait_for(lambda: self.app.language == self.language, self.language)

    def shot(self, name: str) -> Shot:
        from screens.contrast import contrast_problems

        ui.pump(0.05)
        path = None
        if self.out is not None:
            path = ui.screenshot(self.out / f"{len(self.shots) + 1:02d}-{name}.png")
        shot = Shot(
            name,
            self.app.manager.current,
            ui.screen_texts(),
            ui.clipped(),
            path,
            ui.small_touch_targets(),
            ui.cut_or_overlapping(),
            contrast_problems(),
            self.app.shown_state(),
            self.app.language,
            self.app.screen.spoken_text(),
        )
        self.shots.append(shot)
        return shot

    # What the citizen does.
    def tap(self, key: str, **values: object) -> None:
        ui.tap_text(self.tr(key, **values))

    def tap_plain(self, text: str) -> None:
        """Tap a button whose text is not a message (a language name, a register fact)."""
        ui.tap_text(text)

    def lay(self, persona: str) -> None:
        self.rig.lay_document(persona)

    def type(self, digits: str) -> None:
        ui.type_digits(digits)

    def type_text(self, text: str) -> None:
        ui.type_text(text)

    def sign(self) -> None:
        from screens.widgets import SignaturePad

        pads = [w for w in ui.widgets() if isinstance(w, SignaturePad)]
        ui.draw(pads[0], SIGNATURE_STROKE)

    def idle(self, seconds: float) -> None:
        """Nobody touches the screen for ``seconds``."""
        if self.advance_clock is not None:
            self.advance_clock(seconds)
            ui.pump(1.2)  # the app's one-second tick sees the new time
        else:
            ui.pump(seconds)

    def answer_questions(self, persona: str) -> None:
        """R3: the persona answers each control question with their own register fact."""
        facts = register_facts(self.rig.personas[persona].entry)
        deadline = time.monotonic() + WAIT_SECONDS
        while self.app.manager.current == "questions" and time.monotonic() < deadline:
            buttons = [b for b in _choice_buttons() if b.text in facts]
            if not buttons:
                ui.pump(0.1)
                continue
            self.shot("question")
            before = ui.screen_texts()
            ui.tap(buttons[0])
            ui.wait_for(lambda before=before: ui.screen_texts() != before, "the next question")

    def start(self) -> None:
        self.on("welcome")
        self.shot("welcome")
        self.tap("ui.welcome.start")
        self.on("document")
        self.shot("document")

    def identify(self, persona: str) -> None:
        """Lay the document; type the health card's CPR number when asked (R1); confirm."""
        self.lay(persona)
        ui.wait_for(
            lambda: self.app.manager.current in ("health_card", "confirming", "refused"),
            "the document to be read",
            WAIT_SECONDS,
        )
        if self.app.manager.current == "health_card":
            self.type(self.rig.personas[persona].cpr)
            self.shot("health_card")
            self.tap("ui.common.continue")
            self.on("confirming")
        if self.app.manager.current == "confirming":
            self.shot("confirm")
            self.tap("ui.confirm.yes")
            self.on("choosing")
            self.shot("choosing")


def register_facts(entry: dict[str, Any]) -> set[str]:
    facts: set[str] = set()
    for value in entry.values():
        if isinstance(value, str):
            facts.add(value)
        elif isinstance(value, list):
            facts.update(v for v in value if isinstance(v, str))
    return facts


def _choice_buttons() -> list[Any]:
    from screens.widgets import BigButton

    return [w for w in ui.widgets() if isinstance(w, BigButton) and ui.shown(w)]


# The scripts: each plays one path of issue 5 from the welcome screen back to it.
def questions(run: ScriptRunner) -> None:
    """R3: control questions answered right; password and code card printed."""
    run.start()
    run.identify("rich_register")
    run.tap("ui.path.questions")
    run.on("questions")
    run.answer_questions("rich_register")
    run.see("ui.issued.title")
    run.shot("issued")
    run.tap("ui.common.finish")
    run.on("welcome")


def witness_declaration(run: ScriptRunner) -> None:
    """R5/R6/R7: a newcomer without control questions brings a witness who signs the
    solemn declaration with a finger."""
    run.start()
    run.identify("newcomer")
    run.tap("ui.path.witness")
    run.on("witness")
    run.shot("witness")
    run.lay("witness_declaration")
    run.on("witness_signing")
    run.sign()
    run.shot("declaration")
    run.tap("ui.witness.sign")
    run.see("ui.issued.title")
    run.shot("issued")
    run.tap("ui.common.finish")
    run.on("welcome")


def witness_nemid(run: ScriptRunner) -> None:
    """R7/R7b: a witness with NemID signs with number, password and the code for the key shown."""
    witness = run.rig.personas["witness_nemid_40_days"]
    nemid = witness.entry["nemid"]
    run.start()
    run.identify("foreigner_health_card")
    run.tap("ui.path.witness")
    run.on("witness")
    run.lay("witness_nemid_40_days")
    run.on("witness_signing")
    run.type(nemid["number"])
    run.shot("witness_nemid_number")
    run.tap("ui.common.continue")
    run.type_text(nemid["password"])  # R7: a password its holder chose, on the keyboard
    run.tap("ui.common.continue")
    shown = " ".join(ui.screen_texts())
    key = next(k for k in nemid["code_card"] if k in shown)
    run.type(nemid["code_card"][key])
    run.shot("witness_nemid_code")
    run.tap("ui.witness.sign")
    run.see("ui.issued.title")
    run.shot("issued")
    run.tap("ui.common.finish")
    run.on("welcome")


def post(run: ScriptRunner) -> None:
    """R2: ordered by post; the delivery window in words and dates."""
    run.start()
    run.identify("danish_letters")
    run.tap("ui.path.post")
    run.see("ui.post.title")
    run.shot("ordered")
    run.tap("ui.common.finish")
    run.on("welcome")


def refusal(run: ScriptRunner) -> None:
    """R1: an expired passport is refused, in plain language, with the way to staff."""
    run.start()
    run.identify("expired_document")
    run.on("refused")
    run.shot("refused")
    run.tap("ui.common.finish")
    run.on("welcome")


def timeout(run: ScriptRunner) -> None:
    """Inactivity: the countdown warning, then the visit is wiped and the welcome returns."""
    config = run.app.config_.timeouts
    run.start()
    run.lay("rich_register")
    run.on("confirming")
    run.shot("confirm")
    run.idle(config.inactivity_seconds - config.warning_seconds + 1)
    ui.wait_for(lambda: run.app.warning.shown, "the inactivity warning", WAIT_SECONDS)
    run.shot("timeout_warning")
    run.idle(config.warning_seconds + 1)
    run.on("welcome")
    run.shot("wiped")


SCRIPTS: dict[str, Callable[[ScriptRunner], None]] = {
    "questions": questions,
    "witness-declaration": witness_declaration,
    "witness-nemid": witness_nemid,
    "post": post,
    "refusal": refusal,
    "timeout": timeout,
    **STAFF_SCRIPTS,
}
