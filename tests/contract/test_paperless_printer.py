"""The paperless ReceiptPrinter: keeps each job, fails on command, journals without secrets."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from drivers.sim.printer.paper_printer import PaperlessPrinter, read_journal
from kiosk.devices.health import DeviceState, MediaState
from kiosk.devices.printouts import CodeCard, PasswordSlip, RulesLeaflet
from kiosk.errors import CoverOpen, PaperOut, PrinterOffline
from kiosk.issuance.faults import FaultPoints

SLIP = PasswordSlip("123456789", "042917", "Ann Ås", datetime(2026, 11, 23, tzinfo=UTC))
CARD = CodeCard("NK1234567890", "123456789", (("0042", "318224"), ("1337", "902211")))


def test_jobs_are_kept_in_order(tmp_path: Path) -> None:
    with PaperlessPrinter() as printer:
        printer.print_password_slip(SLIP)
        printer.print_code_card(CARD)
        printer.print_rules_leaflet(RulesLeaflet("en"))
        printer.print_test_page()
        assert [(j.number, j.kind) for j in printer.completed_jobs] == [
            (1, "password_slip"),
            (2, "code_card"),
            (3, "rules_leaflet"),
            (4, "test_page"),
        ]
        assert printer.jobs[0].document is SLIP
        assert printer.health().state is DeviceState.ONLINE


def test_paper_out_on_job_n_and_refill(tmp_path: Path) -> None:
    printer = PaperlessPrinter()
    printer.fail_on_job(2)
    printer.print_password_slip(SLIP)
    with pytest.raises(PaperOut):
        printer.print_code_card(CARD)
    assert printer.health().media is MediaState.OUT and not printer.health().usable
    with pytest.raises(PaperOut):
        printer.print_test_page()
    printer.refill()
    printer.print_code_card(CARD)
    assert [j.kind for j in printer.completed_jobs] == ["password_slip", "code_card"]


@pytest.mark.parametrize("error", [PrinterOffline("offline"), CoverOpen("cover")])
def test_other_faults_on_command(error) -> None:
    printer = PaperlessPrinter()
    printer.fail_on_job(1, error)
    with pytest.raises(type(error)):
        printer.print_password_slip(SLIP)
    assert printer.jobs[0].completed is False


def test_offline_printer_refuses_jobs() -> None:
    printer = PaperlessPrinter()
    printer.go_offline()
    assert printer.health().state is DeviceState.OFFLINE
    with pytest.raises(PrinterOffline):
        printer.print_password_slip(SLIP)


def test_journal_lists_job_events_without_secrets(tmp_path: Path) -> None:
    journal = tmp_path / "printer.jsonl"
    printer = PaperlessPrinter(journal=journal)
    printer.fail_on_job(2)
    printer.print_password_slip(SLIP)
    with pytest.raises(PaperOut):
        printer.print_code_card(CARD)
    events = read_journal(journal)
    assert [(e["job"], e["kind"], e["state"]) for e in events] == [
        (1, "password_slip", "started"),
        (1, "password_slip", "completed"),
        (2, "code_card", "started"),
        (2, "code_card", "failed"),
    ]
    raw = journal.read_text()
    assert "042917" not in raw and "318224" not in raw
    assert json.loads(raw.splitlines()[-1])["error"] == "paper_out"
    assert oct(journal.stat().st_mode & 0o777) == "0o600"


def test_mid_job_fault_points_are_reached_half_way() -> None:
    reached: list[str] = []
    faults = FaultPoints("mid_code_card", on_crash=lambda: reached.append("killed"))
    printer = PaperlessPrinter(faults=faults)
    printer.print_password_slip(SLIP)
    printer.print_code_card(CARD)
    assert faults.passed == ["mid_password_slip", "mid_code_card"]
    assert reached == ["killed"]


def test_a_missing_journal_reads_empty(tmp_path: Path) -> None:
    assert read_journal(tmp_path / "none.jsonl") == []


def test_taking_the_paper_empties_the_tray_and_numbering_goes_on() -> None:
    printer = PaperlessPrinter()
    printer.print_password_slip(SLIP)
    printer.print_code_card(CARD)
    taken = printer.take()
    assert [job.kind for job in taken] == ["password_slip", "code_card"]
    assert printer.jobs == [] and printer.completed_jobs == []
    printer.fail_on_job(4)
    printer.print_test_page()
    assert printer.jobs[0].number == 3
    with pytest.raises(PaperOut):
        printer.print_test_page()
