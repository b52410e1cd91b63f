"""Camera speed: one still (capture and JPEG encode) and face detection on it, 640 x 480.

``python -m benchmarks.bench_camera`` prints the figures; ``python -m benchmarks`` includes them.
The camera is the simulator's generated video played through ``OpenCvCamera``. The witness
screen checks for a face about twice a second, so detection has a 250 ms budget per still.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from benchmarks.figures import Figure, median_ms, timed_runs
from drivers.camera.opencv_camera import OpenCvCamera
from drivers.sim.camera.camera_video import write_camera_video

STILLS, QUICK_STILLS = 40, 4
CAPTURE_BUDGET_MS = 50.0
DETECT_BUDGET_MS = 250.0


def measure(quick: bool = False) -> list[Figure]:
    repeat = QUICK_STILLS if quick else STILLS
    with tempfile.TemporaryDirectory() as folder:
        video = write_camera_video(Path(folder) / "camera.avi", "F" * 4 + "E" * 4)
        with OpenCvCamera(str(video)) as camera:
            capture = timed_runs(camera.capture_still, repeat)
            still = camera.capture_still()
            detect = timed_runs(lambda: camera.face_present(still), repeat)
    return [
        Figure("camera still (capture + JPEG)", median_ms(capture), "ms", CAPTURE_BUDGET_MS),
        Figure(
            "camera face detection (Haar)",
            median_ms(detect),
            "ms",
            DETECT_BUDGET_MS,
            f"{len(still)} byte JPEG",
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    figures = measure(quick=bool(argv and "--quick" in argv))
    for figure in figures:
        print(figure.row())
    return 1 if any(figure.within_budget is False for figure in figures) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
