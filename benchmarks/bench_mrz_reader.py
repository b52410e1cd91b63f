"""MRZ reader speed: framing throughput, and time from a document laid down to the kiosk having it.

``python -m benchmarks.bench_mrz_reader`` prints the figures; ``python -m benchmarks`` includes
them. "framing" feeds a stream of TD3 and TD1 documents with noise in 7-byte pieces through
the pure reassembler. "time to document" is over a real pty: the simulator starts writing a TD3
document in STX/ETX paced at the baud rate, and the clock stops when ``read_document`` returns
it checked by the core MRZ parser. At 9600 baud the 92 bytes alone take 96 ms on the wire; the
budget allows 50 ms beyond that for the driver.
"""

from __future__ import annotations

import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.figures import Figure, median_ms
from drivers.mrz_reader.framing import MrzFrameAssembler
from drivers.mrz_reader.serial_reader import SerialMrzReader
from drivers.sim.reader.mrz_reader_device import (
    BITS_PER_BYTE,
    SPECIMEN_TD1,
    SPECIMEN_TD3,
    MrzReaderDevice,
    encode_document,
)

DOCUMENTS, QUICK_DOCUMENTS = 5000, 200
READS, QUICK_READS = 20, 3
PIECE_BYTES = 7
BAUDS = (9600, 115200)
FRAMING_BUDGET_US_PER_DOCUMENT = 200.0
DRIVER_ALLOWANCE_MS = 50.0
NOISE = b"\x00OK\r\n"


def framing_figure(count: int) -> Figure:
    one = encode_document(SPECIMEN_TD3, framed=True) + NOISE + encode_document(SPECIMEN_TD1)
    stream = one * (count // 2)
    assembler = MrzFrameAssembler()
    start = time.perf_counter()
    documents = 0
    for offset in range(0, len(stream), PIECE_BYTES):
        documents += len(assembler.feed(stream[offset : offset + PIECE_BYTES]))
    elapsed = time.perf_counter() - start
    return Figure(
        "MRZ framing, per document",
        elapsed / max(documents, 1) * 1e6,
        "us",
        FRAMING_BUDGET_US_PER_DOCUMENT,
        f"{documents} documents in {PIECE_BYTES}-byte pieces",
    )


def time_to_document(baud: int, reads: int) -> Figure:
    data_bytes = len(encode_document(SPECIMEN_TD3, framed=True))
    wire_ms = data_bytes * BITS_PER_BYTE / baud * 1000
    durations = []
    with tempfile.TemporaryDirectory() as folder:
        link = Path(folder) / "ttyMRZ"
        with (
            MrzReaderDevice(link, baud=baud) as device,
            SerialMrzReader.from_url(device.url) as reader,
        ):
            for _ in range(reads):
                player = threading.Thread(
                    target=device.play, args=(SPECIMEN_TD3,), kwargs={"framed": True}
                )
                start = time.perf_counter()
                player.start()
                document = reader.read_document(5.0)
                durations.append(time.perf_counter() - start)
                player.join()
                if document is None or document.lines != SPECIMEN_TD3:
                    raise RuntimeError(f"read {document!r} instead of the specimen")
    return Figure(
        f"MRZ time to document at {baud} baud (pty)",
        median_ms(durations),
        "ms",
        round(wire_ms + DRIVER_ALLOWANCE_MS, 1),
        f"{data_bytes} bytes = {wire_ms:.0f} ms on the wire; {reads} reads",
    )


def measure(quick: bool = False) -> list[Figure]:
    reads = QUICK_READS if quick else READS
    figures = [framing_figure(QUICK_DOCUMENTS if quick else DOCUMENTS)]
    figures += [time_to_document(baud, reads) for baud in BAUDS]
    return figures


def main(argv: list[str] | None = None) -> int:
    figures = measure(quick=bool(argv and "--quick" in argv))
    for figure in figures:
        print(figure.row())
    return 1 if any(figure.within_budget is False for figure in figures) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
