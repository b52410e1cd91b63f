"""What the demo's panel and scripts may do to the simulated devices (the rig's surface).

The composition root builds the rig (``app/demo.py``); screens see it only through this
Protocol, so they never import a driver or a simulator.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from kiosk.composed import App
from kiosk.storage.personas import Persona


class DemoControls(Protocol):
    """The kiosk on simulators and the hands that play the citizen on them."""

    app: App
    printouts: Path
    personas: Mapping[str, Persona]

    def lay_document(self, persona_id: str) -> None: ...

    def insert_staff_card(self, role: str = "staff") -> None: ...

    def remove_staff_card(self) -> None: ...

    def unplug_reader(self) -> None: ...

    def replug_reader(self) -> None: ...

    def pull_paper(self) -> None: ...

    def reload_paper(self) -> None: ...

    def printed_files(self) -> list[Path]: ...

    def close(self) -> None: ...
