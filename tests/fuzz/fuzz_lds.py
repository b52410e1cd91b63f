"""Fuzz the chip's data-group parsers (EF.COM, DG1, DG2, DG14, DG15) with arbitrary file bytes.

The first byte picks the parser, the rest is the file. A malformed file may only raise
TlvError (a ChipError), which the reader turns into a refused chip; anything else is a finding.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fuzz.harness import instrument, run

with instrument():
    from drivers.emrtd.lds.com import parse_com
    from drivers.emrtd.lds.dg1 import parse_dg1
    from drivers.emrtd.lds.dg2 import parse_dg2
    from drivers.emrtd.lds.dg14 import parse_dg14
    from drivers.emrtd.lds.dg15 import parse_dg15
    from kiosk.errors import ChipError

PARSERS = (parse_com, parse_dg1, parse_dg2, parse_dg14, parse_dg15)


def one_input(data: bytes) -> None:
    if not data:
        return
    parser = PARSERS[data[0] % len(PARSERS)]
    try:
        parser(data[1:])
    except ChipError:
        return


if __name__ == "__main__":
    run(one_input)
