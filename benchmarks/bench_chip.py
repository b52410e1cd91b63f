"""Passport-chip read speed (budget 1 s): BAC, EF.COM, DG1, a 20 KB DG2 face, EF.SOD and passive
authentication against the ePassport emulator, with APDU count and bytes.

Four ways: in-process and through real pcscd and vpcd (when pcscd can run here: root or already
running), each with extended-length READ BINARY and with short APDUs only (chunks of 0xDF
bytes). ``python -m benchmarks.bench_chip`` prints the figures; ``python -m benchmarks``
includes them in the one table.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, datetime

from benchmarks.figures import Figure, median_ms, timed_runs
from drivers.emrtd.bac import mrz_information_from_lines
from drivers.emrtd.pki import make_test_pki
from drivers.emrtd.reader import ChipDocument, read_document
from drivers.emrtd.session import ApduTransport
from drivers.emrtd.trust_store import TrustStore
from drivers.sim.cards.epassport_card import DirectTransport
from drivers.sim.cards.epassport_chips import SPECIMEN_MRZ, Chip, make_chip
from kiosk.errors import DeviceError

READ_BUDGET_MS = 1000.0
REPEATS, QUICK_REPEATS = 20, 2
PCSC_REPEATS, QUICK_PCSC_REPEATS = 10, 1
Read = Callable[[ApduTransport], ChipDocument]


def _reader(chip: Chip, trust: TrustStore, now: datetime, extended: bool) -> Read:
    info = mrz_information_from_lines(chip.mrz_lines)

    def read(transport: ApduTransport) -> ChipDocument:
        document = read_document(transport, info, trust, now, extended_length=extended)
        if document.passive_verdict != "valid":
            raise RuntimeError(f"benchmark chip failed PA: {document.passive_verdict}")
        return document

    return read


def _figures(label: str, durations: list[float], document: ChipDocument) -> list[Figure]:
    stats = document.stats
    detail = f"{stats.apdu_count} APDUs, {stats.bytes_sent} B sent, {stats.bytes_received} B read"
    return [
        Figure(f"chip read, {label}", median_ms(durations), "ms", READ_BUDGET_MS, detail),
        Figure(f"chip read APDUs, {label}", stats.apdu_count, "APDUs"),
        Figure(f"chip read bytes, {label}", stats.bytes_received, "B"),
    ]


def _timed(label: str, action: Callable[[], ChipDocument], repeat: int) -> list[Figure]:
    last: list[ChipDocument] = []
    durations = timed_runs(lambda: last.append(action()), repeat)
    return _figures(label, durations, last[-1])


def _through_pcscd(chip: Chip, readers: dict[str, Read], repeat: int) -> list[Figure]:
    from drivers.pcsc.reader import PcscCardReader
    from drivers.sim.cards.card_slot import emulated_card

    figures: list[Figure] = []
    try:
        with emulated_card(chip.card()) as inserted, PcscCardReader.from_url(inserted.url) as card:
            for label, read in readers.items():
                figures += _timed(label, lambda read=read: read(card), repeat)
            card.disconnect()
    except DeviceError as exc:
        print(f"bench_chip: no pcscd here, skipped: {exc}", file=sys.stderr)
        return []
    return figures


def measure(quick: bool = False) -> list[Figure]:
    now = datetime.now(UTC)
    pki = make_test_pki(now)
    trust = TrustStore.of([pki.csca_certificate])
    chip = make_chip(SPECIMEN_MRZ, pki, aa="none")  # BAC, COM, DG1, DG2, SOD, PA
    figures: list[Figure] = []
    for label, extended in (("in-process, extended length", True), ("in-process, short", False)):
        read = _reader(chip, trust, now, extended)
        figures += _timed(
            label,
            lambda read=read: read(DirectTransport(chip.card())),
            QUICK_REPEATS if quick else REPEATS,
        )
    pcsc_readers = {
        "pcscd + vpcd, extended length": _reader(chip, trust, now, True),
        "pcscd + vpcd, short": _reader(chip, trust, now, False),
    }
    figures += _through_pcscd(chip, pcsc_readers, QUICK_PCSC_REPEATS if quick else PCSC_REPEATS)
    return figures


def main() -> int:
    figures = measure()
    for figure in figures:
        print(figure.row())
    return 1 if any(figure.within_budget is False for figure in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
