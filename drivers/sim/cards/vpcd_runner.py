"""Runs a :class:`VirtualCard` in a vsmartcard ``vpcd`` slot of pcscd: an emulated card's transport.

pcscd's ``vpcd`` driver listens on TCP (port 35963 for slot 0, 35964 for slot 1); an emulated
card connects to it as a client, which is the card being inserted, and closing the connection is
the card being pulled; the framing is in :mod:`drivers.sim.cards.vpcd_protocol`. A card (see
:mod:`drivers.sim.cards.virtual_card`) is handed to :class:`VpcdCardRunner`, which runs it on a
thread in pytest or in a process via ``python -m drivers.sim.cards.vpcd``. Faults are armed on
the runner.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
from dataclasses import dataclass
from enum import Enum

from drivers.sim.cards.virtual_card import VirtualCard
from drivers.sim.cards.vpcd_protocol import (
    CONTROL_PAYLOAD_BYTES,
    MAX_PAYLOAD,
    Control,
    FrameDecoder,
    encode_message,
)

LOG = logging.getLogger(__name__)

VPCD_HOST = "127.0.0.1"
VPCD_PORT_SLOT0 = 35963
VPCD_PORT_SLOT1 = 35964
# What a NONSENSE fault answers: one byte, too short to hold a status word.
NONSENSE_RESPONSE = b"\x42"
CONNECT_RETRY_SECONDS = 0.05
CONNECT_TIMEOUT_SECONDS = 1.0


class Fault(Enum):
    """Faults armed on a runner, triggered by the next APDU once ``after_apdus`` have passed."""

    NONE = "none"
    PULL = "pull"  # drop the connection instead of answering: the card pulled mid-APDU
    NONSENSE = "nonsense"  # answer every APDU with a byte that is not a response APDU


@dataclass
class _ArmedFault:
    fault: Fault = Fault.NONE
    after_apdus: int = 0


class VpcdCardRunner:
    """Keeps one VirtualCard inserted in one vpcd slot, on a daemon thread, until stopped.

    ``start()`` inserts the card (connecting as soon as pcscd listens), ``remove()`` and
    ``insert()`` pull and re-insert it, ``arm_fault()`` plans a fault, ``stop()`` ends the
    thread. Use it as a context manager. Close PC/SC connections before stopping it.
    """

    def __init__(self, card: VirtualCard, port: int = VPCD_PORT_SLOT0, host: str = VPCD_HOST):
        self.card = card
        self.port = port
        self.host = host
        self.apdu_count = 0
        self._lock = threading.Lock()
        self._wake = threading.Condition(self._lock)
        self._inserted = False
        self._stopping = False
        self._sock: socket.socket | None = None
        self._fault = _ArmedFault()
        self._thread: threading.Thread | None = None
        self.connected = threading.Event()

    def __enter__(self) -> VpcdCardRunner:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self, inserted: bool = True) -> None:
        self._inserted = inserted
        self._thread = threading.Thread(
            target=self._run, name=f"vpcd-card-{self.port}", daemon=True
        )
        self._thread.start()

    def insert(self) -> None:
        with self._wake:
            self._inserted = True
            self._wake.notify_all()

    def remove(self) -> None:
        with self._wake:
            self._inserted = False
            self._drop_connection()
            self._wake.notify_all()

    @property
    def inserted(self) -> bool:
        return self._inserted

    def arm_fault(self, fault: Fault, after_apdus: int = 0) -> None:
        """Trigger ``fault`` on the APDU that follows the next ``after_apdus`` answered ones."""
        with self._lock:
            self._fault = _ArmedFault(fault, after_apdus)

    def stop(self) -> None:
        with self._wake:
            self._stopping = True
            self._inserted = False
            self._drop_connection()
            self._wake.notify_all()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def _drop_connection(self) -> None:
        if self._sock is not None:
            with contextlib.suppress(OSError):  # vpcd may have closed it already
                self._sock.shutdown(socket.SHUT_RDWR)
        self.connected.clear()

    def _run(self) -> None:
        while True:
            with self._wake:
                while not self._inserted and not self._stopping:
                    self._wake.wait()
                if self._stopping:
                    return
            sock = self._connect()
            if sock is None:
                with self._wake:
                    self._wake.wait(CONNECT_RETRY_SECONDS)
                continue
            try:
                self._serve(sock)
            finally:
                with self._lock:
                    self._sock = None
                    self.connected.clear()
                sock.close()
                self.card.power_off()

    def _connect(self) -> socket.socket | None:
        try:
            sock = socket.create_connection((self.host, self.port), CONNECT_TIMEOUT_SECONDS)
        except OSError:
            return None  # pcscd not (yet) listening on this slot
        sock.settimeout(None)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        with self._lock:
            if not self._inserted:
                sock.close()
                return None
            self._sock = sock
            self.connected.set()
        LOG.debug("card inserted in vpcd slot on port %d", self.port)
        return sock

    def _serve(self, sock: socket.socket) -> None:
        decoder = FrameDecoder()
        while True:
            try:
                # vpcd writes the length and the payload separately; without a quick ACK its
                # Nagle algorithm holds the payload for our delayed ACK (~40 ms per APDU).
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_QUICKACK, 1)
                chunk = sock.recv(MAX_PAYLOAD)
            except OSError:
                return
            if not chunk:
                return
            for payload in decoder.feed(chunk):
                try:
                    answer = self._answer(payload)
                except _CardPulled:
                    return
                if answer is None:
                    continue
                try:
                    sock.sendall(encode_message(answer))
                except OSError:
                    return

    def _answer(self, payload: bytes) -> bytes | None:
        if len(payload) == CONTROL_PAYLOAD_BYTES:
            return self._control(payload[0])
        with self._lock:
            fault = self._fault
            if fault.fault is not Fault.NONE and fault.after_apdus > 0:
                fault.after_apdus -= 1
                fault = _ArmedFault()
        if fault.fault is Fault.PULL:
            with self._lock:
                self._fault = _ArmedFault()
                self._inserted = False
            LOG.debug("fault: card pulled mid-APDU on port %d", self.port)
            raise _CardPulled
        if fault.fault is Fault.NONSENSE:
            return NONSENSE_RESPONSE
        self.apdu_count += 1
        return self.card.process_apdu(payload)

    def _control(self, code: int) -> bytes | None:
        if code == Control.GET_ATR:
            return self.card.atr
        if code == Control.POWER_ON:
            self.card.power_on()
        elif code == Control.POWER_OFF:
            self.card.power_off()
        elif code == Control.RESET:
            self.card.reset()
        else:
            LOG.warning("unknown vpcd control message %#04x", code)
        return None


class _CardPulled(Exception):
    """Raised inside the runner thread when a PULL fault ends the connection mid-APDU."""
