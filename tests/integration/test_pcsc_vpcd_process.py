"""``python -m drivers.sim.cards.vpcd`` as a real process: its card answers through pcscd."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from drivers.iso7816.apdu import SW, select_aid
from drivers.iso7816.transport import exchange
from drivers.pcsc.reader import PcscCardReader
from drivers.pcsc.status import wait_for_card
from drivers.sim.cards.pcscd import vpcd_slots
from drivers.sim.cards.test_card import TEST_CARD_AID

pytestmark = pytest.mark.pcsc


def test_card_process_answers_and_obeys_remove(pcscd: Path, subprocess_env: dict[str, str]) -> None:
    slot = vpcd_slots()[-1]
    command = [sys.executable, "-m", "drivers.sim.cards.vpcd", "--card", "test"]
    process = subprocess.Popen(
        [*command, "--port", str(slot.port), "--wait", "100"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=subprocess_env,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        banner = process.stdout.readline()
        reader_name = banner.split(" card in ")[1].split(" (port")[0]
        assert wait_for_card(reader_name, present=True, timeout=5.0)
        with PcscCardReader(reader_name) as reader:
            assert exchange(reader, select_aid(TEST_CARD_AID)).sw == SW.OK
        process.stdin.write("remove\n")
        process.stdin.flush()
        assert process.stdout.readline() == "ok remove\n"
        assert wait_for_card(reader_name, present=False, timeout=5.0)
        process.stdin.write("quit\n")
        process.stdin.flush()
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
