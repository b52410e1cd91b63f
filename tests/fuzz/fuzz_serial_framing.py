"""Fuzz the MRZ reader's byte-stream reassembler: any bytes, any chunking, never an exception."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fuzz.harness import instrument, run

with instrument():
    from drivers.mrz_reader.framing import MrzFrameAssembler, reassemble


def one_input(data: bytes) -> None:
    whole = reassemble(data)
    assembler = MrzFrameAssembler()
    split = data[0] if data else 1
    pieces = [data[i : i + max(split, 1)] for i in range(0, len(data), max(split, 1))]
    chunked = [event for piece in pieces for event in assembler.feed(piece)]
    chunked += assembler.flush()
    if chunked != whole:
        raise AssertionError("chunking changed the framing result")


if __name__ == "__main__":
    run(one_input)
