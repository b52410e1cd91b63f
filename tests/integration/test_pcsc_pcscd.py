"""Finding pcscd and sharing vpcd slots: config parsing, the slot locks, the not-root refusal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from drivers.sim.cards import pcscd as pcscd_module
from drivers.sim.cards.pcscd import (
    VpcdSlot,
    claim_slot,
    ensure_pcscd,
    pcscd_running,
    resolve_reader_name,
    vpcd_slots,
)
from kiosk.errors import DeviceTimeout, DeviceUnavailable

READER_CONF = """# vpcd
FRIENDLYNAME "Test PCD"
DEVICENAME   /dev/null:0x9000
LIBPATH      /usr/lib/pcsc/drivers/serial/libifdvpcd.so
CHANNELID    0x9000
"""


def test_slots_come_from_the_reader_conf(tmp_path: Path) -> None:
    conf = tmp_path / "vpcd"
    conf.write_text(READER_CONF)
    assert vpcd_slots(conf) == [
        VpcdSlot(0x9000, "Test PCD 00 00", 0),
        VpcdSlot(0x9001, "Test PCD 00 01", 1),
    ]


def test_missing_reader_conf_gives_the_vsmartcard_defaults(tmp_path: Path) -> None:
    assert [s.port for s in vpcd_slots(tmp_path / "absent")] == [35963, 35964]


def test_reader_name_is_resolved_when_pcscd_numbers_it_differently() -> None:
    slot = VpcdSlot(35964, "Virtual PCD 00 01", 1)
    listed = ["ACME USB 00 00", "Virtual PCD 01 00", "Virtual PCD 01 01"]
    assert resolve_reader_name(slot, listed) == "Virtual PCD 01 01"
    with pytest.raises(DeviceUnavailable, match="no reader for vpcd slot 1"):
        resolve_reader_name(slot, ["ACME USB 00 00"])


def test_slots_are_claimed_one_holder_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pcscd_module, "LOCK_DIR", tmp_path)
    slots = [VpcdSlot(1, "A", 0), VpcdSlot(2, "B", 1)]
    with claim_slot(slots) as first, claim_slot(slots) as second:
        assert {first.port, second.port} == {1, 2}
        with pytest.raises(DeviceTimeout, match="every vpcd slot"), claim_slot(slots, 0.1):
            pass
    with claim_slot(slots, prefer=1) as again:
        assert again.port == 2


HOLD_SLOT = """
import sys, time
from pathlib import Path
from drivers.sim.cards import pcscd
pcscd.LOCK_DIR = Path(sys.argv[1])
with pcscd.claim_slot([pcscd.VpcdSlot(7, "A", 0)]):
    print("held", flush=True)
    sys.stdin.readline()
"""


def test_a_slot_held_by_another_process_is_not_claimed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, subprocess_env: dict[str, str]
) -> None:
    monkeypatch.setattr(pcscd_module, "LOCK_DIR", tmp_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_SLOT, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=subprocess_env,
    )
    assert holder.stdout is not None and holder.stdin is not None
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(DeviceTimeout), claim_slot([VpcdSlot(7, "A", 0)], 0.2):
            pass
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)
    with claim_slot([VpcdSlot(7, "A", 0)], 1.0) as slot:
        assert slot.port == 7


def test_not_root_without_pcscd_is_refused_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PCSCLITE_CSOCK_NAME", str(tmp_path / "no-pcscd.comm"))
    monkeypatch.setattr(pcscd_module, "START_LOCK", tmp_path / "start.lock")
    monkeypatch.setattr(pcscd_module.os, "geteuid", lambda: 1000)
    assert not pcscd_running()
    with pytest.raises(DeviceUnavailable, match="only root can start it"):
        ensure_pcscd(tmp_path / "pcscd.log")
