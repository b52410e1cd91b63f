"""The witness (vitterlighedsvidne, R7, R7b): the witness lays their own photo ID on the reader,
then signs the solemn declaration with a finger on the signature pad, or, when they hold NemID,
signs the same declaration with their NemID number, their own password (typed on a keyboard) and
the code for the key shown on screen."""

from __future__ import annotations

from typing import Any

from kivy.uix.boxlayout import BoxLayout
from kivy.uix.textinput import TextInput

from kiosk.journey.view import JourneyView
from screens.base import KioskScreen
from screens.citizen.document import ReaderStatusMixin
from screens.display import mm
from screens.number_entry import NumberEntry, cpr_entry
from screens.widgets import KioskLabel, SignaturePad

NEMID_FIELDS = ("number", "password", "code")


class PasswordEntry(BoxLayout):
    """R7: the witness's own NemID password, which its holder chose: any text, typed on a
    keyboard and shown masked."""

    def __init__(self, prompt: str) -> None:
        super().__init__(orientation="vertical", size_hint_y=None, spacing=mm(2))
        self.bind(minimum_height=self.setter("height"))
        self.field = TextInput(
            password=True, multiline=False, size_hint_y=None, height=mm(15), font_size=mm(6)
        )
        self.prompt = KioskLabel(text=prompt)  # in the text column (KioskScreen.add_entry)
        self.add_widget(self.field)

    @property
    def complete(self) -> bool:
        return bool(self.field.text)

    @property
    def value(self) -> str:
        return str(self.field.text)


class WitnessScanScreen(ReaderStatusMixin, KioskScreen):
    step = 4

    def render(self, view: JourneyView) -> None:
        self.kiosk.reader_status = "waiting"
        self.kiosk.controller.witness_cpr = None
        self.title("ui.witness.title")
        self.add_text("ui.witness.who")  # R7: 18+, Danish CPR, own valid photo ID
        self.add_text("ui.witness.place")
        self.add_reader_status()
        entry = cpr_entry(self.tr("ui.witness.cpr_prompt"))
        entry.bind(value=self._witness_cpr)
        self.add_entry(entry)
        self.add_action("ui.common.back", lambda: self.act("back"), kind="secondary")

    def _witness_cpr(self, entry: Any, value: str) -> None:
        self.kiosk.controller.witness_cpr = value if entry.complete else None


class WitnessSigningScreen(KioskScreen):
    step = 4

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._view: JourneyView | None = None
        self._nemid: dict[str, str] = {}
        self._field = 0

    def render(self, view: JourneyView) -> None:
        if view is not self._view:
            self._view, self._nemid, self._field = view, {}, 0
        witness = view.witness
        if witness is None:
            return
        self.add_plain(
            self.tr("ui.witness.signing_for", name=witness.name), role="muted", personal=True
        )
        if witness.signing == "declaration":
            self._declaration(witness)
        else:
            self._nemid_signing(witness)

    def _declaration(self, witness: Any) -> None:
        """R7: the solemn declaration (tro og love-erklæring) signed with a finger."""
        self.title("ui.witness.declaration_title")
        self.add_plain(witness.declaration_text, personal=True)
        self.add_text("ui.witness.sign_below", role="muted")
        pad = SignaturePad()
        self.fixed.add_widget(pad)  # outside the scroll view: a stroke is never a scroll
        warning = self.add_text("ui.witness.sign_first", role="alert")
        warning.opacity = 0

        def sign() -> None:
            if not pad.has_signature:
                warning.opacity = 1
                return
            self.act("witness_sign_declaration", pad.to_png())

        self.add_action("ui.common.back", lambda: self.act("back"), kind="secondary")
        self.add_action("ui.witness.clear", pad.clear, kind="secondary")
        self.add_action("ui.witness.sign", sign)

    def _nemid_signing(self, witness: Any) -> None:
        """R7b: NemID number, password, then the code beside the key on the code card."""
        self.title("ui.witness.nemid_title")
        if self._field == 0:
            # R7: the witness signs the solemn declaration with NemID, so they read it first.
            self.add_plain(witness.declaration_text, personal=True)
        name = NEMID_FIELDS[self._field]
        if name == "number":
            entry = NumberEntry(self.tr("ui.witness.nemid_number"), length=9)
        elif name == "password":
            entry = PasswordEntry(self.tr("ui.witness.nemid_password"))
        else:
            self.add_text("ui.witness.nemid_key", role="title", key=witness.card_key)
            entry = NumberEntry(self.tr("ui.witness.nemid_code"), length=6, visible=0)
        self.add_entry(entry)

        def next_field() -> None:
            if not entry.complete:
                return
            self._nemid[name] = entry.value
            if self._field < len(NEMID_FIELDS) - 1:
                self._field += 1
                self.refresh(self._view)
                return
            values = self._nemid
            self._nemid, self._field = {}, 0
            self.act("witness_sign_nemid", values["number"], values["password"], values["code"])

        last = self._field == len(NEMID_FIELDS) - 1
        self.add_action("ui.common.back", lambda: self.act("back"), kind="secondary")
        self.add_action("ui.witness.sign" if last else "ui.common.continue", next_field)
