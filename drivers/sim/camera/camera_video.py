"""The camera simulator: a generated video file that OpenCvCamera plays as if it were a camera.

:func:`write_camera_video` draws each frame with OpenCV primitives (no downloaded images): a
plain "room" with a door and a picture, and, in the frames marked ``F`` of the pattern, a
drawn frontal face (light oval, dark eyes under brows, nose, mouth) that the bundled
frontal-face Haar cascade detects, moving a little from frame to frame. Frames marked ``E`` show
the empty room. Sensor noise is seeded, so a pattern always gives the same file. Run as a
module (``python -m drivers.sim.camera.camera_video OUT.avi``) it writes the file for ``kiosk sim``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import cv2
import numpy as np

FACE = "F"
EMPTY = "E"
DEFAULT_PATTERN = FACE * 8 + EMPTY * 4
FRAME_WIDTH = 640
FRAME_HEIGHT = 480
FRAMES_PER_SECOND = 10
CODEC = "MJPG"  # OpenCV's own AVI writer encodes Motion-JPEG without any external codec
NOISE_SIGMA = 4.0
WALL = (120, 130, 140)
DOOR = (70, 90, 110)
PICTURE = (60, 120, 60)
SKIN = (150, 180, 215)
HAIR = (40, 50, 60)
BROW = (50, 60, 70)
EYE = (60, 60, 60)
PUPIL = (20, 20, 20)
NOSE = (120, 150, 185)
MOUTH = (70, 70, 150)
SWAY_PIXELS = 12  # how far the face drifts sideways across the frames


def draw_room(height: int = FRAME_HEIGHT, width: int = FRAME_WIDTH) -> np.ndarray:
    """The empty scene: a wall, a door and a framed picture."""
    frame = np.full((height, width, 3), WALL, np.uint8)
    cv2.rectangle(frame, (width - 150, 80), (width - 40, height), DOOR, -1)
    cv2.rectangle(frame, (40, 60), (160, 150), PICTURE, -1)
    cv2.rectangle(frame, (40, 60), (160, 150), HAIR, 4)
    return frame


def draw_face(frame: np.ndarray, centre: tuple[int, int], scale: float = 1.0) -> None:
    """Draw a frontal face centred at ``centre``, about 160 x 210 pixels at scale 1."""
    cx, cy = centre

    def s(value: float) -> int:
        return int(value * scale)

    cv2.ellipse(frame, (cx, cy), (s(80), s(105)), 0, 0, 360, SKIN, -1)
    cv2.ellipse(frame, (cx, cy - s(70)), (s(85), s(45)), 0, 180, 360, HAIR, -1)
    for side in (-1, 1):
        eye = (cx + side * s(32), cy - s(18))
        cv2.ellipse(frame, (eye[0], cy - s(35)), (s(20), s(6)), 0, 0, 360, BROW, -1)
        cv2.ellipse(frame, eye, (s(16), s(9)), 0, 0, 360, EYE, -1)
        cv2.circle(frame, eye, s(5), PUPIL, -1)
    cv2.line(frame, (cx, cy - s(10)), (cx, cy + s(25)), NOSE, max(1, s(6)))
    cv2.ellipse(frame, (cx, cy + s(28)), (s(14), s(6)), 0, 0, 360, NOSE, -1)
    cv2.ellipse(frame, (cx, cy + s(55)), (s(30), s(10)), 0, 0, 360, MOUTH, -1)


def render_frame(kind: str, index: int, rng: np.random.Generator) -> np.ndarray:
    """One frame of the pattern: ``F`` with a face, ``E`` without. Raises ValueError otherwise."""
    if kind not in (FACE, EMPTY):
        raise ValueError(f"frame kind must be {FACE!r} (face) or {EMPTY!r} (empty), not {kind!r}")
    frame = draw_room()
    if kind == FACE:
        sway = int(SWAY_PIXELS * np.sin(index / 2.0))
        draw_face(frame, (FRAME_WIDTH // 2 + sway, FRAME_HEIGHT // 2 + 10))
    noise = rng.normal(0.0, NOISE_SIGMA, frame.shape)
    return np.clip(frame.astype(np.float64) + noise, 0, 255).astype(np.uint8)


def write_camera_video(path: Path, pattern: str = DEFAULT_PATTERN, *, seed: int = 0) -> Path:
    """Write an MJPG AVI whose frames follow ``pattern`` (e.g. ``"FFFEE"``). Returns the path.

    Raises ValueError for an empty pattern or a letter other than F and E, OSError when the
    file cannot be written.
    """
    if not pattern:
        raise ValueError("the frame pattern is empty")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = [
        render_frame(kind, i, np.random.default_rng(seed + i)) for i, kind in enumerate(pattern)
    ]
    writer = cv2.VideoWriter(
        str(path),
        cv2.VideoWriter_fourcc(*CODEC),
        FRAMES_PER_SECOND,
        (FRAME_WIDTH, FRAME_HEIGHT),
    )
    if not writer.isOpened():
        raise OSError(f"cannot write a video to {path}")
    try:
        for frame in frames:
            writer.write(frame)
    finally:
        writer.release()
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="write the simulated camera's video file")
    parser.add_argument("out", type=Path)
    parser.add_argument("--pattern", default=DEFAULT_PATTERN, help="F = face frame, E = empty")
    args = parser.parse_args(argv)
    print(write_camera_video(args.out, args.pattern))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
