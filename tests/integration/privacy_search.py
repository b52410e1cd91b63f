"""What the privacy tests look for, and where: secrets and unmasked CPR numbers in bytes and text.

A password and a code are six digits, so a bare search would find them by chance inside hex
hashes and base64 salts; a secret counts as found only as a whole number (no letter or digit
either side), after masked CPR numbers (``DDMMYY-XXXX``, whose six digits are allowed) and
ISO dates and times (whose pieces run together in a database record: ``-23`` ``2026-``) are
taken out. A CPR number counts in both its forms, ``DDMMYYSSSS`` and ``DDMMYY-SSSS``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

from kiosk.config import LoggingSettings
from kiosk.logs import configure_logging

MASKED_CPR = re.compile(r"\d{6}-XXXX")
# ISO dates and times, whose pieces run together in a database record ("...-23" "2026-...").
DATE_OR_TIME = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ][0-9:.]+(?:[+-]\d{2}:\d{2}|Z)?)?")
WHOLE_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{6}(?![0-9A-Za-z])")
CPR_IN_TEXT = re.compile(r"(?<!\d)(\d{6})-?(\d{4})(?!\d)")
KIOSK_LOGGERS = ("kiosk", "drivers", "screens")


def database_text(database: Path) -> str:
    """Every byte of the database file and its -wal/-shm companions, as Latin-1 text."""
    files = sorted(database.parent.glob(database.name + "*"))
    return "\n".join(path.read_bytes().decode("latin-1") for path in files)


def secrets_found(text: str, secrets: Iterable[str]) -> set[str]:
    """The six-digit secrets that appear as whole numbers in ``text``."""
    plain = DATE_OR_TIME.sub(" ", MASKED_CPR.sub(" ", text))
    numbers = set(WHOLE_NUMBER.findall(plain))
    return numbers & set(secrets)


def cprs_found(text: str, cprs: Iterable[str]) -> set[str]:
    """The CPR numbers (ten digits) that appear unmasked in ``text``, with or without hyphen."""
    found = {a + b for a, b in CPR_IN_TEXT.findall(text)}
    return found & set(cprs)


def cprs_in(text: str) -> set[str]:
    """Every ten-digit CPR-shaped number in ``text`` (test data: scenario files)."""
    return {a + b for a, b in CPR_IN_TEXT.findall(text)}


@contextmanager
def captured_logs() -> Iterator[StringIO]:
    """The kiosk's own logging (PrivacyFilter included) at DEBUG, plus the root logger, into
    one buffer; the loggers are put back as they were afterwards."""
    buffer = StringIO()
    names = (*KIOSK_LOGGERS, "")
    saved = {
        name: (logging.getLogger(name).handlers[:], logging.getLogger(name).level) for name in names
    }
    propagate = {name: logging.getLogger(name).propagate for name in KIOSK_LOGGERS}
    configure_logging(LoggingSettings(level="DEBUG", journal=False), environ={})
    for name in KIOSK_LOGGERS:
        for handler in logging.getLogger(name).handlers:
            if isinstance(handler, logging.StreamHandler):
                handler.setStream(buffer)
    root = logging.getLogger()
    root_handler = logging.StreamHandler(buffer)
    root.addHandler(root_handler)
    root.setLevel(logging.DEBUG)
    try:
        yield buffer
    finally:
        for name, (handlers, level) in saved.items():
            logger = logging.getLogger(name)
            logger.handlers = handlers
            logger.setLevel(level)
        for name, value in propagate.items():
            logging.getLogger(name).propagate = value
