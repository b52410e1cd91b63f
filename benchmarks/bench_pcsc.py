"""PC/SC stack speed: one APDU round trip and a whole staff-card login, through real pcscd + vpcd.

The round trip is GET DATA of the test card's known answer (SELECT once, then the timed
exchanges); the login is ``PcscStaffCardReader.authenticate`` (SELECT, four GET DATA, VERIFY,
INTERNAL AUTHENTICATE and the certificate and signature checks), also in-process for the
share of the transport. Budgets: 20 ms per APDU, 500 ms per login. Without pcscd (not root and
none running) only the in-process figure is produced.
"""

from __future__ import annotations

import sys

from benchmarks.figures import Figure, median_ms, p99_ms, timed_runs
from drivers.iso7816.apdu import select_aid
from drivers.iso7816.transport import exchange
from drivers.sim.cards.inprocess_reader import InProcessCardReader
from drivers.sim.cards.staff_card import DEFAULT_STAFF_AID, DEMO_STAFF, demo_staff_card
from drivers.sim.cards.staff_pki import StaffCardPki
from drivers.sim.cards.test_card import TEST_CARD_AID, TestCard, known_answer_command
from drivers.staff_card.reader import CardLink, PcscStaffCardReader
from kiosk.clock import SystemClock
from kiosk.errors import DeviceError

APDU_BUDGET_MS = 20.0
LOGIN_BUDGET_MS = 500.0
APDU_REPEATS, QUICK_APDU_REPEATS = 500, 20
LOGIN_REPEATS, QUICK_LOGIN_REPEATS = 30, 2


def _login_figure(label: str, link: CardLink, pki: StaffCardPki, repeat: int) -> Figure:
    reader = PcscStaffCardReader(link, [pki.ca_certificate], DEFAULT_STAFF_AID, SystemClock())
    durations = timed_runs(lambda: reader.authenticate(DEMO_STAFF[3]), repeat)
    detail = f"p99 {p99_ms(durations):.3g} ms over {repeat}"
    return Figure(f"staff-card login, {label}", median_ms(durations), "ms", LOGIN_BUDGET_MS, detail)


def _through_pcscd(pki: StaffCardPki, quick: bool) -> list[Figure]:
    from drivers.pcsc.reader import PcscCardReader
    from drivers.sim.cards.card_slot import emulated_card

    apdu_repeat = QUICK_APDU_REPEATS if quick else APDU_REPEATS
    login_repeat = QUICK_LOGIN_REPEATS if quick else LOGIN_REPEATS
    command = known_answer_command()
    try:
        with emulated_card(TestCard()) as inserted, PcscCardReader(inserted.reader_name) as card:
            exchange(card, select_aid(TEST_CARD_AID))
            durations = timed_runs(lambda: exchange(card, command), apdu_repeat)
            card.disconnect()
        apdu = Figure(
            "APDU round trip, pcscd + vpcd",
            median_ms(durations),
            "ms",
            APDU_BUDGET_MS,
            f"p99 {p99_ms(durations):.3g} ms over {apdu_repeat}",
        )
        with (
            emulated_card(demo_staff_card(pki)) as inserted,
            PcscCardReader(inserted.reader_name) as card,
        ):
            login = _login_figure("pcscd + vpcd", card, pki, login_repeat)
    except DeviceError as exc:
        print(f"bench_pcsc: no pcscd here, skipped: {exc}", file=sys.stderr)
        return []
    return [apdu, login]


def measure(quick: bool = False) -> list[Figure]:
    pki = StaffCardPki()
    repeat = QUICK_LOGIN_REPEATS if quick else LOGIN_REPEATS
    figures = [_login_figure("in-process", InProcessCardReader(demo_staff_card(pki)), pki, repeat)]
    return figures + _through_pcscd(pki, quick)


def main() -> int:
    figures = measure()
    for figure in figures:
        print(figure.row())
    return 1 if any(figure.within_budget is False for figure in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
