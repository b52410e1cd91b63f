"""Which simulators ``kiosk sim`` runs, one :class:`SimulatorSpec` per device family.

A spec says which Python module to run (``python -m``) with which arguments in the runtime
folder, which config device keys it serves and at which URLs, and how to tell it is ready. A
family plugs in by adding one spec to :data:`SIMULATORS`; a spec whose module is not in the
tree yet is reported as unavailable instead of failing the rest.
"""

from __future__ import annotations

import importlib.util
import json
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from drivers.sim.control_channel import ControlClient
from kiosk.errors import DeviceError

READY_PROBE_TIMEOUT = 1.0


@dataclass(frozen=True)
class SimulatorSpec:
    """How to run one simulator as a background process (or a one-shot file generator)."""

    name: str
    module: str
    devices: tuple[str, ...]
    arguments: Callable[[Path], list[str]]
    urls: Callable[[Path], dict[str, str]]
    ready: Callable[[Path], bool]
    control: Callable[[Path], str] = field(default=lambda _: "")  # its control address, if any
    files: Callable[[Path], list[Path]] = field(default=lambda _: [])  # removed by `sim stop`
    # Config keys beyond [devices] the kiosk needs to use the simulator: {section: {key: value}}.
    settings: Callable[[Path], dict[str, dict[str, str]]] = field(default=lambda _: {})
    one_shot: bool = False  # runs to completion (writes a file) instead of staying up
    needs_pcscd: bool = False


def control_answers(socket_path: Path) -> bool:
    """Whether a simulator answers ``status`` on its control socket."""
    try:
        return bool(ControlClient(socket_path, timeout=READY_PROBE_TIMEOUT).status().get("ok"))
    except (DeviceError, ValueError):
        return False


# --- MRZ document reader: a pty behind a stable symlink, commands on a unix socket.
MRZ_LINK = "ttyMRZ"
MRZ_CONTROL = "mrz_reader.sock"
MRZ_BAUD = 9600

MRZ_READER = SimulatorSpec(
    name="mrz_reader",
    module="drivers.sim.reader.mrz_reader_device",
    devices=("document_reader",),
    arguments=lambda d: [
        "--link",
        str(d / MRZ_LINK),
        "--control",
        str(d / MRZ_CONTROL),
        "--baud",
        str(MRZ_BAUD),
    ],
    urls=lambda d: {"document_reader": f"serial://{d / MRZ_LINK}?baud={MRZ_BAUD}"},
    ready=lambda d: (d / MRZ_LINK).exists() and control_answers(d / MRZ_CONTROL),
    control=lambda d: str(d / MRZ_CONTROL),
    files=lambda d: [d / MRZ_CONTROL],
)

# --- Camera: a generated video file that OpenCvCamera plays as a camera.
CAMERA_VIDEO = "camera.avi"

CAMERA = SimulatorSpec(
    name="camera",
    module="drivers.sim.camera.camera_video",
    devices=("camera",),
    arguments=lambda d: [str(d / CAMERA_VIDEO)],
    urls=lambda d: {"camera": f"camera://{d / CAMERA_VIDEO}"},
    ready=lambda d: (d / CAMERA_VIDEO).is_file() and (d / CAMERA_VIDEO).stat().st_size > 0,
    files=lambda d: [d / CAMERA_VIDEO],
    one_shot=True,
)

# --- Receipt printer: an ESC/POS TCP server; its ready file names its URL and control address.
PRINTER_READY = "printer.json"
PRINTER_OUT = "printouts"


def ready_file(path: Path) -> dict[str, str]:
    """The JSON a simulator wrote once it listens, or {} before that."""
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def tcp_answers(url: str) -> bool:
    host, _, port = url.removeprefix("tcp://").rpartition(":")
    if not port.isdigit():
        return False
    try:
        with socket.create_connection((host, int(port)), timeout=READY_PROBE_TIMEOUT):
            return True
    except OSError:
        return False


PRINTER = SimulatorSpec(
    name="printer",
    module="drivers.sim.printer.escpos_printer_device",
    devices=("printer",),
    arguments=lambda d: ["--ready-file", str(d / PRINTER_READY), "--out", str(d / PRINTER_OUT)],
    urls=lambda d: {"printer": url} if (url := ready_file(d / PRINTER_READY).get("url")) else {},
    ready=lambda d: tcp_answers(ready_file(d / PRINTER_READY).get("control", "")),
    control=lambda d: ready_file(d / PRINTER_READY).get("control", ""),
    files=lambda d: [d / PRINTER_READY],
)

# --- Smart cards: an emulated card per reader, each in its own vpcd slot of the shared pcscd.
CARD_MODULE = "drivers.sim.cards.card_process"
STAFF_CARD_MODULE = "drivers.sim.cards.staff_card"
TRUST_DIR = "trust"
STAFF_CA_FILE = "staff-card-ca.pem"  # next to kiosk-sim.toml: security.staff_card_ca


def staff_or_test_card() -> str:
    """The staff card once its emulator is in the tree; the diagnostic test card until then."""
    return "staff" if importlib.util.find_spec(STAFF_CARD_MODULE) else "test"


def card_spec(
    device: str,
    card: Callable[[], str],
    slot: int,
    *extra: str,
    settings: Callable[[Path], dict[str, dict[str, str]]] = lambda _: {},
    files: Callable[[Path], list[Path]] = lambda _: [],
) -> SimulatorSpec:
    """A card emulator serving ``device`` (config key) from vpcd slot ``slot``."""
    return SimulatorSpec(
        name=device,
        module=CARD_MODULE,
        devices=(device,),
        arguments=lambda d: [
            "--card",
            card(),
            "--slot",
            str(slot),
            "--ready-file",
            str(d / f"{device}.json"),
            "--control",
            str(d / f"{device}.sock"),
            "--pcscd-log",
            str(d / "pcscd.log"),
            *[part.format(runtime=d) for part in extra],
        ],
        urls=lambda d: (
            {device: url} if (url := ready_file(d / f"{device}.json").get("url")) else {}
        ),
        ready=lambda d: (
            bool(ready_file(d / f"{device}.json")) and control_answers(d / f"{device}.sock")
        ),
        control=lambda d: str(d / f"{device}.sock"),
        files=lambda d: [d / f"{device}.json", d / f"{device}.sock", *files(d)],
        settings=settings,
        needs_pcscd=True,
    )


def _staff_ca_settings(runtime: Path) -> dict[str, dict[str, str]]:
    """The pcsc:// staff reader trusts the CA the card process wrote (when it is a staff card)."""
    ca_file = runtime / STAFF_CA_FILE
    return {"security": {"staff_card_ca": str(ca_file)}} if ca_file.is_file() else {}


CARD_READER = card_spec(
    "card_reader",
    staff_or_test_card,
    0,
    "--ca-file",
    "{runtime}/" + STAFF_CA_FILE,
    settings=_staff_ca_settings,
    files=lambda d: [d / STAFF_CA_FILE],
)
CHIP_READER = card_spec(
    "chip_reader",
    lambda: "epassport",
    1,
    "--trust-dir",
    "{runtime}/" + TRUST_DIR,
    # Passive authentication of the emulated passport needs the test CSCA it was signed under.
    settings=lambda d: {"security": {"trust_store": str(d / TRUST_DIR)}},
)

SIMULATORS: tuple[SimulatorSpec, ...] = (MRZ_READER, PRINTER, CAMERA, CARD_READER, CHIP_READER)


def simulator_names() -> list[str]:
    return [spec.name for spec in SIMULATORS]
