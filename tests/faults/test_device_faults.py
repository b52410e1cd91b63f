"""Device faults in a matrix over the journey: each device failing at each stage (R4, R12, R13).

The kiosk runs on real drivers against simulated devices (a pty MRZ reader, a TCP ESC/POS
printer, a video-file camera) through the UI's controller, as the screens drive it. Every case
ends in a clear message (a reason, error or reader status the UI has a text for) and a safe
state: no active credential that was not printed whole, and the visit not stuck (the citizen
can still cancel, or order by post, R4).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.bootstrap import build_app
from drivers.emrtd.pcsc_chip_reader import PcscChipReader
from drivers.emrtd.pki import make_test_pki
from drivers.emrtd.trust_store import TrustStore
from drivers.sim.cards.card_slot import InsertedCard
from drivers.sim.cards.epassport_chips import make_chip
from drivers.sim.cards.pcscd import PCSCD_SOCKET_ENV
from drivers.sim.cards.vpcd_runner import Fault
from kiosk.clock import FixedClock
from kiosk.i18n import gettext
from kiosk.ports import Devices
from screens.controller import CHIP, READ_ERROR, UNAVAILABLE
from tests.conftest import ROOT
from tests.faults.kiosk_rig import KAREN_MRZ, TODAY, KioskRig
from tests.integration.issuance_stack import config_in

SLIP_AND_HALF_A_CARD = 1800  # bytes: the slip (~600) and part of the code card (~2300)
CHIP_APDUS_BEFORE_PULL = 8  # inside BAC and the first file reads
BRIEF_LOCK_SECONDS = 1.0
PROCESS_TIMEOUT_SECONDS = 60  # well inside the database's busy timeout
# Karen's passport read with a wrong composite check digit: a misread, not a document.
MISREAD = (KAREN_MRZ[0], KAREN_MRZ[1][:-1] + str((int(KAREN_MRZ[1][-1]) + 1) % 10))
# Printer faults at the issuing stage: what the simulator is told, the reason the citizen sees.
PRINTER_FAULTS = {
    "paper_out_mid_code_card": ({"paper_out_after": SLIP_AND_HALF_A_CARD}, "paper_out"),
    "printer_offline": ({"offline": True}, "printer_offline"),
    "cover_open": ({"cover_open": True}, "cover_open"),
    "printer_hung": ({"no_answer": True}, "printer_offline"),  # no answer reads as offline
}


@pytest.fixture
def rig(tmp_path: Path) -> Iterator[KioskRig]:
    kiosk = KioskRig(tmp_path)
    yield kiosk
    kiosk.close()


def _has_text(key: str) -> bool:
    return all(gettext(language, key) != key for language in ("da", "en"))


def _order_by_post(rig: KioskRig) -> None:
    """R4: the way out that must stay open after any device fault."""
    rig.act("choose", "post")
    rig.wait_state("ordered")
    assert rig.app.services.postal is not None


# Stage: document (the reader is being watched).
def test_reader_unplugged_while_waiting_for_the_document(rig: KioskRig) -> None:
    rig.start_visit()
    rig.reader_device.unplug()
    rig.ui.wait_for("reader unavailable", lambda: UNAVAILABLE in rig.ui.reader_statuses)
    rig.ui.wait_for("out of service", lambda: ["document_reader"] in rig.ui.out_of_service_calls)
    assert _has_text(f"ui.reader.{UNAVAILABLE}")
    assert rig.ui.state == "document"
    rig.act("cancel")  # not stuck: the citizen can leave
    rig.wait_state("welcome")
    rig.reader_device.replug()
    rig.start_visit()
    rig.ui.wait_for("back in service", lambda: rig.ui.back_in_service_calls >= 1)
    rig.lay_passport()  # and the next citizen is served


def test_document_misread_asks_to_lay_it_again(rig: KioskRig) -> None:
    rig.start_visit()
    rig.reader_device.play(MISREAD)
    rig.ui.wait_for("read error", lambda: READ_ERROR in rig.ui.reader_statuses)
    assert _has_text(f"ui.reader.{READ_ERROR}")
    assert rig.ui.state == "document"
    rig.lay_passport()


@pytest.mark.pcsc
def test_passport_pulled_off_mid_chip_read_leaves_the_visit_going(
    tmp_path: Path, insert_card: Callable[..., InsertedCard]
) -> None:
    pki = make_test_pki(datetime.now(UTC))
    inserted = insert_card(make_chip(KAREN_MRZ, pki).card())
    inserted.arm_fault(Fault.PULL, after_apdus=CHIP_APDUS_BEFORE_PULL)
    chip_reader = PcscChipReader.from_url(
        inserted.url, TrustStore.of([pki.csca_certificate]), FixedClock.on(TODAY)
    )
    rig = KioskRig(tmp_path, chip_reader=chip_reader)
    try:
        rig.start_visit()
        rig.reader_device.play(KAREN_MRZ)
        rig.ui.wait_for("chip read", lambda: CHIP in rig.ui.reader_statuses)
        rig.ui.wait_for(
            "the read settled",
            lambda: rig.ui.state == "health_card" or READ_ERROR in rig.ui.reader_statuses,
        )
        assert not [p for p in rig.ui.problems if p.code == "unexpected"]
        if rig.ui.state == "document":  # asked to lay the passport again: now it has no chip
            rig.reader_device.play(KAREN_MRZ)
            rig.wait_state("health_card")
        rig.show_health_card()
        _order_by_post(rig)
    finally:
        rig.close()
        chip_reader.close()


# Stage: choosing (the reader is not read; the visit must go on).
def test_reader_unplugged_after_the_scan_leaves_the_visit_going(rig: KioskRig) -> None:
    rig.start_visit()
    rig.lay_passport()
    rig.reader_device.unplug()
    _order_by_post(rig)


def test_camera_gone_mid_visit_takes_the_kiosk_out_of_service_but_not_the_citizen(
    tmp_path: Path,
) -> None:
    rig = KioskRig(tmp_path, required=("document_reader", "printer", "camera"))
    try:
        rig.start_visit()
        rig.lay_passport()
        rig.camera.close()
        rig.video.unlink()  # the camera is unplugged: its device is gone
        rig.act("help")
        rig.ui.wait_for("camera out", lambda: ["camera"] in rig.ui.out_of_service_calls)
        rig.act("close_help")
        _order_by_post(rig)
    finally:
        rig.close()


# Stage: issuing (the printer prints the password slip and the code card).
@pytest.mark.parametrize("fault", sorted(PRINTER_FAULTS))
def test_r4_printer_fault_while_issuing_voids_and_offers_the_post(
    rig: KioskRig, fault: str
) -> None:
    settings, reason = PRINTER_FAULTS[fault]
    rig.start_visit()
    rig.lay_passport()
    rig.printer_device.set_fault(**settings)
    rig.answer_questions_truthfully()
    rig.ui.wait_for("back to the choice", lambda: rig.ui.views[-1].notice is not None)
    view = rig.ui.views[-1]
    assert view.state == "choosing"
    assert view.notice is not None and (view.notice.reason, view.notice.rule) == (reason, "R4")
    assert _has_text(f"reason.{reason}")
    # Safe: nothing half printed is active, the interrupted credential is voided and audited.
    assert rig.holdings("active") == [] and rig.holdings("printing") == []
    [voided] = rig.holdings("voided")
    events = [(e.event, e.data.get("nemid_number")) for e in rig.app.kiosk.audit.entries()]
    assert ("credential.voided", voided) in events
    if fault != "printer_hung":  # a hung printer still answers nothing: no status to judge
        rig.ui.wait_for("printer out", lambda: ["printer"] in rig.ui.out_of_service_calls)
    _order_by_post(rig)


# Stage: issuing, with the kiosk database held by another writer.
def test_database_locked_briefly_while_issuing_waits_and_issues(rig: KioskRig) -> None:
    rig.start_visit()
    rig.lay_passport()
    blocker = sqlite3.connect(
        rig.folder / "kiosk.sqlite", isolation_level=None, check_same_thread=False
    )
    blocker.execute("BEGIN EXCLUSIVE")
    release = threading.Timer(BRIEF_LOCK_SECONDS, blocker.execute, args=("COMMIT",))
    release.start()
    try:
        rig.answer_questions_truthfully()
        rig.wait_state("issued")
    finally:
        release.join()
        blocker.close()
    assert len(rig.holdings("active")) == 1
    assert rig.app.kiosk.audit.verify().intact


def test_a_kiosk_restarted_after_any_fault_leaves_nothing_printing(rig: KioskRig) -> None:
    rig.start_visit()
    rig.lay_passport()
    rig.printer_device.set_fault(paper_out_after=SLIP_AND_HALF_A_CARD)
    rig.answer_questions_truthfully()
    rig.ui.wait_for("back to the choice", lambda: rig.ui.views[-1].notice is not None)
    rig.close()
    with build_app(config_in(rig.folder), devices=Devices(printer=object())) as again:
        assert again.recovered == []  # the fault was settled at once, not left to recovery
        assert again.register.authority.holdings_in_status("printing") == []
        assert again.kiosk.audit.verify().intact


def test_pcscd_down_marks_the_chip_reader_and_the_visit_goes_on_by_the_print(
    tmp_path: Path, subprocess_env: dict[str, str]
) -> None:
    """pcscd down (or restarting), in a kiosk process whose PC/SC client looks for pcscd on a
    socket where none listens. The machine's pcscd is one daemon shared with every other test
    and its vpcd ports belong to it, so a test may not restart it, nor start a second pcscd
    beside it: the 'restarted' half of the cell is the reconnect the PC/SC reader already does
    on every open (tests/integration/test_pcsc_reader.py)."""
    env = subprocess_env | {PCSCD_SOCKET_ENV: str(tmp_path / "no-pcscd.comm")}
    result = subprocess.run(
        [sys.executable, "-m", "tests.faults.no_pcscd_kiosk", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=PROCESS_TIMEOUT_SECONDS,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.splitlines()[-1])
    assert report["health"] == "offline" and "pcscd" in report["detail"]
    assert report["down"] == ["chip_reader"]
    assert report["state"] == "health_card" and "unexpected" not in report["problems"]
