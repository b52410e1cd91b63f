"""OpenCvCamera: the Camera port over cv2.VideoCapture, for a UVC device or a video file.

``camera:///dev/video0`` or ``camera://0`` opens a capture device; ``camera:///path/file.avi``
plays a video file, looping at its end the way a live camera never runs out of frames (that is
how the simulator's generated video stands in for the camera). A still is one frame as JPEG
bytes; face presence uses the bundled Haar cascade (:mod:`drivers.camera.face_detection`).
A device or file that cannot be opened or stops giving frames raises ``DeviceUnavailable``.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from types import TracebackType

import cv2
import numpy as np

from drivers.camera.face_detection import find_faces
from drivers.urls import DeviceUrl, parse_device_url
from kiosk.devices.health import DeviceHealth, DeviceState
from kiosk.errors import ConfigError, DeviceError, DeviceUnavailable, ReadError

DEVICE_NAME = "camera"
JPEG_QUALITY = 90
FIRST_FRAME = 0


class OpenCvCamera:
    """A camera by device path, index or video file. A context manager; opens on first use."""

    def __init__(self, source: str | int, *, owned_folder: Path | None = None) -> None:
        self.source = source
        self._owned_folder = owned_folder  # a generated video's folder, removed on close
        self._capture: cv2.VideoCapture | None = None
        self._lock = threading.Lock()  # VideoCapture is not safe to share between threads
        self._problem = ""
        self.frames_captured = 0

    @classmethod
    def from_url(cls, url: DeviceUrl | str) -> OpenCvCamera:
        """A camera for a ``camera://`` URL. Raises ConfigError for another scheme."""
        parsed = parse_device_url(url) if isinstance(url, str) else url
        if parsed.scheme != "camera":
            raise ConfigError(f"{parsed}: the camera needs a camera:// URL")
        index = parsed.camera_index()
        return cls(parsed.location if index is None else index)

    @property
    def is_file(self) -> bool:
        return isinstance(self.source, str) and not self.source.startswith("/dev/")

    def open(self) -> OpenCvCamera:
        """Open the device or file now. Raises DeviceUnavailable."""
        with self._lock:
            self._open_locked()
        return self

    def close(self) -> None:
        with self._lock:
            if self._capture is not None:
                self._capture.release()
                self._capture = None
            if self._owned_folder is not None:
                shutil.rmtree(self._owned_folder, ignore_errors=True)
                self._owned_folder = None

    def __enter__(self) -> OpenCvCamera:
        return self.open()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def capture_frame(self) -> np.ndarray:
        """One BGR frame. Raises DeviceUnavailable when none comes."""
        with self._lock:
            capture = self._open_locked()
            ok, frame = capture.read()
            if not ok and self.is_file:
                capture.set(cv2.CAP_PROP_POS_FRAMES, FIRST_FRAME)  # loop like a live feed
                ok, frame = capture.read()
            if not ok or frame is None:
                self._problem = f"{self.source}: the camera gave no frame"
                capture.release()
                self._capture = None
                raise DeviceUnavailable(self._problem)
            self.frames_captured += 1
            return frame

    def capture_still(self) -> bytes:
        """One frame as JPEG bytes. Raises DeviceUnavailable."""
        ok, encoded = cv2.imencode(
            ".jpg", self.capture_frame(), [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY]
        )
        if not ok:
            raise DeviceError(f"{self.source}: cannot encode the frame as JPEG")
        return encoded.tobytes()

    def face_present(self, jpeg: bytes) -> bool:
        """Whether a frontal face fills a fair part of the still. Raises ReadError for bad bytes."""
        return bool(find_faces(jpeg))

    def health(self) -> DeviceHealth:
        try:
            frame = self.capture_frame()
        except DeviceUnavailable as exc:
            return DeviceHealth(DEVICE_NAME, DeviceState.OFFLINE, exc.detail)
        except (DeviceError, ReadError) as exc:
            return DeviceHealth(DEVICE_NAME, DeviceState.HARDWARE_ERROR, exc.detail)
        height, width = frame.shape[:2]
        return DeviceHealth(DEVICE_NAME, DeviceState.ONLINE, f"{self.source}: {width}x{height}")

    def _open_locked(self) -> cv2.VideoCapture:
        if self._capture is not None:
            return self._capture
        if isinstance(self.source, str) and not Path(self.source).exists():
            self._problem = f"{self.source}: no such camera device or video file"
            raise DeviceUnavailable(self._problem)
        capture = cv2.VideoCapture(self.source)
        if not capture.isOpened():
            capture.release()
            self._problem = f"{self.source}: OpenCV cannot open it as a camera or video"
            raise DeviceUnavailable(self._problem)
        self._capture = capture
        self._problem = ""
        return capture
