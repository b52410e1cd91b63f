"""Fuzz the MRZ parser with arbitrary text: it may only raise MRZError."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fuzz.harness import instrument, run

with instrument():
    from kiosk.errors import MRZError
    from kiosk.identity.mrz import parse_mrz


def one_input(data: bytes) -> None:
    text = data.decode("latin-1")
    try:
        mrz = parse_mrz(text.split("\n"))
    except MRZError:
        return
    mrz.to_json()


if __name__ == "__main__":
    run(one_input)
