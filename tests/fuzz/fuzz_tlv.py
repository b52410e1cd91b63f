"""Fuzz the BER-TLV decoder with arbitrary bytes from a chip: it may only raise TlvError.

What decodes must cover the input exactly, and each object must survive encode then decode.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fuzz.harness import instrument, run

with instrument():
    from drivers.emrtd import tlv
    from drivers.emrtd.tlv import TlvError


def one_input(data: bytes) -> None:
    try:
        items = list(tlv.iterate(data))
        tlv.header_size(data)
    except TlvError:
        return
    assert not items or items[-1].end == len(data)
    for item in items:
        again = tlv.decode_one(tlv.encode(item.tag, item.value))
        assert (again.tag, again.value) == (item.tag, item.value)


if __name__ == "__main__":
    run(one_input)
