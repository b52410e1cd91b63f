"""The hosts connected to the simulated printer: a TCP connection or a pseudo-terminal.

Both look the same to the device: ``recv`` (b"" once closed), ``send`` (never raises: a peer
that went away just loses the reply), ``close``, and the per-peer state the ESC/POS protocol
needs (ASB on or off, a half-received real-time command). A pty peer is the simulator's side of
a serial line: the driver opens the pty's slave end as ``serial:///dev/pts/N``.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import threading
import tty

POLL_SECONDS = 0.05
RECV_SIZE = 4096


class SocketPeer:
    """One TCP connection."""

    kind = "tcp"

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.lock = threading.Lock()
        self.asb = False
        self.carry = b""

    def recv(self) -> bytes:
        try:
            return self.sock.recv(RECV_SIZE)
        except OSError:
            return b""

    def send(self, data: bytes) -> None:
        with self.lock, contextlib.suppress(OSError):
            self.sock.sendall(data)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()


class PtyPeer:
    """The master end of a pseudo-terminal; the slave end is held open so reads never hit EIO."""

    kind = "serial"

    def __init__(self) -> None:
        self.master, self._slave = os.openpty()
        tty.setraw(self._slave)  # no line discipline: EOT (0x04) and LF pass as plain bytes
        self.path = os.ttyname(self._slave)
        self.lock = threading.Lock()
        self.asb = False
        self.carry = b""
        self._closed = False
        self._released = False
        self._reader: int | None = None

    def recv(self) -> bytes:
        self._reader = threading.get_ident()
        while not self._closed:
            try:
                ready, _, _ = select.select([self.master], [], [], POLL_SECONDS)
                if ready:
                    return os.read(self.master, RECV_SIZE)
            except OSError:
                break
        self._release()
        return b""

    def send(self, data: bytes) -> None:
        with self.lock, contextlib.suppress(OSError):
            view = memoryview(data)
            while view and not self._released:
                written = os.write(self.master, view)
                view = view[written:]

    def close(self) -> None:
        """Stop; the reading thread releases the fds (within a poll) so none is reused under it."""
        self._closed = True
        if self._reader is None or self._reader == threading.get_ident():
            self._release()

    def _release(self) -> None:
        with self.lock:
            if not self._released:
                self._released = True
                os.close(self.master)
                os.close(self._slave)


Peer = SocketPeer | PtyPeer
