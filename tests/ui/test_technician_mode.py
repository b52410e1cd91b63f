"""Technician diagnostics through the real UI: a technician card (or the configured PIN), device
tests with status lights, the camera preview with face detection, and a diagnostics bundle
that holds no CPR number, password, PIN or code."""

from __future__ import annotations

import dataclasses
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from drivers.camera.opencv_camera import OpenCvCamera
from drivers.sim.camera.camera_video import write_camera_video
from drivers.sim.cards.staff_card import demo_technician_card
from kiosk.storage.secret_hashes import hash_password
from screens import ui_driver as ui
from screens.admin_page import StatusLight
from screens.widgets import KioskLabel
from tests.ui.conftest import Kiosk
from tests.ui.staff_fixtures import Staff, plug_in, staff_fixture, unplug  # noqa: F401

pytestmark = pytest.mark.ui
TECHNICIAN_PIN = "2468"
CONFIGURED_PIN = "86420"
UNMASKED_CPR = re.compile(r"(?<!\d)\d{6}-?\d{4}(?!\d)")


def technician_login(staff: Staff) -> None:
    staff.insert(demo_technician_card(staff.pki))
    staff.type_pin(TECHNICIAN_PIN)
    staff.on("technician_menu")


def button_for(staff: Staff, device_name: str) -> Any:
    """The Test button on the line of the device called ``device_name`` on screen."""
    for button in ui.widgets():
        if getattr(button, "text", "") != staff.tr("ui.technician.test"):
            continue
        labels = [w for w in button.parent.children if isinstance(w, KioskLabel)]
        if labels and labels[0].text.startswith(device_name + ":"):
            return button
    raise AssertionError(f"no Test button for {device_name}")


def lights() -> list[str]:
    return [w.status for w in ui.widgets() if isinstance(w, StatusLight)]


def test_technician_card_opens_diagnostics_with_a_light_per_device(staff: Staff) -> None:
    technician_login(staff)
    staff.see("ui.technician.title", staff_id="T2001")
    assert len(lights()) == len(staff.admin.core.devices.named())
    assert "ok" in lights() or "online" in lights()
    assert ui.clipped() == []


def test_printer_test_page_is_printed_and_shown(staff: Staff) -> None:
    technician_login(staff)
    printer = staff.tr("diag.device.printer")
    ui.tap(button_for(staff, printer))
    ui.wait_for(
        lambda: any(t.startswith(f"{printer}: ") and "test page" in t for t in ui.screen_texts()),
        "the printer's test result",
    )
    ui.wait_for(lambda: len(staff.kiosk.rig.printed_files()) == 1, "the test page printout")
    assert staff.audit_events("technician.device_tested")[-1]["device"] == "printer"


def test_camera_preview_shows_frames_and_finds_the_face(staff: Staff, tmp_path: Path) -> None:
    video = write_camera_video(tmp_path / "camera.avi", "F")
    camera = OpenCvCamera(str(video))
    staff.admin.core.devices.camera = camera
    try:
        technician_login(staff)
        staff.tap("ui.technician.camera")
        staff.on("technician_camera")
        staff.see("ui.technician.face_found")
        preview = next(w for w in ui.widgets() if type(w).__name__ == "Image")
        assert preview.texture is not None and preview.texture.width > 0
    finally:
        camera.close()


def test_diagnostics_bundle_is_written_without_secrets(staff: Staff) -> None:
    persona = staff.kiosk.rig.personas["newcomer"]
    staff.admin.core.kiosk.exemptions.request(persona.cpr, "Priya Raman", "other", "en")
    technician_login(staff)
    staff.tap("ui.technician.info")
    staff.on("technician_info")
    staff.see("ui.technician.configuration")
    staff.tap("ui.staff.back")
    staff.tap("ui.technician.bundle")
    ui.wait_for(
        lambda: any("diagnostics-kiosk-1-" in t for t in ui.screen_texts()), "the bundle's name"
    )
    exports = Path(staff.admin.core.config.storage.backups) / "exports"
    [bundle] = exports.glob("diagnostics-*.zip")
    with zipfile.ZipFile(bundle) as archive:
        names = set(archive.namelist())
        text = "".join(archive.read(name).decode("utf-8") for name in names)
    assert {"versions.json", "config.json", "devices.json", "audit.json"} <= names
    assert UNMASKED_CPR.search(text) is None
    assert persona.cpr not in text and TECHNICIAN_PIN not in text


def test_configured_technician_pin_opens_diagnostics(kiosk: Kiosk) -> None:
    config = kiosk.rig.app.config.replace(
        security={"technician_pin_hash": hash_password(CONFIGURED_PIN)}
    )
    core = dataclasses.replace(kiosk.rig.app, config=config)
    plug = plug_in(kiosk, None, core)
    try:
        staff = Staff(kiosk, plug.mode, plug.admin, pki=None)  # type: ignore[arg-type]
        staff.long_press_corner()
        staff.on("staff_login")
        ui.type_digits("11111")
        staff.tap("ui.staff.login.technician_pin")
        staff.see("error.technician_pin_wrong")
        ui.type_digits(CONFIGURED_PIN)
        staff.tap("ui.staff.login.technician_pin")
        staff.on("technician_menu")
        staff.tap("ui.staff.leave")
        staff.on("welcome")
    finally:
        unplug(plug)
