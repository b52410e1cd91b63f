"""Staff admin mode with the staff-card emulator in a vpcd slot of the real pcscd: the card is
inserted and removed as in a reader, the PIN is checked on the card through PC/SC."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from drivers.sim.cards.card_slot import InsertedCard
from drivers.sim.cards.staff_card import demo_staff_card
from drivers.sim.cards.staff_pki import StaffCardPki
from drivers.staff_card.reader import PcscStaffCardReader
from tests.integration.conftest import insert_card, pcscd  # noqa: F401 - fixtures
from tests.ui.conftest import Kiosk
from tests.ui.staff_fixtures import Staff, plug_in, unplug

pytestmark = [pytest.mark.ui, pytest.mark.pcsc]


def test_staff_card_through_pcscd_opens_admin_mode_and_removal_leaves_it(
    kiosk: Kiosk,
    insert_card: Callable[..., InsertedCard],  # noqa: F811
) -> None:
    pki = StaffCardPki()
    inserted = insert_card(demo_staff_card(pki), inserted=False)
    reader = PcscStaffCardReader.from_url(
        inserted.url, kiosk.rig.app.config, [pki.ca_certificate], kiosk.clock
    )
    plug = plug_in(kiosk, reader)
    try:
        staff = Staff(kiosk, plug.mode, plug.admin, pki)
        inserted.insert()
        staff.on("staff_login")
        staff.type_pin("0000")
        staff.see("ui.staff.login.tries_left", tries=4)  # counted on the card, over PC/SC
        staff.type_pin("1234")
        staff.on("staff_menu")
        staff.see("ui.staff.menu.title", name="Mette Testesen", staff_id="S1001")
        inserted.remove()
        staff.on("welcome")
        assert staff.audit_events("staff.logout")[-1]["reason"] == "card_removed"
    finally:
        unplug(plug)
        reader.close()
