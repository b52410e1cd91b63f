"""Structured logging: to the systemd journal under systemd, else key=value lines on stderr.

Every record passes :class:`PrivacyFilter` first: CPR numbers are masked (DDMMYY-XXXX) in the
message and in every extra field, and fields named like a secret are dropped. Extra fields a
technician filters on become journal fields: ``device`` -> KIOSK_DEVICE, ``state`` ->
KIOSK_STATE, ``error_code`` -> KIOSK_ERROR_CODE (``journalctl KIOSK_DEVICE=printer``).
"""

from __future__ import annotations

import logging
import os
import socket
import struct
import sys
from collections.abc import Mapping

from kiosk.config import LoggingSettings
from kiosk.identity.cpr import mask_cpr

JOURNAL_SOCKET = "/run/systemd/journal/socket"
SYSLOG_IDENTIFIER = "nemid-kiosk"
FILTER_FIELDS = {"device": "KIOSK_DEVICE", "state": "KIOSK_STATE", "error_code": "KIOSK_ERROR_CODE"}
SECRET_FIELD_WORDS = ("password", "code", "pin", "secret", "key")
# syslog priorities (journal PRIORITY=) for Python's levels
PRIORITIES = {
    logging.CRITICAL: 2,
    logging.ERROR: 3,
    logging.WARNING: 4,
    logging.INFO: 6,
    logging.DEBUG: 7,
}
_STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


def configure_logging(settings: LoggingSettings, environ: Mapping[str, str] | None = None) -> None:
    """Route the ``kiosk`` and ``drivers`` loggers to the journal or stderr. Idempotent."""
    env = os.environ if environ is None else environ
    under_systemd = bool(env.get("JOURNAL_STREAM") or env.get("INVOCATION_ID"))
    handler: logging.Handler
    if settings.journal and under_systemd and os.path.exists(JOURNAL_SOCKET):
        handler = JournalHandler()
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(KeyValueFormatter())
    handler.addFilter(PrivacyFilter())
    for name in ("kiosk", "drivers", "screens"):
        logger = logging.getLogger(name)
        logger.handlers = [handler]
        logger.setLevel(settings.level)
        logger.propagate = False


def extra_fields(record: logging.LogRecord) -> dict[str, object]:
    """The ``extra=`` fields of a record."""
    return {k: v for k, v in vars(record).items() if k not in _STANDARD_ATTRIBUTES}


class PrivacyFilter(logging.Filter):
    """Mask CPR numbers and drop secret-named fields before any handler sees the record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = mask_cpr(record.getMessage())
        record.args = None
        for name, value in extra_fields(record).items():
            if name not in FILTER_FIELDS and any(w in name.lower() for w in SECRET_FIELD_WORDS):
                delattr(record, name)
            elif isinstance(value, str):
                setattr(record, name, mask_cpr(value))
        return True


class KeyValueFormatter(logging.Formatter):
    """``2026-11-23T10:00:00 INFO kiosk.journey: message device=printer error_code=paper_out``"""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s", "%Y-%m-%dT%H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = " ".join(f"{k}={v}" for k, v in sorted(extra_fields(record).items()))
        return f"{line} {fields}" if fields else line


class JournalHandler(logging.Handler):
    """The journal's native protocol: one datagram of FIELD=value entries per record."""

    def __init__(self, address: str = JOURNAL_SOCKET) -> None:
        super().__init__()
        self._address = address
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC)

    def emit(self, record: logging.LogRecord) -> None:
        try:
            fields = {
                "MESSAGE": self.format(record),
                "PRIORITY": str(PRIORITIES.get(record.levelno, 6)),
                "SYSLOG_IDENTIFIER": SYSLOG_IDENTIFIER,
                "LOGGER": record.name,
                "CODE_FILE": record.pathname,
                "CODE_LINE": str(record.lineno),
                "CODE_FUNC": record.funcName,
            }
            for name, value in extra_fields(record).items():
                fields[FILTER_FIELDS.get(name, f"KIOSK_{name.upper()}")] = str(value)
            self._socket.sendto(encode_journal_fields(fields), self._address)
        except Exception:  # logging must never take the kiosk down
            self.handleError(record)

    def close(self) -> None:
        self._socket.close()
        super().close()


def encode_journal_fields(fields: Mapping[str, str]) -> bytes:
    """Serialise fields; values with a newline use the length-prefixed binary form."""
    parts: list[bytes] = []
    for name, value in fields.items():
        data = value.encode("utf-8", "replace")
        if b"\n" in data:
            parts.append(name.encode() + b"\n" + struct.pack("<Q", len(data)) + data + b"\n")
        else:
            parts.append(name.encode() + b"=" + data + b"\n")
    return b"".join(parts)
