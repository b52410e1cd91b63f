"""Postal orders on real files: two separate letters in the outbox, audited (R2, R4, R8)."""

from __future__ import annotations

import re
import stat
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from kiosk.clock import FixedClock
from kiosk.errors import PaperOut, StorageError
from tests.integration.issuance_stack import (
    CITIZEN_CPR,
    POSTAL_REQUEST,
    config_in,
    open_stack,
    pdf_text,
)


@pytest.fixture
def stack(tmp_path: Path):
    opened = open_stack(config_in(tmp_path), FixedClock.on(date(2026, 12, 22)))
    yield opened
    opened.close()


def test_r2_order_posts_password_and_card_separately(stack, tmp_path: Path) -> None:
    order = stack.services.postal.order(POSTAL_REQUEST)
    assert order.status == "completed" and order.kind == "both_by_post" and order.rule == "R4"
    # Ordered 22/12/2026: Christmas and New Year are not working days.
    assert (order.earliest, order.latest) == (date(2026, 12, 28), date(2027, 1, 8))
    outbox = tmp_path / "outbox"
    password_letter = outbox / f"{order.reference}-password.pdf"
    card_letter = outbox / f"{order.reference}-code_card.pdf"
    assert sorted(outbox.iterdir()) == sorted([password_letter, card_letter])
    assert stat.S_IMODE(outbox.stat().st_mode) == 0o700
    for letter in (password_letter, card_letter):
        assert stat.S_IMODE(letter.stat().st_mode) == 0o600
    password_text, card_text = pdf_text(password_letter), pdf_text(card_letter)
    assert "Your temporary NemID password" in password_text  # the citizen's language
    assert order.nemid_number in password_text and order.nemid_number in card_text
    keys = stack.register.authority.card_keys(order.nemid_number)
    assert len(keys) == 148
    # Each letter carries only its own secret: codes only on the card, password only alone.
    found = re.findall(r"\((\d{4})  (\d{6})\)", card_text)
    assert sorted(key for key, _ in found) == sorted(keys)
    assert all(stack.register.authority.verify_code(order.nemid_number, k, c) for k, c in found)
    assert not re.search(r"\(\d{4}  \d{6}\)", password_text)
    password = re.search(r"\((\d{6})\)", password_text).group(1)
    assert stack.register.authority.verify_password(order.nemid_number, password)
    assert f"({password})" not in card_text
    assert stack.register.authority.holding(CITIZEN_CPR).number == order.nemid_number


def test_r2_order_is_stored_and_audited_without_the_cpr(stack, tmp_path: Path) -> None:
    order = stack.services.postal.order(POSTAL_REQUEST)
    assert stack.services.postal.find(order.reference) == order
    row = stack.kiosk.db.query_one(
        "SELECT masked_cpr, holder_name, address, language FROM postal_orders"
    )
    assert tuple(row) == ("070791-XXXX", POSTAL_REQUEST.holder_name, POSTAL_REQUEST.address, "en")
    assert CITIZEN_CPR.encode() not in (tmp_path / "kiosk.sqlite").read_bytes()
    events = [e.event for e in stack.kiosk.audit.entries()]
    assert events == [
        "credential.reserved",
        "postal.order_reserved",
        "credential.password_posted",
        "credential.code_card_posted",
        "credential.activated",
        "postal.order_completed",
    ]
    assert stack.kiosk.audit.verify().intact


def test_order_references_are_unique(stack) -> None:
    references = {stack.services.postal.order(POSTAL_REQUEST).reference for _ in range(5)}
    assert len(references) == 5
    assert all(re.fullmatch(r"NP-[A-Z2-9]{8}", reference) for reference in references)


def test_an_unwritable_outbox_voids_the_order_and_the_credential(tmp_path: Path) -> None:
    (tmp_path / "outbox").write_text("a file where the outbox folder should be")
    stack = open_stack(config_in(tmp_path), FixedClock())
    with pytest.raises(StorageError, match="outbox"):
        stack.services.postal.order(POSTAL_REQUEST)
    assert stack.register.authority.holding(CITIZEN_CPR) is None
    [row] = stack.kiosk.db.query("SELECT status, void_reason, holder_name FROM postal_orders")
    assert tuple(row) == ("voided", "outbox_unwritable", POSTAL_REQUEST.holder_name)
    events = [e.event for e in stack.kiosk.audit.entries()]
    assert events[-2:] == ["credential.voided", "postal.order_voided"]
    stack.close()


