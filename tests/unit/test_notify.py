"""sd_notify messages reach a real datagram socket, and nothing is sent outside systemd."""

from __future__ import annotations

import socket
from pathlib import Path

from app.notify import SystemdNotifier


def listening_socket(path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(path))
    sock.settimeout(2)
    return sock


def test_ready_and_watchdog_reach_the_notify_socket(tmp_path: Path) -> None:
    path = tmp_path / "notify.sock"
    with listening_socket(path) as sock:
        notifier = SystemdNotifier({"NOTIFY_SOCKET": str(path), "WATCHDOG_USEC": "4000000"})
        notifier.ready("first screen drawn")
        notifier.watchdog()
        assert sock.recv(256) == b"READY=1\nSTATUS=first screen drawn"
        assert sock.recv(256) == b"WATCHDOG=1"
        assert notifier.watchdog_seconds == 2.0
        notifier.close()


def test_abstract_namespace_socket() -> None:
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(b"\0nemid-kiosk-test-notify")
        sock.settimeout(2)
        notifier = SystemdNotifier({"NOTIFY_SOCKET": "@nemid-kiosk-test-notify"})
        notifier.stopping()
        assert sock.recv(64) == b"STOPPING=1"
        notifier.close()


def test_without_systemd_nothing_is_sent() -> None:
    notifier = SystemdNotifier({})
    notifier.ready()
    assert not notifier.enabled
    assert notifier.watchdog_seconds == 0.0


def test_watchdog_meant_for_another_process_is_ignored() -> None:
    notifier = SystemdNotifier({"WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "1"})
    assert notifier.watchdog_seconds == 0.0
