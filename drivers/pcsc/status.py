"""Waiting on pcscd: reader lists and card presence through SCardGetStatusChange, never sleeps.

pcscd reports every change of a reader (card in, card out, reader added) to a blocked
``SCardGetStatusChange`` call, so tests and the simulators wait for exactly the event they need,
up to a deadline. PC/SC result codes are translated into :mod:`kiosk.errors` here and in
:mod:`drivers.pcsc.reader`, the only modules that import pyscard.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from smartcard import scard

from kiosk.errors import DeviceTimeout, DeviceUnavailable

PNP_NOTIFICATION = "\\\\?PnP?\\Notification"
WAIT_SLICE_MS = 500
# Results that mean pcscd itself is not there (not started, stopped, or its socket is gone).
NO_SERVICE_RESULTS = frozenset({scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED})
NO_READER_RESULTS = frozenset(
    {
        scard.SCARD_E_UNKNOWN_READER,
        scard.SCARD_E_READER_UNAVAILABLE,
        scard.SCARD_E_NO_READERS_AVAILABLE,
    }
)


def error_text(result: int) -> str:
    return f"{scard.SCardGetErrorMessage(result).strip()} ({result & 0xFFFFFFFF:#010x})"


@contextmanager
def pcsc_context() -> Iterator[int]:
    """An established PC/SC context, released on exit. Raises DeviceUnavailable without pcscd."""
    result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if result != scard.SCARD_S_SUCCESS:
        raise DeviceUnavailable(f"pcscd is not reachable: {error_text(result)}")
    try:
        yield context
    finally:
        scard.SCardReleaseContext(context)


def list_readers(context: int | None = None) -> list[str]:
    """Names of the readers pcscd knows now (empty when none). Raises DeviceUnavailable."""
    if context is None:
        with pcsc_context() as own:
            return list_readers(own)
    result, names = scard.SCardListReaders(context, [])
    if result in NO_READER_RESULTS:
        return []
    if result != scard.SCARD_S_SUCCESS:
        raise DeviceUnavailable(f"cannot list readers: {error_text(result)}")
    return list(names)


def wait_for_readers(names: list[str] | None = None, timeout: float = 10.0) -> list[str]:
    """Block until every reader in ``names`` (or, with None, any reader) is listed.

    Returns the reader list. Raises DeviceTimeout after ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    with pcsc_context() as context:
        state = scard.SCARD_STATE_UNAWARE
        while True:
            readers = list_readers(context)
            if (names is None and readers) or (names is not None and set(names) <= set(readers)):
                return readers
            remaining_ms = int((deadline - time.monotonic()) * 1000)
            if remaining_ms <= 0:
                raise DeviceTimeout(f"readers {names or 'any'} not listed; pcscd has {readers}")
            result, states = scard.SCardGetStatusChange(
                context, min(remaining_ms, WAIT_SLICE_MS), [(PNP_NOTIFICATION, state)]
            )
            if result == scard.SCARD_S_SUCCESS:
                state = states[0][1] & ~scard.SCARD_STATE_CHANGED
            elif result in NO_SERVICE_RESULTS:
                raise DeviceUnavailable(f"pcscd went away: {error_text(result)}")


def reader_state(context: int, reader: str) -> int:
    """The current SCARD_STATE_* bits of ``reader``. Raises DeviceUnavailable for no reader."""
    result, states = scard.SCardGetStatusChange(context, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
    if result in NO_SERVICE_RESULTS:
        raise DeviceUnavailable(f"pcscd went away: {error_text(result)}")
    if result in NO_READER_RESULTS or states[0][1] & (
        scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE
    ):
        raise DeviceUnavailable(f"no reader named {reader!r}")
    return states[0][1]


def wait_for_card_state(
    context: int, reader: str, present: bool, timeout: float
) -> tuple[bool, bytes]:
    """Block until a card is in (``present``) or out of ``reader``, or ``timeout`` seconds.

    Returns (reached, atr): whether the state was reached, and the ATR when a card is present.
    Raises DeviceUnavailable when the reader or pcscd disappears while waiting.
    """
    deadline = time.monotonic() + timeout
    state = reader_state(context, reader)
    atr: bytes = b""
    while bool(state & scard.SCARD_STATE_PRESENT) != present:
        remaining_ms = int((deadline - time.monotonic()) * 1000)
        if remaining_ms <= 0:
            return False, b""
        result, states = scard.SCardGetStatusChange(
            context, min(remaining_ms, WAIT_SLICE_MS), [(reader, state)]
        )
        if result in NO_SERVICE_RESULTS:
            raise DeviceUnavailable(f"pcscd went away: {error_text(result)}")
        if result in NO_READER_RESULTS:
            raise DeviceUnavailable(f"reader {reader!r} was removed")
        if result == scard.SCARD_S_SUCCESS:
            state = states[0][1] & ~scard.SCARD_STATE_CHANGED
            atr = bytes(states[0][2])
            if state & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
                raise DeviceUnavailable(f"reader {reader!r} was removed")
    if present and not atr:
        _, states = scard.SCardGetStatusChange(context, 0, [(reader, scard.SCARD_STATE_UNAWARE)])
        atr = bytes(states[0][2])
    return True, atr


def wait_for_card(reader: str, present: bool = True, timeout: float = 5.0) -> bool:
    """Own-context form of :func:`wait_for_card_state`: True once the state is reached."""
    with pcsc_context() as context:
        reached, _ = wait_for_card_state(context, reader, present, timeout)
        return reached
