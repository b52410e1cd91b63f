"""PcscCardMonitor: card insertion and removal events from pcscd, delivered to observers.

One daemon thread blocks in ``SCardGetStatusChange`` on every reader plus the PnP pseudo-reader
(so readers that come and go are seen too) and calls each observer with a :class:`CardEvent`.
Unlike pyscard's CardMonitor singleton (whose stop can wait out a 60 s request), each monitor
has its own context and ``stop()`` wakes the thread with ``SCardCancel``. Observers run on the
monitor thread: keep them short (put the event on a queue, or ``Clock.schedule_once`` in Kivy).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from smartcard import scard

from drivers.pcsc.status import NO_SERVICE_RESULTS, PNP_NOTIFICATION, error_text, list_readers
from kiosk.errors import DeviceUnavailable

LOG = logging.getLogger(__name__)
# SCardCancel is lost when it lands just before the wait starts, so waits are sliced: stop()
# takes effect at the latest one slice later.
WAIT_SLICE_MS = 250
GONE_STATES = scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE


class CardEventKind(StrEnum):
    INSERTED = "inserted"
    REMOVED = "removed"
    READER_ADDED = "reader_added"
    READER_REMOVED = "reader_removed"
    SERVICE_LOST = "service_lost"  # pcscd went away; the monitor stops


@dataclass(frozen=True)
class CardEvent:
    kind: CardEventKind
    reader: str
    atr: bytes = b""


CardObserver = Callable[[CardEvent], None]


class PcscCardMonitor:
    """Watches readers (all, or those whose name starts with ``reader_prefix``) for card events.

    ``start()`` reports the cards already present as INSERTED events, then every change.
    """

    def __init__(self, reader_prefix: str = "") -> None:
        self.reader_prefix = reader_prefix
        self._observers: list[CardObserver] = []
        self._lock = threading.Lock()
        self._context: int | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    def add_observer(self, observer: CardObserver) -> None:
        with self._lock:
            self._observers.append(observer)

    def remove_observer(self, observer: CardObserver) -> None:
        with self._lock:
            self._observers.remove(observer)

    def __enter__(self) -> PcscCardMonitor:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        """Open a PC/SC context and start the thread. Raises DeviceUnavailable without pcscd."""
        result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if result != scard.SCARD_S_SUCCESS:
            raise DeviceUnavailable(f"pcscd is not reachable: {error_text(result)}")
        self._context = context
        self._stopping.clear()
        self._thread = threading.Thread(
            target=self._run, args=(context,), name="pcsc-card-monitor", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Wake the thread with SCardCancel, join it, release the context."""
        self._stopping.set()
        if self._context is not None:
            scard.SCardCancel(self._context)
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self._context is not None:
            scard.SCardReleaseContext(self._context)
            self._context = None

    def _watched(self, readers: list[str]) -> list[str]:
        return [name for name in readers if name.startswith(self.reader_prefix)]

    def _notify(self, event: CardEvent) -> None:
        with self._lock:
            observers = list(self._observers)
        for observer in observers:
            try:
                observer(event)
            except Exception:  # one faulty observer must not stop the monitor
                LOG.exception("card observer failed on %s", event)

    def _run(self, context: int) -> None:
        states: dict[str, int] = {}
        pnp_state = scard.SCARD_STATE_UNAWARE
        while not self._stopping.is_set():
            try:
                readers = self._watched(list_readers(context))
            except DeviceUnavailable:
                self._notify(CardEvent(CardEventKind.SERVICE_LOST, ""))
                return
            for gone in [name for name in states if name not in readers]:
                if states.pop(gone) & scard.SCARD_STATE_PRESENT:
                    self._notify(CardEvent(CardEventKind.REMOVED, gone))
                self._notify(CardEvent(CardEventKind.READER_REMOVED, gone))
            for name in readers:
                if name not in states:
                    states[name] = scard.SCARD_STATE_UNAWARE
                    self._notify(CardEvent(CardEventKind.READER_ADDED, name))
            query = [(name, state) for name, state in states.items()]
            query.append((PNP_NOTIFICATION, pnp_state))
            result, answers = scard.SCardGetStatusChange(context, WAIT_SLICE_MS, query)
            if self._stopping.is_set() or result == scard.SCARD_E_CANCELLED:
                return
            if result in NO_SERVICE_RESULTS:
                self._notify(CardEvent(CardEventKind.SERVICE_LOST, ""))
                return
            if result != scard.SCARD_S_SUCCESS:
                continue  # timeout, or a reader vanished between the list and the wait
            for name, new_state, atr in answers:
                new_state &= ~scard.SCARD_STATE_CHANGED
                if name == PNP_NOTIFICATION:
                    pnp_state = new_state
                    continue
                self._compare(name, states[name], new_state, bytes(atr))
                states[name] = new_state

    def _compare(self, name: str, old: int, new: int, atr: bytes) -> None:
        was_in = bool(old & scard.SCARD_STATE_PRESENT)
        is_in = bool(new & scard.SCARD_STATE_PRESENT) and not new & GONE_STATES
        # The high 16 bits count card events: a quick out-and-in still changes them.
        swapped = was_in and is_in and (old >> 16) != (new >> 16) and old & 0xFFFF0000
        if was_in and (not is_in or swapped):
            self._notify(CardEvent(CardEventKind.REMOVED, name))
        if is_in and (not was_in or swapped):
            self._notify(CardEvent(CardEventKind.INSERTED, name, atr))
