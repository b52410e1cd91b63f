"""A kiosk on real drivers and simulated devices, driven through the UI's controller.

:class:`KioskRig` builds the app through ``build_app`` on SQLite files in a test folder, with the
SerialMrzReader on the MRZ reader simulator (a real pty), the EscposReceiptPrinter on the
ESC/POS simulator (a real TCP socket) and the OpenCvCamera on a generated video file, and runs
the :class:`~screens.controller.KioskController` (its worker and reader threads, no Kivy) with a
:class:`RecordingUi` in place of the screens. Synthetic personas only.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import Any

from app.bootstrap import App, build_app
from drivers.camera.opencv_camera import OpenCvCamera
from drivers.mrz_reader.serial_reader import SerialMrzReader
from drivers.printer.receipt_printer import EscposReceiptPrinter
from drivers.sim.camera.camera_video import write_camera_video
from drivers.sim.printer.escpos_printer_device import EscposPrinterDevice
from drivers.sim.reader.mrz_reader_device import MrzReaderDevice
from kiosk.clock import FixedClock
from kiosk.errors import KioskError
from kiosk.journey.view import JourneyView
from kiosk.ports import Devices
from kiosk.rules.questions import truthful_choice
from screens.controller import KioskController
from tests.integration.issuance_stack import config_in

TODAY = date(2026, 11, 23)
KAREN_MRZ = (
    "P<DNKSOERENSEN<<KAREN<MARGRETHE<<<<<<<<<<<<<",
    "DK48172902DNK6803155F3105146<<<<<<<<<<<<<<<2",
)
KAREN_CPR = "1503681234"
KAREN_MASKED = "150368-XXXX"
WAIT_SECONDS = 20.0
PRINTER_JOB_TIMEOUT = 2.0
PRINTER_STATUS_TIMEOUT = 0.5


class RecordingUi:
    """Stands in for the screens: keeps everything the controller shows, thread-safe."""

    def __init__(self) -> None:
        self.views: list[JourneyView] = []
        self.problems: list[KioskError] = []
        self.reader_statuses: list[str] = []
        self.out_of_service_calls: list[list[str]] = []
        self.back_in_service_calls = 0
        self._changed = threading.Condition()

    def show(self, view: JourneyView, problem: KioskError | None = None) -> None:
        with self._changed:
            self.views.append(view)
            if problem is not None:
                self.problems.append(problem)
            self._changed.notify_all()

    def show_reader_status(self, status: str) -> None:
        with self._changed:
            self.reader_statuses.append(status)
            self._changed.notify_all()

    def out_of_service(self, devices: list[str]) -> None:
        with self._changed:
            self.out_of_service_calls.append(list(devices))
            self._changed.notify_all()

    def back_in_service(self) -> None:
        with self._changed:
            self.back_in_service_calls += 1
            self._changed.notify_all()

    def wait_for(self, what: str, check: Callable[[], bool]) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        with self._changed:
            while not check():
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out waiting for {what}: {self.summary()}")
                self._changed.wait(left)

    @property
    def state(self) -> str:
        return self.views[-1].state if self.views else ""

    def summary(self) -> str:
        last = self.views[-1].to_json() if self.views else {}
        problems = [p.code for p in self.problems]
        return (
            f"view={last} problems={problems} reader={self.reader_statuses[-5:]}"
            f" out={self.out_of_service_calls} back={self.back_in_service_calls}"
        )


class KioskRig:
    """One kiosk: devices on their simulators, the app, the controller and the recording UI."""

    def __init__(
        self,
        folder: Path,
        *,
        required: tuple[str, ...] | None = None,
        chip_reader: Any = None,
    ) -> None:
        self.folder = folder
        self._stack = ExitStack()
        self.reader_device = self._stack.enter_context(MrzReaderDevice(baud=None))
        self.printer_device = self._stack.enter_context(EscposPrinterDevice(folder / "paper"))
        self.video = write_camera_video(folder / "camera.avi", "FFFF")
        reader = SerialMrzReader.from_url(self.reader_device.url).open()
        printer = EscposReceiptPrinter(
            self.printer_device.url,
            timeout=PRINTER_JOB_TIMEOUT,
            status_timeout=PRINTER_STATUS_TIMEOUT,
        )
        self.camera = OpenCvCamera(str(self.video))
        devices = Devices(
            document_reader=reader, printer=printer, camera=self.camera, chip_reader=chip_reader
        )
        config = config_in(folder)
        if required is not None:
            config = config.replace(devices={"required": list(required)})
        self.clock = FixedClock.on(TODAY)
        self.app: App = build_app(config, clock=self.clock, devices=devices)
        self._stack.callback(self.app.close)
        self.ui = RecordingUi()
        self.controller = KioskController(
            self.app.new_session(), self.app.devices, self.app.config, lambda call: call()
        )
        self.controller.attach(self.ui)
        self.controller.start()
        self._stack.callback(self.controller.stop)

    def close(self) -> None:
        self._stack.close()

    # The citizen's actions, as the screens send them.
    def act(self, action: str, *args: Any) -> None:
        self.controller.act(action, *args)

    def wait_state(self, *states: str) -> None:
        self.ui.wait_for(f"state in {states}", lambda: self.ui.state in states)

    def start_visit(self) -> None:
        self.act("start")
        self.wait_state("document")

    def lay_passport(self) -> None:
        """Karen lays her passport on the reader and shows her health card (R1)."""
        self.reader_device.play(KAREN_MRZ)
        self.wait_state("health_card")
        self.show_health_card()

    def show_health_card(self) -> None:
        self.act("scan_health_card", KAREN_CPR)
        self.wait_state("confirming")
        self.act("confirm")
        self.wait_state("choosing")

    def answer_questions_truthfully(self) -> None:
        """R3: two right answers pass the round and start the printing."""
        person = self.app.services.register.find(KAREN_CPR)
        assert person is not None
        self.act("choose", "questions")
        for number in (1, 2):
            self.ui.wait_for(
                f"question {number}",
                lambda n=number: (
                    self.ui.views[-1].question is not None
                    and self.ui.views[-1].question.number == n
                ),
            )
            question = self.ui.views[-1].question
            assert question is not None
            self.act("answer", truthful_choice(person, question.kind, question.choices))

    def holdings(self, status: str) -> list[str]:
        """Karen's NemID numbers in ``status`` (active, printing or voided)."""
        authority = self.app.register.authority
        return [
            record.number
            for record in authority.holdings_in_status(status)
            if record.masked_cpr == KAREN_MASKED
        ]
