"""Technician diagnostics pages: devices with live status lights and a test each, the camera
preview with face detection, versions and configuration (secrets removed), recent errors, and
the diagnostics bundle. Tests and data come from :class:`kiosk.admin.bench.TechnicianBench`
through the :class:`~screens.staff.mode.StaffMode`; the pages only render them.
"""

from __future__ import annotations

import io
from typing import Any

from kivy.core.image import Image as CoreImage
from kivy.uix.image import Image

from screens.admin_page import StaffPage, StatusLight, device_text
from screens.display import mm
from screens.widgets import BigButton, KioskLabel

TEST_BUTTON_MM = 40
PREVIEW_MM = 70


def _live_devices(admin: Any) -> tuple[list[Any], dict[str, Any]]:
    return admin.bench.device_status(touch=False), dict(admin.bench.last_results)


class TechnicianMenuPage(StaffPage):
    """Each device: a live light, its state and last test, and a Test button."""

    def render(self, mode: Any) -> None:
        bench = mode.admin.bench
        identity = mode.session.identity if mode.session else None
        self.title("ui.technician.title", staff_id=identity.staff_id if identity else "")
        lines, results = self.page_data or ([], {})
        self._rows: dict[str, tuple[StatusLight, KioskLabel]] = {}
        for line in lines:
            test = BigButton(text=self.tr("ui.technician.test"), kind="secondary")
            test.size_hint_x = None
            test.width = mm(TEST_BUTTON_MM)
            test.bind(on_release=lambda _b, name=line.device: self._test(mode, name))
            light, label = self.light_line(line.state, "", test)
            self._rows[line.device] = (light, label)
        self.live_update((lines, results))
        self.grid(
            [
                ("ui.technician.camera", lambda: mode.go("technician_camera")),
                ("ui.technician.info", lambda: mode.go("technician_info", self._info(bench))),
                ("ui.technician.errors", lambda: mode.go("technician_errors", bench.recent_errors)),
                (
                    "ui.technician.bundle",
                    lambda: mode.do(mode.admin.export_bundle, done="ui.technician.bundle_done"),
                ),
            ]
        )
        self.add_action("ui.staff.leave", mode.leave, kind="danger")

    @staticmethod
    def _info(bench: Any) -> Any:
        return lambda: (bench.versions(), bench.configuration())

    def _test(self, mode: Any, name: str) -> None:
        bench = mode.admin.bench

        def tested(result: Any) -> tuple[str, dict[str, object]]:
            return "ui.technician.tested", {
                "device": self.tr(f"diag.device.{result.device}"),
                "status": self.tr(f"ui.staff.devices.state.{result.status}"),
                "detail": result.detail,
            }

        mode.do(
            lambda: bench.test_device(name),
            done=tested,
            reload=lambda: _live_devices(mode.admin),
        )

    live_load = staticmethod(_live_devices)

    def live_update(self, found: tuple[list[Any], dict[str, Any]]) -> None:
        lines, results = found
        for line in lines:
            if line.device not in self._rows:
                continue
            light, label = self._rows[line.device]
            result = results.get(line.device)
            status = result.status if result is not None and line.usable else line.state
            light.set_status(status)
            text = device_text(self, line)
            if result is not None:
                verdict = self.tr(f"ui.staff.devices.state.{result.status}")
                text += "\n" + self.tr("ui.technician.last_test", status=verdict)
            label.text = text


class TechnicianCameraPage(StaffPage):
    """The camera's picture once a second, and whether a face is in it."""

    def render(self, mode: Any) -> None:
        self.title("ui.technician.camera")
        self.preview = Image(size_hint_y=None, height=mm(PREVIEW_MM), fit_mode="contain")
        self.face = KioskLabel(text=self.tr("ui.technician.camera_waiting"))
        self.content.add_widget(self.preview)
        self.content.add_widget(self.face)
        self.back_action("technician_menu", lambda: _live_devices(mode.admin))
        frame = mode.data.get(f"{self.name}.live")
        if frame is not None:
            self.live_update(frame)

    @staticmethod
    def live_load(admin: Any) -> Any:
        return admin.bench.camera_frame()

    def live_update(self, frame: Any) -> None:
        self.preview.texture = CoreImage(io.BytesIO(frame.jpeg), ext="jpg").texture
        key = "ui.technician.face_found" if frame.face else "ui.technician.face_none"
        self.face.text = self.tr(key)


class TechnicianInfoPage(StaffPage):
    def render(self, mode: Any) -> None:
        versions, configuration = self.page_data or ({}, {})
        self.title("ui.technician.versions")
        for name, version in versions.items():
            self.add_plain(f"{name}: {version}", role="muted")
        self.add_text("ui.technician.configuration", role="title")
        for key, value in _flatten(configuration):
            self.add_plain(f"{key} = {value}", role="muted")
        self.back_action("technician_menu", lambda: _live_devices(mode.admin))


class TechnicianErrorsPage(StaffPage):
    def render(self, mode: Any) -> None:
        self.title("ui.technician.errors")
        for line in self.listed():
            device = f" [{line.device}]" if line.device else ""
            self.add_plain(f"{line.time} {line.level} {line.logger}{device}: {line.message}")
        self.back_action("technician_menu", lambda: _live_devices(mode.admin))


def _flatten(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    if isinstance(value, dict):
        pairs: list[tuple[str, Any]] = []
        for key, item in value.items():
            pairs.extend(_flatten(item, f"{prefix}{key}."))
        return pairs
    return [(prefix.rstrip("."), value)]


TECHNICIAN_SCREENS: dict[str, type[StaffPage]] = {
    "technician_menu": TechnicianMenuPage,
    "technician_camera": TechnicianCameraPage,
    "technician_info": TechnicianInfoPage,
    "technician_errors": TechnicianErrorsPage,
}
