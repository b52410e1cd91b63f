"""Self-test of the document camera: a picture of the glass arrives, and the OCR reads a card.

With ``sim://`` the caller's simulators photograph a specimen licence on the glass and the real
reader must give back the CPR number printed on it. On a real camera a frame must arrive and
Tesseract must have its Danish model; whether a card lies on the glass is not judged.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytesseract

from drivers.diagnostics.outcome import DiagContext, Outcome
from drivers.document_camera.document_camera import OpenCvDocumentCamera
from drivers.document_camera.ocr import LANGUAGE
from drivers.urls import DeviceUrl
from kiosk.errors import DeviceError, DeviceUnavailable


def self_test(url: DeviceUrl, context: DiagContext) -> Outcome:
    if url.is_sim:
        return _simulated(context)
    ocr = _ocr_engine()
    with OpenCvDocumentCamera.from_url(url) as camera:
        height, width = camera.photograph().shape[:2]
    return Outcome(
        f"frame {width}x{height}; {ocr}",
        {"width": width, "height": height, "ocr": ocr},
    )


def _simulated(context: DiagContext) -> Outcome:
    simulators = context.require_simulators()
    with tempfile.TemporaryDirectory(dir=context.work_dir) as folder:
        photo, printed_cpr = simulators.specimen_card_photo(Path(folder) / "glass.jpg")
        with OpenCvDocumentCamera(str(photo)) as camera:
            read = camera.read_card()
    if read.cpr != printed_cpr:
        raise DeviceError(f"the specimen licence read as CPR {read.cpr[:6]}-XXXX, not as printed")
    return Outcome(
        "specimen licence on the simulated glass: found, straightened and read right",
        {"type": read.type, "confidence": dict(read.confidence)},
    )


def _ocr_engine() -> str:
    try:
        version = pytesseract.get_tesseract_version()
        languages = pytesseract.get_languages()
    except pytesseract.TesseractNotFoundError as exc:
        raise DeviceUnavailable("OCR unavailable: Tesseract is not installed") from exc
    if LANGUAGE not in languages:
        raise DeviceUnavailable(f"OCR unavailable: Tesseract {version} lacks the Danish model")
    return f"Tesseract {version} with the Danish model"
