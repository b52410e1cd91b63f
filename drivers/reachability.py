"""Is a configured device there at all? A quick, side-effect-free probe per device URL.

Used by ``kiosk config check`` to report unreachable devices before the kiosk starts; the full
self-test of each device is ``kiosk diag``. A probe opens nothing it keeps and prints nothing.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from drivers.urls import DeviceUrl

PROBE_TIMEOUT_SECONDS = 1.0


def unreachable_reason(url: DeviceUrl) -> str | None:
    """Why the device at ``url`` cannot be reached, or None when it can (or is simulated)."""
    if url.is_sim:
        return None
    if url.scheme == "tcp":
        try:
            with socket.create_connection((url.host, url.port), timeout=PROBE_TIMEOUT_SECONDS):
                return None
        except OSError as exc:
            return f"no answer on {url.host}:{url.port} ({exc.strerror or exc})"
    if url.scheme == "serial" or (url.scheme == "camera" and url.camera_index() is None):
        path = Path(url.location)
        if not path.exists():
            return f"{path} does not exist"
        if not os.access(path, os.R_OK):
            return f"{path} is not readable by this user"
        return None
    if url.scheme == "pcsc":
        return _pcsc_reader_missing(url.location)
    return None


def _pcsc_reader_missing(reader_name: str) -> str | None:
    try:
        from smartcard.Exceptions import SmartcardException
        from smartcard.System import readers
    except ImportError:
        return "pyscard is not installed"
    try:
        names = [str(reader) for reader in readers()]
    except SmartcardException as exc:
        return f"pcscd does not answer ({exc})"
    if not names:
        return "pcscd lists no readers"
    if reader_name and not any(name.startswith(reader_name) for name in names):
        return f"no reader named {reader_name!r} (readers: {', '.join(names)})"
    return None
