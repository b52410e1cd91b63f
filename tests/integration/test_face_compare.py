"""Face against the document with real dlib (the dlib-bin wheel, face-recognition-models
weights) on real photos of real people (benchmarks/faces, sources in its README.md): JPEG
against JPEG and against the JPEG 2000 a chip's DG2 holds; and ``kiosk face compare``.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from app.cli.main import main
from app.faces import face_matcher
from kiosk.identity.faces import FaceVerdict, NoFace

FACES = Path(__file__).resolve().parents[2] / "benchmarks" / "faces"
ROOT = Path(__file__).resolve().parents[2]


def jpeg2000(path: Path, width: int = 240) -> bytes:
    image = Image.open(path).convert("RGB")
    image = image.resize((width, round(image.height * width / image.width)))
    out = io.BytesIO()
    image.save(out, "JPEG2000", quality_mode="rates", quality_layers=[20])
    return out.getvalue()


def blank_photo(tmp_path: Path) -> Path:
    path = tmp_path / "wall.jpg"
    Image.new("RGB", (400, 300), (120, 130, 140)).save(path)
    return path


def test_the_same_person_matches_their_chip_photo_in_jpeg_2000() -> None:
    comparison = face_matcher().compare(
        (FACES / "obama_1.jpg").read_bytes(), jpeg2000(FACES / "obama_3.jpg")
    )
    assert comparison.match and comparison.distance < 0.6
    assert FaceVerdict.of(comparison).matched


def test_another_person_does_not_match() -> None:
    comparison = face_matcher().compare(
        (FACES / "biden_1.jpg").read_bytes(), jpeg2000(FACES / "obama_2.jpg")
    )
    assert not comparison.match and comparison.distance > 0.6
    assert FaceVerdict.of(comparison).decision == "mismatch"


def test_a_photo_without_a_face_says_which(tmp_path: Path) -> None:
    with pytest.raises(NoFace) as refused:
        face_matcher().compare(
            (FACES / "obama_1.jpg").read_bytes(), blank_photo(tmp_path).read_bytes()
        )
    assert refused.value.photo == "document"


def test_kiosk_face_compare_prints_match_distance_and_threshold(
    capsys: pytest.CaptureFixture[str],
) -> None:
    args = ["face", "compare", str(FACES / "obama_2.jpg"), str(FACES / "obama_4.jpg"), "--json"]
    assert main(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"match", "distance", "threshold"}
    assert report["match"] is True and report["threshold"] == 0.6
    assert 0 < report["distance"] < 0.6


def test_two_photos_without_a_face_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wall = str(blank_photo(tmp_path))
    assert main(["face", "compare", wall, wall, "--language", "en"]) == 2
    assert "no face" in capsys.readouterr().err


def test_a_file_that_is_no_image_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "photo.jpg"
    text.write_text("not a photo")
    assert main(["face", "compare", str(FACES / "obama_1.jpg"), str(text), "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"] == "not_an_image"


def test_the_models_load_without_importing_face_recognition_models() -> None:
    """Its __init__ imports pkg_resources; the kiosk finds the model files without running it."""
    code = (
        "import sys; from drivers.face_match.dlib_models import load_models; load_models(); "
        "print('face_recognition_models' in sys.modules, 'pkg_resources' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.split() == ["False", "False"]
