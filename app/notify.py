"""The systemd notification protocol (sd_notify): READY, WATCHDOG, STATUS and STOPPING.

A datagram to the socket named by ``$NOTIFY_SOCKET`` (a path, or ``@name`` for the abstract
namespace). Without that variable every call is a no-op, so the kiosk runs the same outside
systemd. The watchdog interval is half of ``$WATCHDOG_USEC``, as sd_watchdog_enabled(3) advises.
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Mapping

READY = "READY=1"
WATCHDOG = "WATCHDOG=1"
STOPPING = "STOPPING=1"
MICROSECONDS = 1_000_000


class SystemdNotifier:
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        env = os.environ if environ is None else environ
        self._address = _socket_address(env.get("NOTIFY_SOCKET", ""))
        watchdog_usec = env.get("WATCHDOG_USEC", "")
        watchdog_pid = env.get("WATCHDOG_PID", "")
        for_us = not watchdog_pid or watchdog_pid == str(os.getpid())
        self.watchdog_seconds = (
            int(watchdog_usec) / MICROSECONDS / 2 if watchdog_usec.isdigit() and for_us else 0.0
        )
        self._socket: socket.socket | None = None

    @property
    def enabled(self) -> bool:
        return self._address is not None

    def ready(self, status: str = "") -> None:
        self._send(READY, f"STATUS={status}" if status else "")

    def watchdog(self) -> None:
        self._send(WATCHDOG)

    def status(self, text: str) -> None:
        self._send(f"STATUS={text}")

    def stopping(self) -> None:
        self._send(STOPPING)

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def _send(self, *fields: str) -> None:
        if self._address is None:
            return
        if self._socket is None:
            self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)
        message = "\n".join(field for field in fields if field).encode()
        # systemd gone or restarting: the kiosk keeps running; the watchdog will tell.
        with contextlib.suppress(OSError):
            self._socket.sendto(message, self._address)


def _socket_address(value: str) -> str | bytes | None:
    if not value:
        return None
    if value.startswith("@"):
        return b"\0" + value[1:].encode()
    return value
