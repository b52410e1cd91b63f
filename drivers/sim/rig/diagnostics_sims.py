"""The simulated parts of ``kiosk diag``'s self-tests of ``sim://`` devices.

:class:`DiagnosticsSimulators` implements :class:`drivers.diagnostics.simulated.DiagSimulators`
with the project's simulators: the in-process ESC/POS printer, the pty MRZ reader with the ICAO
specimen documents, the diagnostic test card in a vpcd slot of pcscd and a generated camera
video. It also finds the simulators ``kiosk sim start`` left running (from the state file next to
the config), so a check can ask the one behind a serial port to lay a document down. Simulator
modules are imported only when a check asks for one, so a build without one (OpenCV, pcscd)
reports that device unavailable instead of failing ``kiosk diag`` as a whole.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

from drivers.diagnostics.simulated import (
    DocumentPlayer,
    KnownAnswerCard,
    MrzLines,
    SimulatedDocumentReader,
    SimulatedPrinter,
)
from drivers.iso7816.apdu import CommandApdu
from drivers.sim.rig.supervisor import read_state


@dataclass(frozen=True)
class InsertedTestCard:
    """The diagnostic test card in a reader, with what it must answer."""

    reader_name: str
    aid: bytes
    command: CommandApdu
    answer: bytes


class DiagnosticsSimulators:
    """The simulators behind ``sim://`` self-tests; ``config_path`` finds ``kiosk sim``'s state."""

    def __init__(self, config_path: Path | None = None) -> None:
        self._controls = sim_controls(config_path)

    def printer(self, out_dir: Path) -> AbstractContextManager[SimulatedPrinter]:
        from drivers.sim.printer.escpos_printer_device import EscposPrinterDevice

        return EscposPrinterDevice(out_dir)

    def document_reader(self) -> AbstractContextManager[SimulatedDocumentReader]:
        from drivers.sim.reader.mrz_reader_device import MrzReaderDevice

        return MrzReaderDevice(baud=None)

    def specimen_documents(self) -> tuple[MrzLines, MrzLines]:
        from drivers.sim.reader.mrz_reader_device import SPECIMEN_TD1, SPECIMEN_TD3

        return SPECIMEN_TD3, SPECIMEN_TD1

    def served_document_reader(self, url: str) -> DocumentPlayer | None:
        from drivers.sim.reader.mrz_reader_device import MrzReaderControl

        control = self._controls.get(url)
        return MrzReaderControl(Path(control)) if control else None

    def test_card(self) -> AbstractContextManager[KnownAnswerCard]:
        return _inserted_test_card()

    def camera_video(self, path: Path, faces: Sequence[bool]) -> Path:
        from drivers.sim.camera.camera_video import EMPTY, FACE, write_camera_video

        return write_camera_video(path, "".join(FACE if face else EMPTY for face in faces))

    def specimen_card_photo(self, path: Path) -> tuple[Path, str]:
        from drivers.sim.camera.card_photo import SPECIMEN_LICENCE, Scene
        from drivers.sim.camera.document_glass import DocumentGlass

        glass = DocumentGlass(path.parent)
        glass.lay(SPECIMEN_LICENCE, scene=Scene(rotation=2.0, blur=0.8, glare=0.2))
        return glass.path, SPECIMEN_LICENCE.cpr


@contextmanager
def _inserted_test_card() -> Iterator[KnownAnswerCard]:
    from drivers.sim.cards.card_slot import emulated_card
    from drivers.sim.cards.test_card import (
        KNOWN_ANSWER,
        TEST_CARD_AID,
        TestCard,
        known_answer_command,
    )

    with emulated_card(TestCard()) as inserted:
        yield InsertedTestCard(
            inserted.reader_name, TEST_CARD_AID, known_answer_command(), KNOWN_ANSWER
        )


def sim_controls(config_path: Path | None) -> dict[str, str]:
    """Simulator control addresses by device URL, from the state ``kiosk sim start`` wrote."""
    if config_path is None:
        return {}
    controls: dict[str, str] = {}
    simulators = read_state(Path(config_path).parent).get("simulators", {})
    for entry in simulators.values() if isinstance(simulators, dict) else ():
        for url in entry.get("urls", {}).values():
            if entry.get("control"):
                controls[url] = entry["control"]
    return controls