def test_r8_outreach_prints_the_password_and_posts_welcome_and_card(stack, tmp_path: Path) -> None:
    request = replace(POSTAL_REQUEST, rule="R8", language="da")
    order = stack.services.postal.complete_outreach(request, stack.printer)
    assert order.kind == "outreach" and order.parts == ("welcome", "code_card")
    [slip_job] = stack.printer.completed_jobs
    assert slip_job.kind == "password_slip"
    assert stack.register.authority.verify_password(
        order.nemid_number, slip_job.document.temporary_password
    )
    names = sorted(p.name for p in (tmp_path / "outbox").iterdir())
    assert names == [f"{order.reference}-code_card.pdf", f"{order.reference}-welcome.pdf"]
    welcome = pdf_text(tmp_path / "outbox" / f"{order.reference}-welcome.pdf")
    assert "Velkommen til NemID" in welcome
    assert slip_job.document.temporary_password not in welcome
    assert stack.services.lifecycle.journal.delivered(order.nemid_number) == (True, True)


def test_r8_printer_failure_voids_before_anything_is_posted(stack, tmp_path: Path) -> None:
    stack.printer.fail_on_job(1)
    with pytest.raises(PaperOut):
        stack.services.postal.complete_outreach(replace(POSTAL_REQUEST, rule="R8"), stack.printer)
    assert stack.register.authority.holding(CITIZEN_CPR) is None
    assert not (tmp_path / "outbox").exists()


def test_r2_receipt_shows_reference_masked_cpr_and_window(stack) -> None:
    order = stack.services.postal.order(POSTAL_REQUEST)
    receipt = stack.services.postal.receipt_for(order.reference)
    assert receipt.order_reference == order.reference
    assert receipt.masked_cpr == "070791-XXXX"
    assert (receipt.earliest, receipt.latest) == (order.earliest, order.latest)
    assert receipt.language == "en"
    stack.printer.print_postal_receipt(receipt)
    assert stack.printer.completed_jobs[-1].kind == "postal_receipt"


def test_receipt_for_an_unknown_order_is_refused(stack) -> None:
    with pytest.raises(StorageError, match="no postal order NP-NOSUCH"):
        stack.services.postal.receipt_for("NP-NOSUCH")


def test_r12_no_plain_secret_in_the_databases_after_posting(tmp_path: Path) -> None:
    # Long secrets, so a chance match with a date or a number in the files cannot happen.
    config = config_in(tmp_path, rules={"password_digits": 14, "code_card_code_digits": 12})
    stack = open_stack(config, FixedClock())
    order = stack.services.postal.order(POSTAL_REQUEST)
    card_text = pdf_text(tmp_path / "outbox" / f"{order.reference}-code_card.pdf")
    password_text = pdf_text(tmp_path / "outbox" / f"{order.reference}-password.pdf")
    codes = [code for _, code in re.findall(r"\((\d{4})  (\d{12})\)", card_text)]
    [password] = re.findall(r"\((\d{14})\)", password_text)
    assert len(codes) == 148
    stack.close()
    blob = b"".join(p.read_bytes() for p in tmp_path.glob("*.sqlite*") if p.is_file())
    assert [s for s in [password, *codes] if s.encode() in blob] == []


def test_outbox_defaults_beside_the_kiosk_database(tmp_path: Path) -> None:
    from kiosk.config import KioskConfig
    from kiosk.issuance.postal import default_outbox

    config = KioskConfig().replace(storage={"database": str(tmp_path / "db" / "kiosk.sqlite")})
    assert default_outbox(config) == tmp_path / "db" / "outbox"
    assert default_outbox(config_in(tmp_path)) == tmp_path / "outbox"


def test_r8_completion_closes_the_pending_registration(stack) -> None:
    from kiosk.issuance.postal import OutreachCompletion

    queue = stack.kiosk.outreach
    pending = queue.create(CITIZEN_CPR, POSTAL_REQUEST.holder_name, "phone 12 34 56 78")
    order = stack.services.postal.complete_outreach(
        replace(POSTAL_REQUEST, rule="R8"),
        stack.printer,
        registration=OutreachCompletion(queue, pending.id, "staff-7"),
    )
    assert queue.pending() == []
    [row] = stack.kiosk.db.query(
        "SELECT status, completed_by, nemid_number FROM outreach_registrations"
    )
    assert tuple(row) == ("completed", "staff-7", order.nemid_number)


def test_r8_someone_elses_registration_is_refused_before_issuing(stack) -> None:
    from kiosk.errors import DomainError
    from kiosk.issuance.postal import OutreachCompletion

    queue = stack.kiosk.outreach
    other = queue.create("0101804321", "Else Andersen", "phone")
    with pytest.raises(DomainError) as refused:
        stack.services.postal.complete_outreach(
            replace(POSTAL_REQUEST, rule="R8"),
            stack.printer,
            registration=OutreachCompletion(queue, other.id, "staff-7"),
        )
    assert refused.value.code == "outreach_registration_mismatch"
    assert stack.printer.jobs == []
    assert stack.register.authority.holding(CITIZEN_CPR) is None
    assert [r.id for r in queue.pending()] == [other.id]
