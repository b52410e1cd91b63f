"""Device health in the CUSS / XFS4IoT vocabulary, reported by every driver."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DeviceState(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"
    HARDWARE_ERROR = "hardware_error"
    USER_ERROR = "user_error"  # e.g. cover open, card inserted upside down
    BUSY = "busy"


class MediaState(StrEnum):
    """Paper state of the printer."""

    OK = "ok"
    LOW = "low"
    OUT = "out"
    JAMMED = "jammed"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class DeviceHealth:
    device: str  # document_reader | card_reader | chip_reader | printer | camera
    state: DeviceState
    detail: str = ""
    media: MediaState | None = None

    @property
    def usable(self) -> bool:
        return self.state in (DeviceState.ONLINE, DeviceState.BUSY) and self.media not in (
            MediaState.OUT,
            MediaState.JAMMED,
        )
