"""Self-test of a smart-card reader (card or chip reader): reader list and the inserted card.

pcscd must answer and list the configured reader; when a card is in it, its ATR is read. With
``sim://`` the caller's diagnostic test card runs in a reader (a vpcd slot of the shared pcscd,
started when none runs) and must answer its known-answer APDU byte for byte. A reader whose
card another process holds exclusively answers ``SCARD_E_SHARING_VIOLATION``: ``in_use``.
"""

from __future__ import annotations

import contextlib

from drivers.diagnostics.outcome import DeviceInUse, DiagContext, Outcome, SelfTestUnavailable
from drivers.iso7816.apdu import select_aid
from drivers.iso7816.transport import exchange
from drivers.pcsc.reader import PcscCardReader
from drivers.pcsc.status import list_readers
from drivers.urls import DeviceUrl
from kiosk.errors import DeviceError, DeviceUnavailable, ReadError

SHARING_VIOLATION = "Sharing violation"  # pcsc-lite's text for SCARD_E_SHARING_VIOLATION


def self_test(url: DeviceUrl, context: DiagContext, device: str = "card_reader") -> Outcome:
    if url.is_sim:
        return _simulated(context, device)
    with PcscCardReader(url.location, device=device) as reader:
        readers = list_readers()
        facts: dict[str, object] = {"reader": reader.reader_name, "readers": readers}
        if not reader.card_present():
            return Outcome(f"reader {reader.reader_name!r} present; no card inserted", facts)
        try:
            atr = reader.connect()
        except DeviceError as exc:
            if SHARING_VIOLATION in exc.detail:
                raise DeviceInUse(f"{reader.reader_name!r} is held by another process") from exc
            raise
        facts["atr"] = atr.hex(" ").upper()
        return Outcome(f"reader {reader.reader_name!r}; card ATR {facts['atr']}", facts)


def _simulated(context: DiagContext, device: str) -> Outcome:
    simulators = context.require_simulators()
    with contextlib.ExitStack() as stack:
        try:
            inserted = stack.enter_context(simulators.test_card())
        except DeviceUnavailable as exc:
            raise SelfTestUnavailable(f"cannot run the emulated test card: {exc.detail}") from exc
        with PcscCardReader(inserted.reader_name, device=device) as reader:
            atr = reader.connect()
            selected = exchange(reader, select_aid(inserted.aid))
            if not selected.ok:
                raise ReadError(f"test card refused SELECT with status {selected.sw:04X}")
            answer = exchange(reader, inserted.command)
            if answer.data != inserted.answer:
                raise ReadError(f"test card answered {answer.data.hex()}, not the known answer")
    return Outcome(
        f"vpcd test card in {inserted.reader_name!r}: ATR and known-answer APDU ok",
        {"reader": inserted.reader_name, "atr": atr.hex(" ").upper()},
    )
