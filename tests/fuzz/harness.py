"""Shared runner for the coverage-guided atheris harnesses in this folder.

Each ``fuzz_<target>.py`` defines ``one_input(data: bytes) -> None``, which feeds outside data to
one parser and lets through only the errors that parser promises (a ``KioskError`` subclass);
anything else is a finding. ``run(one_input)`` instruments the project's packages and hands the
function to libFuzzer with the command-line options (``-max_total_time=N corpus_dir``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable

import atheris


def run(one_input: Callable[[bytes], None]) -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


def instrument() -> object:
    """Context manager: instrument the modules imported inside it for coverage feedback."""
    return atheris.instrument_imports(include=["kiosk", "drivers"])
