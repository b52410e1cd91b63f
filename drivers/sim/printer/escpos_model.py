"""Which printer the simulator plays: a profile of python-escpos's database and a behaviour.

The profile gives the paper (dots, columns of each font), the code page table ESC t n picks
from, the cutter and the model name ``GS I`` reports. The behaviour is how much of ESC/POS the
printer answers, as printer families in the field do:

- ``epson``: everything (DLE EOT, ``GS ( H``, ASB, ``GS r``, ``GS I``), like an Epson TM;
- ``clone``: ignores what it does not know and answers only ``DLE EOT`` and ``GS r``, like the
  cheap 58 mm printers;
- ``silent``: prints and answers nothing, like a printer on a one-way link;
- ``asb``: answers ``DLE EOT``, ``GS I`` and Automatic Status Back but neither ``GS ( H`` nor
  ``GS r``, so the kiosk can only confirm by ASB.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.printer.profile import load_profile, python_codec
from drivers.sim.printer.escpos_paper import PaperGeometry

EPSON = "epson"
CLONE = "clone"
SILENT = "silent"
ASB_ONLY = "asb"
BEHAVIOURS = (EPSON, CLONE, SILENT, ASB_ONLY)
DEFAULT_SIM_PROFILE = "TM-T20II"
SIM_FIRMWARE = "SIM 1.00"
FONT_INDEXES = ("a", "b")


@dataclass(frozen=True)
class SimulatedModel:
    """The simulated printer's paper, code pages, cutter, identity and what it answers."""

    profile: str
    behaviour: str
    geometry: PaperGeometry
    code_pages: dict[int, str]
    cutter: bool
    model_name: str
    maker: str

    @property
    def answers_status(self) -> bool:
        return self.behaviour != SILENT

    @property
    def answers_transmit_status(self) -> bool:
        return self.behaviour in (EPSON, CLONE)

    @property
    def answers_process_id(self) -> bool:
        return self.behaviour == EPSON

    @property
    def has_asb(self) -> bool:
        return self.behaviour in (EPSON, ASB_ONLY)

    @property
    def answers_printer_id(self) -> bool:
        return self.behaviour in (EPSON, ASB_ONLY)

    def printer_id(self, n: int) -> str | None:
        """The text ``GS I n`` answers (65 firmware, 66 maker, 67 model), or None."""
        return {65: SIM_FIRMWARE, 66: self.maker, 67: self.model_name}.get(n)


def simulated_model(profile: str = DEFAULT_SIM_PROFILE, behaviour: str = EPSON) -> SimulatedModel:
    """The model for a profile name and behaviour. Raises ValueError for unknown ones."""
    if behaviour not in BEHAVIOURS:
        raise ValueError(f"unknown behaviour {behaviour!r}; known: {', '.join(BEHAVIOURS)}")
    try:
        loaded = load_profile(profile)
    except Exception as exc:  # ConfigError: an unknown profile is a bad simulator argument
        raise ValueError(str(exc)) from exc
    columns = tuple(loaded.columns(font) for font in FONT_INDEXES)
    return SimulatedModel(
        profile=loaded.name,
        behaviour=behaviour,
        geometry=PaperGeometry(loaded.dots, (columns[0], columns[1])),
        code_pages={n: python_codec(name) for name, n in loaded.code_pages.items()},
        cutter=loaded.cutter,
        model_name=loaded.model,
        maker=loaded.vendor,
    )
