"""Staff mode on the UI tests' kiosk: the admin services on the test's own core, a staff-card
reader, and helpers that act as staff do (insert the card, type the PIN, tap by text).

The ``staff`` fixture plugs a :class:`screens.staff.mode.StaffMode` into the shared window's
KioskApp for one test and unplugs it after. Its reader is the in-process reader holding the
emulated staff card (the same PcscStaffCardReader as over pcscd); ``tests/ui/test_staff_pcsc.py``
runs the card through the real pcscd and vpcd instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from drivers.sim.cards.inprocess_reader import InProcessCardReader
from drivers.sim.cards.staff_card import DEFAULT_STAFF_AID, StaffCard, demo_staff_card
from drivers.sim.cards.staff_pki import StaffCardPki
from drivers.staff_card.reader import PcscStaffCardReader
from kiosk.admin.build import Admin, build_admin
from screens import ui_driver as ui
from screens.finger import Finger
from screens.staff.corner import LONG_PRESS_SECONDS, CornerPress
from screens.staff.mode import StaffMode
from screens.ui_thread import post_to_ui
from tests.ui.conftest import Kiosk

WAIT_SECONDS = 10.0
TICK_WAIT = 1.3  # one tick of the staff mode (1 s) and the result posted back


@dataclass
class Staff:
    kiosk: Kiosk
    mode: StaffMode
    admin: Admin
    pki: StaffCardPki
    slot: InProcessCardReader | None = None

    @property
    def app(self) -> Any:
        return self.kiosk.app

    def tr(self, key: str, **values: object) -> str:
        return str(self.app.tr(key, **values))

    def tap(self, key: str, **values: object) -> None:
        """Tap the button once it is on screen (as staff wait for a page to appear)."""
        text = self.tr(key, **values)
        ui.wait_for(lambda: has_button(text), f"a button {text!r}")  # laid out by then
        ui.tap_text(text)

    def see(self, key: str, **values: object) -> None:
        text = self.tr(key, **values)
        ui.wait_for(lambda: any(text in shown for shown in ui.screen_texts()), repr(text))

    def on(self, screen: str) -> None:
        """Wait for ``screen``; no text on it may be clipped."""
        ui.wait_for(lambda: self.app.manager.current == screen, f"the {screen} screen")
        assert ui.clipped() == [], f"{screen}: clipped text {ui.clipped()}"

    def insert(self, card: StaffCard | None = None) -> StaffCard:
        assert self.slot is not None
        card = card or demo_staff_card(self.pki)
        self.slot.insert(card)
        self.on("staff_login")
        return card

    def remove_card(self) -> None:
        """Pull the card, and wait until the kiosk has noticed (as a hand would be slower)."""
        assert self.slot is not None
        self.slot.remove()
        ui.wait_for(lambda: not self.mode.card_seen, "the kiosk to see the card gone")

    def type_pin(self, pin: str) -> None:
        ui.type_digits(pin)
        self.tap("ui.staff.login.ok")

    def log_in(self, pin: str = "1234") -> None:
        self.insert()
        self.type_pin(pin)
        self.on("staff_menu")

    def long_press_corner(self) -> None:
        corner = next(w for w in ui.widgets() if isinstance(w, CornerPress))
        x, y = corner.to_window(*corner.center)
        finger = Finger(x, y)
        finger.press()
        ui.pump(LONG_PRESS_SECONDS + 0.1)
        finger.lift()
        ui.settle()

    def idle(self, seconds: float) -> None:
        self.kiosk.clock.advance(seconds)
        ui.pump(TICK_WAIT)

    def audit_events(self, prefix: str) -> list[dict[str, Any]]:
        return [
            {"event": e.event, **e.data}
            for e in self.admin.core.kiosk.audit.entries()
            if e.event.startswith(prefix)
        ]


@dataclass
class Plug:
    """Staff mode plugged into the shared app for one test, and how to take it out again."""

    mode: StaffMode
    admin: Admin
    previous: Admin | None = None  # the app's own services, restored after the test


def has_button(text: str) -> bool:
    try:
        ui.find_button(text)
    except ui.UiDriverError:
        return False
    return True


def plug_in(kiosk: Kiosk, reader: Any, core: Any = None) -> Plug:
    """Staff mode on the test's core: the app's own StaffMode when it has one, else a new."""
    admin = build_admin(core or kiosk.rig.app, reader)
    mode = kiosk.app.staff_mode
    if mode is None:
        plug = Plug(StaffMode(admin, post_to_ui).install(kiosk.app), admin)
    else:
        plug = Plug(mode, admin, mode.use_admin(admin))
    ui.pump(0.1)
    return plug


def unplug(plug: Plug) -> None:
    if plug.previous is None:
        plug.mode.uninstall()
    else:
        plug.mode.use_admin(plug.previous)
    plug.admin.close()
    ui.pump(0.05)


@pytest.fixture(name="staff")
def staff_fixture(kiosk: Kiosk) -> Iterator[Staff]:
    pki = StaffCardPki()
    slot = InProcessCardReader(None)
    reader = PcscStaffCardReader(slot, [pki.ca_certificate], DEFAULT_STAFF_AID, kiosk.clock)
    kiosk.rig.app.devices.card_reader = reader  # the kiosk's card reader holds staff cards
    plug = plug_in(kiosk, reader)
    try:
        yield Staff(kiosk, plug.mode, plug.admin, pki, slot)
    finally:
        unplug(plug)
