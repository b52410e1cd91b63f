"""The composition root builds every device from its URL (DESIGN.md: one composition root;
simulators are first-class drivers): ``sim://`` starts each simulator and runs the real driver on
it, ``App.close`` releases drivers and simulators, and a device whose factory fails at start-up
is None with its health recorded instead of crashing the kiosk (R4 for a printer that failed)."""

from __future__ import annotations

import ast
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import kiosk
from app.bootstrap import PAPERLESS_PRINTER, build_app
from app.device_startup import DeferredDevice
from drivers.camera.opencv_camera import OpenCvCamera
from drivers.emrtd.pcsc_chip_reader import PcscChipReader
from drivers.mrz_reader.serial_reader import SerialMrzReader
from drivers.printer.receipt_printer import EscposReceiptPrinter
from drivers.sim.cards.epassport_reader import SimulatedChipReader
from drivers.sim.printer.paper_printer import PaperlessPrinter
from drivers.staff_card.reader import PcscStaffCardReader
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.devices.health import DeviceState
from kiosk.errors import ConfigError, PrinterOffline
from kiosk.issuance.transaction import IssuanceRequest
from kiosk.storage.personas import persona

RICH = persona("rich_register")


def refuses_connections(url: str) -> bool:
    host, port = url.removeprefix("tcp://").split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=0.5):
            return False
    except OSError:
        return True


def test_all_sim_config_gives_live_drivers_and_close_releases_them(
    config: KioskConfig, tmp_path: Path
) -> None:
    app = build_app(config, clock=FixedClock(), printouts=tmp_path / "printouts")
    devices, simulators = app.devices, app.simulators
    try:
        assert isinstance(devices.document_reader, SerialMrzReader)
        assert isinstance(devices.card_reader, PcscStaffCardReader)
        chip_reader = devices.chip_reader
        assert isinstance(chip_reader, DeferredDevice) and not chip_reader.opened
        assert isinstance(chip_reader.device(), SimulatedChipReader)
        assert isinstance(devices.printer, EscposReceiptPrinter)
        camera = devices.camera
        assert isinstance(camera, DeferredDevice) and not camera.opened
        assert isinstance(camera.device(), OpenCvCamera)
        for name, device in devices.named().items():
            assert device.health().usable, name
        assert app.device_faults == {}
        assert set(simulators) == {"document_reader", "card_reader", "printer", "document_camera"}
        glass_folder = simulators["document_camera"].folder
        assert glass_folder.exists()
        printer_url = simulators["printer"].url
        assert not refuses_connections(printer_url)
        video_folder = camera.device()._owned_folder
        assert video_folder is not None and video_folder.exists()
    finally:
        app.close()
    assert refuses_connections(printer_url)
    assert not simulators["document_reader"].plugged
    assert not video_folder.exists()
    assert not glass_folder.exists()


def test_printer_override_starts_no_printer_simulator(config: KioskConfig) -> None:
    printer = PaperlessPrinter()
    none = dict.fromkeys(
        ("document_reader", "card_reader", "chip_reader", "camera", "document_camera"), ""
    )
    with build_app(config.replace(devices=none), printer=printer) as app:
        assert app.devices.printer is printer
        assert app.simulators == {}
        assert all(app.devices.get(name) is None for name in none)


def test_paperless_url_gives_the_paperless_printer(config: KioskConfig) -> None:
    only_printer = config.replace(devices={"camera": "", "chip_reader": "", "card_reader": ""})
    with build_app(only_printer.replace(devices={"printer": PAPERLESS_PRINTER})) as app:
        assert isinstance(app.devices.printer, PaperlessPrinter)
        assert "printer" not in app.simulators


def test_device_failing_at_start_up_is_none_with_its_health_recorded(
    config: KioskConfig,
) -> None:
    broken = config.replace(
        devices={
            "card_reader": "pcsc://Some Reader",  # pcsc:// needs security.staff_card_ca
            "chip_reader": "pcsc://Some Reader",
            "camera": "",
            "document_reader": "",
            "printer": PAPERLESS_PRINTER,
        },
        security={"trust_store": "/nonexistent/csca"},
    )
    with build_app(broken) as app:
        assert app.devices.card_reader is None and app.devices.chip_reader is None
        staff = app.device_faults["card_reader"]
        assert staff.state is DeviceState.HARDWARE_ERROR and not staff.usable
        assert "config_invalid" in staff.detail and "staff_card_ca" in staff.detail
        assert "trust store" in app.device_faults["chip_reader"].detail


def test_r4_printer_failing_at_start_up_refuses_every_job_and_activates_nothing(
    config: KioskConfig,
) -> None:
    none = dict.fromkeys(
        ("document_reader", "card_reader", "chip_reader", "camera", "document_camera"), ""
    )
    bad_printer = config.replace(devices={**none, "printer": "camera:///not/a/printer"})
    with build_app(bad_printer) as app:
        assert app.devices.printer is None
        fault = app.device_faults["printer"]
        assert not fault.usable and "printer URL" in fault.detail
        person = app.services.register.find(RICH.cpr)
        assert person is not None
        request = IssuanceRequest(person.cpr, person.full_name, person.address, "da", "R3")
        with pytest.raises(PrinterOffline):
            app.issuing.issuance.issue(request)
        assert app.services.authority.holding(RICH.cpr) is None


def test_no_printer_url_is_a_config_error(config: KioskConfig) -> None:
    with pytest.raises(ConfigError, match="no printer"):
        build_app(config.replace(devices={"printer": ""}))


def test_unknown_override_is_a_config_error(config: KioskConfig) -> None:
    with pytest.raises(ConfigError, match="scanner"):
        build_app(config, scanner=object())


def test_pcsc_chip_reader_is_built_for_a_pcsc_url(config: KioskConfig, tmp_path: Path) -> None:
    trust = tmp_path / "csca"
    trust.mkdir()
    none = dict.fromkeys(("document_reader", "card_reader", "camera"), "")
    pcsc = config.replace(
        devices={**none, "chip_reader": "pcsc://Any Reader", "printer": PAPERLESS_PRINTER},
        security={"trust_store": str(trust)},
    )
    with build_app(pcsc) as app:
        assert isinstance(app.devices.chip_reader, PcscChipReader)


DEVICE_LIBRARIES = ("drivers", "serial", "smartcard", "escpos", "cv2", "kivy")


def top_level_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_kiosk_module_imports_a_driver_or_device_library_at_import_time() -> None:
    """docs/design.md: screens -> kiosk <- drivers; the composition root imports drivers lazily."""
    kiosk_root = Path(kiosk.__file__).parent
    offenders = {
        str(path.relative_to(kiosk_root)): found
        for path in sorted(kiosk_root.rglob("*.py"))
        if (found := top_level_imports(path) & set(DEVICE_LIBRARIES))
    }
    assert offenders == {}


def test_building_nothing_loads_no_driver(subprocess_env: dict[str, str]) -> None:
    modules = "app.bootstrap, app.demo, kiosk.journey.session"
    wanted = repr(DEVICE_LIBRARIES)
    # The demo rig itself lives in drivers/sim/; what it must not load is any device driver.
    itself = repr({"drivers", "drivers.sim", "drivers.sim.rig", "drivers.sim.rig.demo_rig"})
    probe = (
        f"import sys, {modules};"
        f"print(sorted(m for m in sys.modules"
        f" if m.split('.')[0] in {wanted} and m not in {itself}))"
    )
    command = [sys.executable, "-c", probe]
    done = subprocess.run(command, capture_output=True, text=True, env=subprocess_env, check=True)
    assert done.stdout.strip() == "[]"
