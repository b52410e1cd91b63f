"""Passport-chip read speed (budget 1 s) and APDU economy per chip kind: BAC or PACE, EF.COM,
DG1, a 20 KB DG2 face, EF.SOD and passive authentication against the ePassport emulator.

Each chip kind (:data:`drivers.sim.cards.epassport_chips.CHIP_KINDS`: BAC with AA announcing
extended length, BAC refusing it with 6988 or 6700, PACE-only, PACE with ECDH or DH chip
authentication) is read in process and through real pcscd and vpcd (when pcscd can run here:
root or already running). The reader decides the APDU length itself, as in the field: extended
when the chip announces it, short (0xDF-byte chunks) otherwise. Figures per kind: read time,
APDU count, bytes read, and DG2's READ BINARY count against the goal of issue 13,
1.2 x ceil(DG2 bytes / 223). ``python -m benchmarks.bench_chip`` prints the figures;
``python -m benchmarks`` includes them in the one table.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from datetime import UTC, datetime

from benchmarks.figures import Figure, median_ms, timed_runs
from drivers.emrtd.bac import mrz_information_from_lines
from drivers.emrtd.lds.files import DG2
from drivers.emrtd.pki import TestPki, make_test_pki
from drivers.emrtd.reader import ChipDocument, read_document
from drivers.emrtd.trust_store import TrustStore
from drivers.iso7816.transport import ApduTransport
from drivers.sim.cards.epassport_card import (
    SHORT_ONLY,
    DirectTransport,
    EPassportCard,
)
from drivers.sim.cards.epassport_chips import SPECIMEN_MRZ, kind_card
from kiosk.errors import DeviceError

READ_BUDGET_MS = 1000.0
SHORT_BLOCK = 0xDF
READ_BINARY_SLACK = 1.2
REPEATS, QUICK_REPEATS = 20, 2
PCSC_REPEATS, QUICK_PCSC_REPEATS = 10, 1
# Chip kinds of drivers.sim.cards.epassport_chips, plus one refusing extended length with 6700.
KINDS = ("bac-aa", "bac-short", "bac-short-6700", "pace", "pace-ca", "pace-ca-dh")
PCSC_KINDS = ("bac-aa", "bac-short", "pace", "pace-ca")
Read = Callable[[ApduTransport, bytes], ChipDocument]


def _reader(info: str, trust: TrustStore, now: datetime) -> Read:
    def read(transport: ApduTransport, atr: bytes) -> ChipDocument:
        document = read_document(transport, info, trust, now, atr=atr)
        if document.passive_verdict != "valid":
            raise RuntimeError(f"benchmark chip failed PA: {document.passive_verdict}")
        return document

    return read


def _figures(label: str, durations: list[float], document: ChipDocument) -> list[Figure]:
    stats = document.stats
    detail = f"{stats.apdu_count} APDUs, {stats.bytes_sent} B sent, {stats.bytes_received} B read"
    dg2 = len(document.files[DG2.number])
    goal = READ_BINARY_SLACK * math.ceil(dg2 / SHORT_BLOCK)
    return [
        Figure(f"chip read, {label}", median_ms(durations), "ms", READ_BUDGET_MS, detail),
        Figure(f"chip read APDUs, {label}", stats.apdu_count, "APDUs"),
        Figure(f"chip read bytes, {label}", stats.bytes_received, "B"),
        Figure(
            f"DG2 READ BINARY, {label}",
            stats.read_binaries(DG2.file_id),
            "APDUs",
            goal,
            f"DG2 {dg2} B, extended {stats.extended_length}",
        ),
    ]


def _timed(label: str, action: Callable[[], ChipDocument], repeat: int) -> list[Figure]:
    last: list[ChipDocument] = []
    durations = timed_runs(lambda: last.append(action()), repeat)
    return _figures(label, durations, last[-1])


def _through_pcscd(card: EPassportCard, label: str, read: Read, repeat: int) -> list[Figure]:
    from drivers.pcsc.reader import PcscCardReader
    from drivers.sim.cards.card_slot import emulated_card

    try:
        with emulated_card(card) as inserted, PcscCardReader.from_url(inserted.url) as reader:
            figures = _timed(label, lambda: read(reader, reader.atr), repeat)
            reader.disconnect()
    except DeviceError as exc:
        print(f"bench_chip: no pcscd here, skipped: {exc}", file=sys.stderr)
        return []
    return figures


def _card(kind: str, pki: TestPki, made_cards: dict[str, EPassportCard]) -> EPassportCard:
    """A fresh card of ``kind`` (the chip image made once per kind: keys take time)."""
    if kind not in made_cards:
        made_cards[kind] = kind_card(kind.removesuffix("-6700"), SPECIMEN_MRZ, pki)
    made = made_cards[kind]
    length = SHORT_ONLY if kind.endswith("-6700") else made.length
    info = mrz_information_from_lines(SPECIMEN_MRZ)
    return EPassportCard(made.image, info, access=made.access, length=length)


def measure(quick: bool = False) -> list[Figure]:
    now = datetime.now(UTC)
    pki = make_test_pki(now)
    trust = TrustStore.of([pki.csca_certificate])
    info = mrz_information_from_lines(SPECIMEN_MRZ)
    read = _reader(info, trust, now)
    made_cards: dict[str, EPassportCard] = {}
    figures: list[Figure] = []
    for kind in KINDS:

        def in_process(kind: str = kind) -> ChipDocument:
            card = _card(kind, pki, made_cards)
            return read(DirectTransport(card), card.atr)

        figures += _timed(f"in-process, {kind}", in_process, QUICK_REPEATS if quick else REPEATS)
    for kind in PCSC_KINDS:
        repeat = QUICK_PCSC_REPEATS if quick else PCSC_REPEATS
        card = _card(kind, pki, made_cards)
        figures += _through_pcscd(card, f"pcscd + vpcd, {kind}", read, repeat)
    return figures


def main() -> int:
    figures = measure()
    for figure in figures:
        print(figure.row())
    return 1 if any(figure.within_budget is False for figure in figures) else 0


if __name__ == "__main__":
    sys.exit(main())
