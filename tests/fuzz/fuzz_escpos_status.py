"""Fuzz the decoding of the bytes a printer sends back (DLE EOT, ASB, process ID responses).

:class:`ReplyStream` must take any bytes, in any chunking, without raising, and keep only
replies whose fixed bits are right; the single-reply decoders may only raise ValueError.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.fuzz.harness import instrument, run

with instrument():
    from drivers.printer.status import (
        ReplyStream,
        decode_asb,
        decode_realtime,
        is_asb_packet,
        is_realtime_reply,
    )

STATUS_QUERIES = 4  # DLE EOT n = 1..4


def one_input(data: bytes) -> None:
    if not data:
        return
    chunk = data[0] % 7 + 1
    stream = ReplyStream()
    for start in range(1, len(data), chunk):
        stream.feed(data[start : start + chunk])
    assert all(is_realtime_reply(byte) for byte in stream.realtime)
    assert all(len(ident) == STATUS_QUERIES for ident in stream.completed)
    try:
        decode_asb(data[:4]).health()
    except ValueError:
        assert not is_asb_packet(data[:4])
    replies = {n: byte for n, byte in enumerate(data[1 : 1 + STATUS_QUERIES], start=1)}
    try:
        decode_realtime(replies).health()
    except ValueError:
        assert not all(is_realtime_reply(byte) for byte in replies.values())


if __name__ == "__main__":
    run(one_input)
