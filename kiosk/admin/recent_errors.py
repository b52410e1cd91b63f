"""The technician's "recent errors": the last warnings and errors the kiosk logged, in memory.

:class:`RecentErrors` is a logging handler on the ``kiosk``, ``drivers`` and ``screens``
loggers that keeps the newest records in a bounded deque. Each record passes the same
:class:`kiosk.logs.PrivacyFilter` as the journal first, so a CPR number is masked before it is
kept and a field named like a secret never is.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from kiosk.logs import PrivacyFilter, extra_fields

LOGGERS = ("kiosk", "drivers", "screens")
KEEP = 200
DEVICE_FIELD = "device"
ERROR_CODE_FIELD = "error_code"


@dataclass(frozen=True)
class ErrorLine:
    time: str  # ISO 8601 UTC
    level: str
    logger: str
    message: str
    device: str = ""
    error_code: str = ""

    def to_json(self) -> dict[str, str]:
        return asdict(self)


class RecentErrors(logging.Handler):
    """Keeps the last ``keep`` records of WARNING and above; attach, then detach when done."""

    def __init__(self, keep: int = KEEP, level: int = logging.WARNING) -> None:
        super().__init__(level)
        self.addFilter(PrivacyFilter())
        self._lines: deque[ErrorLine] = deque(maxlen=keep)
        self._guard = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        fields = extra_fields(record)
        line = ErrorLine(
            time=datetime.fromtimestamp(record.created, UTC).isoformat(timespec="seconds"),
            level=record.levelname,
            logger=record.name,
            message=record.getMessage(),
            device=str(fields.get(DEVICE_FIELD, "")),
            error_code=str(fields.get(ERROR_CODE_FIELD, "")),
        )
        with self._guard:
            self._lines.append(line)

    def lines(self) -> list[ErrorLine]:
        """Newest first."""
        with self._guard:
            return list(reversed(self._lines))

    def attach(self) -> RecentErrors:
        for name in LOGGERS:
            logger = logging.getLogger(name)
            if self not in logger.handlers:
                logger.addHandler(self)
            if logger.getEffectiveLevel() > self.level:
                logger.setLevel(self.level)
        return self

    def detach(self) -> None:
        for name in LOGGERS:
            logging.getLogger(name).removeHandler(self)
