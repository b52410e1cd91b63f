"""OpenCvDocumentCamera: the DocumentCamera port over a camera looking down at the reader's glass.

``camera:///dev/video2`` or ``camera://1`` photographs through a capture device
(:class:`drivers.camera.opencv_camera.OpenCvCamera`); ``camera:///path/glass.jpg`` reads a still
image file each time, which is how the simulator lays cards on the glass
(:mod:`drivers.sim.camera.document_glass`). Each read photographs the glass and reads the card
(:func:`drivers.document_camera.card_reader.read_card_photo`).
"""

from __future__ import annotations

from datetime import date
from types import TracebackType

import cv2
import numpy as np

from drivers.camera.opencv_camera import OpenCvCamera
from drivers.document_camera.card_reader import read_card_photo
from drivers.urls import DeviceUrl, parse_device_url
from kiosk.devices.health import DeviceHealth, DeviceState
from kiosk.errors import ConfigError, DeviceUnavailable
from kiosk.identity.camera_documents import CameraDocument

DEVICE_NAME = "document_camera"
STILL_SUFFIXES = (".jpg", ".jpeg", ".png")


class OpenCvDocumentCamera:
    """A document camera by device path, index or still image file. A context manager."""

    def __init__(self, source: str | int) -> None:
        self.source = source
        is_still = isinstance(source, str) and source.lower().endswith(STILL_SUFFIXES)
        self._camera = None if is_still else OpenCvCamera(source)

    @classmethod
    def from_url(cls, url: DeviceUrl | str) -> OpenCvDocumentCamera:
        """A document camera for a ``camera://`` URL. Raises ConfigError for another scheme."""
        parsed = parse_device_url(url) if isinstance(url, str) else url
        if parsed.scheme != "camera":
            raise ConfigError(f"{parsed}: the document camera needs a camera:// URL")
        index = parsed.camera_index()
        return cls(parsed.location if index is None else index)

    def photograph(self) -> np.ndarray:
        """The glass as one BGR frame. Raises DeviceUnavailable."""
        if self._camera is not None:
            return self._camera.capture_frame()
        frame = cv2.imread(str(self.source), cv2.IMREAD_COLOR)
        if frame is None:
            raise DeviceUnavailable(f"{self.source}: no image from the document camera")
        return frame

    def read_card(self, today: date | None = None) -> CameraDocument:
        """Photograph the card on the glass and read it. Raises CardUnreadable (no card, or not
        readable) and DeviceUnavailable (no picture, or no OCR engine)."""
        return read_card_photo(self.photograph(), today=today)

    def health(self) -> DeviceHealth:
        try:
            frame = self.photograph()
        except DeviceUnavailable as exc:
            return DeviceHealth(DEVICE_NAME, DeviceState.OFFLINE, exc.detail)
        height, width = frame.shape[:2]
        return DeviceHealth(DEVICE_NAME, DeviceState.ONLINE, f"{self.source}: {width}x{height}")

    def close(self) -> None:
        if self._camera is not None:
            self._camera.close()

    def __enter__(self) -> OpenCvDocumentCamera:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
