"""A kiosk whose chip reader finds no pcscd: ``python -m tests.faults.no_pcscd_kiosk DIR``.

Run with ``PCSCLITE_CSOCK_NAME`` pointing where no pcscd listens (pcscd down or restarting; the
machine's shared pcscd is never touched). It prints one JSON line: the chip reader's health,
the devices the kiosk reports out of service when the chip reader is required, and the state
Karen's visit reaches by the print alone.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from drivers.emrtd.pcsc_chip_reader import PcscChipReader
from drivers.emrtd.trust_store import TrustStore
from kiosk.clock import FixedClock
from tests.faults.kiosk_rig import KAREN_MRZ, TODAY, KioskRig

READER_URL = "pcsc://Virtual PCD 00 00"


def main(argv: list[str]) -> int:
    chip_reader = PcscChipReader.from_url(READER_URL, TrustStore(()), FixedClock.on(TODAY))
    rig = KioskRig(
        Path(argv[0]),
        required=("document_reader", "printer", "chip_reader"),
        chip_reader=chip_reader,
    )
    try:
        down = rig.controller.initial_faults()
        rig.start_visit()
        rig.reader_device.play(KAREN_MRZ)
        rig.wait_state("health_card")
        health = chip_reader.health()
        problems = [problem.code for problem in rig.ui.problems]
        report = {"health": health.state.value, "detail": health.detail, "down": down}
        print(json.dumps(report | {"state": rig.ui.state, "problems": problems}))
    finally:
        rig.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
