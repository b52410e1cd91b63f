"""What the self-tests need of simulated devices, handed in by the caller: never imported here.

A ``sim://`` device URL asks a check to test its real driver against a simulator: the ESC/POS
printer rendering a page, a pty MRZ reader playing specimen documents, the diagnostic test card
in a vpcd slot, a generated camera video. The checks only know these protocols; the caller
(``kiosk diag``) puts an implementation in :attr:`DiagContext.simulators
<drivers.diagnostics.outcome.DiagContext.simulators>`, so no driver imports a simulator.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from drivers.iso7816.apdu import CommandApdu

MrzLines = tuple[str, ...]


class SimulatedPrinter(Protocol):
    """A simulated receipt printer the real driver prints to."""

    @property
    def url(self) -> str: ...

    def wait_for_pages(self, count: int, timeout: float) -> object:
        """Block until ``count`` pages are rendered. Raises TimeoutError."""


class SimulatedDocumentReader(Protocol):
    """A simulated serial MRZ reader the real driver reads from."""

    @property
    def url(self) -> str: ...

    def play(self, lines: MrzLines, *, framed: bool = False, chunk: int = 0) -> object:
        """Send a document's MRZ lines (framed in STX/ETX, or in pieces of ``chunk`` bytes)."""

    def write(self, data: bytes) -> None:
        """Send raw bytes (line noise)."""


class DocumentPlayer(Protocol):
    """A simulated reader already running behind a port, driven over its control channel."""

    def play(self, lines: list[str], *, framed: bool) -> object: ...


class KnownAnswerCard(Protocol):
    """An inserted test card: SELECT ``aid``, then ``command`` must answer ``answer``."""

    @property
    def reader_name(self) -> str: ...

    @property
    def aid(self) -> bytes: ...

    @property
    def command(self) -> CommandApdu: ...

    @property
    def answer(self) -> bytes: ...


class DiagSimulators(Protocol):
    """The simulated parts of the self-tests of ``sim://`` devices."""

    def printer(self, out_dir: Path) -> AbstractContextManager[SimulatedPrinter]:
        """A running simulated printer rendering its pages into ``out_dir``."""

    def document_reader(self) -> AbstractContextManager[SimulatedDocumentReader]:
        """A running simulated MRZ reader on a pseudo-terminal."""

    def specimen_documents(self) -> tuple[MrzLines, MrzLines]:
        """The MRZ lines of two known documents: a passport (TD3) and an ID card (TD1)."""

    def served_document_reader(self, url: str) -> DocumentPlayer | None:
        """The simulator serving the reader at ``url`` (started by ``kiosk sim``), or None."""

    def test_card(self) -> AbstractContextManager[KnownAnswerCard]:
        """The test card inserted in a reader. Raises DeviceUnavailable when it cannot run."""

    def camera_video(self, path: Path, faces: Sequence[bool]) -> Path:
        """Write a video whose frames show a face or an empty room, in order; its path."""

    def specimen_card_photo(self, path: Path) -> tuple[Path, str]:
        """Photograph a specimen licence on the document camera's glass into ``path``: the
        photo's path and the CPR number printed on the licence."""
