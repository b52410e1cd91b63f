"""dlib's face models, from the ``face-recognition-models`` package, located without importing it.

That package's ``__init__`` imports ``pkg_resources`` (gone from recent setuptools), so its folder
is found with :func:`importlib.util.find_spec`, which does not run the ``__init__``. The models:
dlib's HOG frontal-face detector (built into dlib), the 5-point shape predictor that aligns the
face, and the ResNet that maps a face to a 128-dimensional descriptor (dlib's documented
threshold: two descriptors under 0.6 apart are the same person).
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.errors import DeviceUnavailable

MODELS_PACKAGE = "face_recognition_models"
SHAPE_PREDICTOR = "shape_predictor_5_face_landmarks.dat"
FACE_RECOGNITION = "dlib_face_recognition_resnet_model_v1.dat"
INSTALL_HINT = "install the kiosk's face extra: pip install 'nemid-kiosk[face]'"


@dataclass(frozen=True)
class FaceModels:
    """dlib's detector, shape predictor and face-recognition network, loaded."""

    detector: Any
    shape_predictor: Any
    recogniser: Any


def models_folder() -> Path:
    """The folder of the ``.dat`` models. Raises DeviceUnavailable when the package is absent."""
    spec = importlib.util.find_spec(MODELS_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise DeviceUnavailable(f"face comparison unavailable: no {MODELS_PACKAGE}; {INSTALL_HINT}")
    return Path(next(iter(spec.submodule_search_locations))) / "models"


@functools.cache
def load_models() -> FaceModels:
    """The models, loaded once per process (about 0.4 s). Raises DeviceUnavailable."""
    try:
        import dlib
    except ImportError as exc:
        raise DeviceUnavailable(f"face comparison unavailable: no dlib; {INSTALL_HINT}") from exc
    folder = models_folder()
    missing = [name for name in (SHAPE_PREDICTOR, FACE_RECOGNITION) if not (folder / name).exists()]
    if missing:
        raise DeviceUnavailable(f"face comparison unavailable: {folder} lacks {', '.join(missing)}")
    return FaceModels(
        detector=dlib.get_frontal_face_detector(),
        shape_predictor=dlib.shape_predictor(str(folder / SHAPE_PREDICTOR)),
        recogniser=dlib.face_recognition_model_v1(str(folder / FACE_RECOGNITION)),
    )
