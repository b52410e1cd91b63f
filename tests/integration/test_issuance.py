"""Issuance on real SQLite files: print, activate, and void on printer faults (R4, R12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.clock import FixedClock
from kiosk.errors import CoverOpen, PaperOut, PrinterError, PrinterOffline
from kiosk.issuance.faults import FaultPoints
from kiosk.issuance.lifecycle import CredentialLifecycle
from kiosk.issuance.registry import AuthorityCredentials
from kiosk.issuance.transaction import IssuanceRequest
from tests.integration.issuance_stack import (
    CITIZEN_CPR,
    ISSUE_REQUEST,
    config_in,
    open_stack,
    pdf_text,
)


@pytest.fixture
def stack(tmp_path: Path):
    opened = open_stack(config_in(tmp_path), FixedClock())
    yield opened
    opened.close()


def events_of(stack) -> list[str]:
    return [entry.event for entry in stack.kiosk.audit.entries()]


def test_r12_issue_prints_slip_then_card_and_activates(stack) -> None:
    result = stack.services.issuance.issue(ISSUE_REQUEST)
    kinds = [job.kind for job in stack.printer.completed_jobs]
    assert kinds == ["password_slip", "code_card"]
    slip, card = (job.document for job in stack.printer.completed_jobs)
    assert slip.nemid_number == card.nemid_number == result.nemid_number
    assert card.serial == result.card_serial and len(card.pairs) == 148
    holding = stack.register.authority.holding(CITIZEN_CPR)
    assert holding is not None and holding.number == result.nemid_number
    assert stack.register.authority.verify_password(result.nemid_number, slip.temporary_password)
    key, code = card.pairs[17]
    assert stack.register.authority.verify_code(result.nemid_number, key, code)
    assert events_of(stack) == [
        "credential.reserved",
        "credential.password_printed",
        "credential.code_card_printed",
        "credential.activated",
    ]
    assert stack.kiosk.audit.verify().intact


@pytest.mark.parametrize(
    ("job", "error", "printed"),
    [
        (1, PaperOut("paper out"), []),
        (2, PaperOut("paper out mid card"), ["password_slip"]),
        (1, PrinterOffline("offline"), []),
        (2, CoverOpen("cover open"), ["password_slip"]),
    ],
)
def test_r4_each_printer_failure_voids_and_reraises(
    stack, job: int, error: PrinterError, printed: list[str]
) -> None:
    stack.printer.fail_on_job(job, error)
    with pytest.raises(PrinterError) as raised:
        stack.services.issuance.issue(ISSUE_REQUEST)
    assert raised.value is error
    assert [j.kind for j in stack.printer.completed_jobs] == printed
    authority = stack.register.authority
    assert authority.holding(CITIZEN_CPR) is None
    assert authority.holdings_in_status("printing") == []
    [voided] = authority.holdings_in_status("voided")
    last = list(stack.kiosk.audit.entries())[-1]
    assert (last.event, last.data) == (
        "credential.voided",
        {"nemid_number": voided.number, "reason": error.code},
    )
    assert "credential.activated" not in events_of(stack)


def test_after_a_printer_failure_the_next_issue_works(stack) -> None:
    stack.printer.fail_on_job(2)
    with pytest.raises(PaperOut):
        stack.services.issuance.issue(ISSUE_REQUEST)
    stack.printer.refill()
    result = stack.services.issuance.issue(ISSUE_REQUEST)
    assert stack.register.authority.holding(CITIZEN_CPR).number == result.nemid_number


def test_r12_numbers_and_serials_are_unique(stack) -> None:
    results = [stack.services.issuance.issue(ISSUE_REQUEST) for _ in range(12)]
    assert len({r.nemid_number for r in results}) == 12
    assert len({r.card_serial for r in results}) == 12
    # Only the newest stays active: each issue replaces the person's previous NemID.
    assert [h.number for h in stack.register.authority.holdings_in_status("active")] == [
        results[-1].nemid_number
    ]


def test_r12_no_plain_password_or_code_in_either_database_file(tmp_path: Path) -> None:
    # Long secrets, so a chance match with a date or a number in the files cannot happen.
    config = config_in(tmp_path, rules={"password_digits": 12, "code_card_code_digits": 12})
    stack = open_stack(config, FixedClock())
    stack.services.issuance.issue(ISSUE_REQUEST)
    slip, card = (job.document for job in stack.printer.completed_jobs)

    def leaked() -> list[str]:
        files = [path for path in tmp_path.glob("*.sqlite*") if path.is_file()]
        assert {p.name for p in files} >= {"kiosk.sqlite", "register.sqlite"}
        blob = b"".join(path.read_bytes() for path in files)
        secrets = [slip.temporary_password, *(code for _, code in card.pairs)]
        return [secret for secret in secrets if secret.encode() in blob]

    assert leaked() == []
    keys = stack.register.keys
    stack.close()  # checkpoints the WAL into the main files
    assert leaked() == []
    assert keys.verify_password(
        slip.temporary_password, _password_hash(tmp_path, slip.nemid_number)
    )


def _password_hash(folder: Path, number: str) -> str:
    import sqlite3

    with sqlite3.connect(folder / "register.sqlite") as connection:
        row = connection.execute(
            "SELECT password_hash FROM nemid_holdings WHERE number = ?", (number,)
        ).fetchone()
    return row[0]


def test_recovery_voids_only_this_kiosks_interrupted_credentials(tmp_path: Path) -> None:
    clock = FixedClock()
    here = open_stack(config_in(tmp_path), clock)
    other = open_stack(config_in(tmp_path, kiosk_id="kiosk-2"), clock)
    mine = here.services.lifecycle.reserve(CITIZEN_CPR, "counter", "R3")
    theirs = other.services.lifecycle.reserve(CITIZEN_CPR, "counter", "R3")
    assert here.services.issuance.recover_interrupted() == [mine.nemid_number]
    authority = here.register.authority
    assert authority.record(mine.nemid_number).status == "voided"
    assert authority.record(theirs.nemid_number).status == "printing"
    assert other.services.issuance.recover_interrupted() == [theirs.nemid_number]
    assert here.services.issuance.recover_interrupted() == []
    assert here.kiosk.audit.verify().intact
    here.close()
    other.close()


def test_a_person_missing_from_the_register_is_refused_and_journaled_void(stack) -> None:
    request = IssuanceRequest(cpr="0202924322", holder_name="Nobody Known")
    with pytest.raises(Exception, match="not in the register"):
        stack.services.issuance.issue(request)
    assert stack.services.issuance.recover_interrupted() == []
    assert stack.printer.jobs == []


@pytest.mark.parametrize("counter_part", ["password", "code_card"])
def test_r2b_one_part_at_the_counter_the_other_posted(tmp_path: Path, counter_part: str) -> None:
    config = config_in(
        tmp_path,
        municipality={"standard_order": "counter_and_post", "counter_part": counter_part},
    )
    stack = open_stack(config, FixedClock())
    result = stack.services.issuance.counter_and_post(ISSUE_REQUEST)
    posted = "code_card" if counter_part == "password" else "password"
    expected_job = "password_slip" if counter_part == "password" else "code_card"
    assert [job.kind for job in stack.printer.completed_jobs] == [expected_job]
    assert result.printed_parts == (counter_part,)
    assert result.posted_parts == (posted,)
    order = stack.services.postal.find(result.postal_order.reference)
    assert order is not None and order.status == "completed"
    assert order.kind == "counter_and_post" and order.parts == (posted,)
    assert (order.earliest.isoformat(), order.latest.isoformat()) == ("2026-11-26", "2026-12-07")
    letters = sorted(p.name for p in (tmp_path / "outbox").iterdir())
    assert letters == [f"{order.reference}-{posted}.pdf"]
    # The letter tells the citizen the other part was handed out at the counter.
    text = pdf_text(tmp_path / "outbox" / letters[0]).replace("\n", "")
    assert "udleveret i borgerservice" in text
    assert stack.register.authority.holding(CITIZEN_CPR).number == result.nemid_number
    assert stack.services.lifecycle.journal.delivered(result.nemid_number) == (True, True)
    stack.close()


def test_r2b_printer_failure_voids_before_anything_is_posted(tmp_path: Path) -> None:
    config = config_in(tmp_path, municipality={"standard_order": "counter_and_post"})
    stack = open_stack(config, FixedClock(), faults=FaultPoints())
    stack.printer.fail_on_job(1)
    with pytest.raises(PaperOut):
        stack.services.issuance.counter_and_post(ISSUE_REQUEST)
    assert not (tmp_path / "outbox").exists() or list((tmp_path / "outbox").iterdir()) == []
    assert stack.register.authority.holding(CITIZEN_CPR) is None
    stack.close()


def test_r3_prints_both_parts_where_the_standard_order_is_counter_and_post(
    tmp_path: Path,
) -> None:
    """R2b replaces the post order only: immediate issuance (R3) hands out both parts."""
    config = config_in(tmp_path, municipality={"standard_order": "counter_and_post"})
    stack = open_stack(config, FixedClock())
    result = stack.services.issuance.issue(ISSUE_REQUEST)
    kinds = [job.kind for job in stack.printer.completed_jobs]
    assert kinds == ["password_slip", "code_card"]
    assert result.printed_parts == ("password", "code_card") and result.postal_order is None
    assert not (tmp_path / "outbox").exists() or list((tmp_path / "outbox").iterdir()) == []
    stack.close()


class RacingRegistry(AuthorityCredentials):
    """Another kiosk reserves the very number we drew just before our insert, once."""

    RIVAL_SERIAL = "NK0000000001"

    def __init__(self, authority) -> None:
        super().__init__(authority)
        self.rival_number = ""

    def reserve(self, cpr: str, number: str, card_serial: str, hashed) -> None:
        if not self.rival_number:
            self.rival_number = number
            super().reserve(cpr, number, self.RIVAL_SERIAL, hashed)
        super().reserve(cpr, number, card_serial, hashed)


def test_r12_a_number_taken_by_another_kiosk_meanwhile_is_redrawn(stack) -> None:
    registry = RacingRegistry(stack.register.authority)
    lifecycle = CredentialLifecycle(
        config_in(Path(stack.kiosk.db.path).parent),
        registry=registry,
        work=stack.kiosk.unit_of_work,
        pseudonyms=stack.kiosk.pseudonyms,
        faults=FaultPoints(),
    )
    credential = lifecycle.reserve(CITIZEN_CPR, "counter", "R3")
    assert registry.rival_number and credential.nemid_number != registry.rival_number
    assert registry.status_of(credential.nemid_number) == "printing"
    reserved = [e.data for e in stack.kiosk.audit.entries() if e.event == "credential.reserved"]
    assert [data["nemid_number"] for data in reserved] == [credential.nemid_number]
