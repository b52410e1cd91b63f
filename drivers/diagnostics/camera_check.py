"""Self-test of the camera: a frame arrives, and face detection runs on it.

With ``sim://`` a two-frame video (one face, one empty room) is generated and the detector must
find the face in the first and nothing in the second. On a real camera a frame must arrive;
the number of faces in it is reported, not judged (nobody need stand in front during diag).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from drivers.camera.face_detection import decode_jpeg, find_faces
from drivers.camera.opencv_camera import OpenCvCamera
from drivers.diagnostics.outcome import DiagContext, Outcome
from drivers.sim.camera.camera_video import EMPTY, FACE, write_camera_video
from drivers.urls import DeviceUrl
from kiosk.errors import DeviceError

SIM_PATTERN = FACE + EMPTY


def self_test(url: DeviceUrl, context: DiagContext) -> Outcome:
    if url.is_sim:
        return _simulated(context)
    with OpenCvCamera.from_url(url) as camera:
        still = camera.capture_still()
    height, width = decode_jpeg(still).shape[:2]
    faces = len(find_faces(still))
    return Outcome(
        f"frame {width}x{height}, {faces} face(s) in view",
        {"width": width, "height": height, "faces": faces, "jpeg_bytes": len(still)},
    )


def _simulated(context: DiagContext) -> Outcome:
    with tempfile.TemporaryDirectory(dir=context.work_dir) as folder:
        video = write_camera_video(Path(folder) / "diag.avi", SIM_PATTERN)
        with OpenCvCamera(str(video)) as camera:
            seen = "".join(
                FACE if camera.face_present(camera.capture_still()) else EMPTY for _ in SIM_PATTERN
            )
    if seen != SIM_PATTERN:
        raise DeviceError(f"face detection saw {seen!r} in frames {SIM_PATTERN!r}")
    return Outcome(
        "generated video: frames read, face found in the face frame and not in the empty one",
        {"frames": len(SIM_PATTERN)},
    )
