"""OpenCvCamera over a real video file written by the camera simulator (cv2.VideoCapture)."""

from __future__ import annotations

import inspect
from pathlib import Path

import cv2
import numpy as np
import pytest

from app.devices import open_camera
from drivers.camera.face_detection import find_faces
from drivers.camera.opencv_camera import OpenCvCamera
from drivers.sim.camera.camera_video import EMPTY, FACE, render_frame, write_camera_video
from kiosk.devices.health import DeviceState
from kiosk.errors import ConfigError, DeviceUnavailable, ReadError
from kiosk.ports import Camera

PATTERN = "FFFEEE"
JPEG_START = b"\xff\xd8"


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_camera_video(tmp_path_factory.mktemp("camera") / "camera.avi", PATTERN)


def test_a_face_is_found_in_face_frames_and_not_in_empty_ones(video: Path) -> None:
    with OpenCvCamera.from_url(f"camera://{video}") as camera:
        seen = "".join(
            FACE if camera.face_present(camera.capture_still()) else EMPTY for _ in PATTERN
        )
    assert seen == PATTERN


def test_the_face_is_found_where_it_was_drawn(video: Path) -> None:
    with OpenCvCamera.from_url(f"camera://{video}") as camera:
        faces = find_faces(camera.capture_still())
    assert len(faces) == 1
    centre_x = faces[0].x + faces[0].width // 2
    assert abs(centre_x - 320) < 60 and faces[0].width > 100


def test_a_still_is_a_jpeg_of_the_video_size(video: Path) -> None:
    with OpenCvCamera(str(video)) as camera:
        still = camera.capture_still()
    assert still.startswith(JPEG_START)
    assert len(still) > 1000


def test_the_video_loops_like_a_live_camera(video: Path) -> None:
    with OpenCvCamera(str(video)) as camera:
        for _ in range(len(PATTERN) * 2 + 1):
            camera.capture_still()
        assert camera.frames_captured == len(PATTERN) * 2 + 1


def test_health_is_online_with_the_frame_size(video: Path) -> None:
    with OpenCvCamera(str(video)) as camera:
        health = camera.health()
    assert health.state == DeviceState.ONLINE
    assert health.detail.endswith("640x480")


def test_a_missing_file_is_unavailable(tmp_path: Path) -> None:
    camera = OpenCvCamera.from_url(f"camera://{tmp_path}/none.avi")
    with pytest.raises(DeviceUnavailable, match="no such camera device or video file"):
        camera.open()
    with pytest.raises(DeviceUnavailable):
        camera.capture_still()
    health = camera.health()
    assert health.state == DeviceState.OFFLINE and not health.usable


def test_a_file_that_is_no_video_is_unavailable(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.avi"
    bogus.write_text("not a video")
    with pytest.raises(DeviceUnavailable):
        OpenCvCamera(str(bogus)).capture_still()


def test_a_missing_capture_device_is_unavailable() -> None:
    with pytest.raises(DeviceUnavailable):
        OpenCvCamera.from_url("camera:///dev/video99").open()


def test_bytes_that_are_no_image_are_a_read_error(video: Path) -> None:
    camera = OpenCvCamera(str(video))
    with pytest.raises(ReadError, match="not an image"):
        camera.face_present(b"\x00" * 64)
    with pytest.raises(ReadError, match="empty"):
        camera.face_present(b"")


def test_a_camera_url_of_another_scheme_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="camera://"):
        OpenCvCamera.from_url("serial:///dev/ttyACM0")


def test_the_generator_refuses_an_unknown_frame_kind(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="frame kind"):
        write_camera_video(tmp_path / "x.avi", "FX")
    with pytest.raises(ValueError, match="empty"):
        write_camera_video(tmp_path / "x.avi", "")


def test_a_drawn_face_without_compression_is_detected_too() -> None:
    frame = render_frame(FACE, 0, np.random.default_rng(1))
    ok, png = cv2.imencode(".png", frame)
    assert ok and find_faces(png.tobytes())


def test_the_sim_factory_generates_a_video_and_removes_it_on_close() -> None:
    camera = open_camera("sim://")
    folder = Path(str(camera.source)).parent
    assert camera.face_present(camera.capture_still())
    camera.close()
    assert not folder.exists()


def test_the_factory_opens_a_camera_url(video: Path) -> None:
    with open_camera(f"camera://{video}") as camera:
        assert camera.capture_still().startswith(JPEG_START)


def test_the_driver_has_every_method_of_the_camera_port() -> None:
    for name, member in inspect.getmembers(Camera, inspect.isfunction):
        if not name.startswith("_"):
            ours = inspect.signature(getattr(OpenCvCamera, name))
            assert list(ours.parameters) == list(inspect.signature(member).parameters), name
