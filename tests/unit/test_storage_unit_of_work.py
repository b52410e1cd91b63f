"""The unit of work of the issuance transaction: journal, audit and postal orders commit as one."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.issuance.postal import PostalRequest
from kiosk.storage.records import PostalOrder
from kiosk.storage.stores import KioskStorage, open_kiosk_storage

CPR = "150368-1234"
NUMBER = "123456789"


class Failure(Exception):
    """Raised inside a unit of work to see what it keeps."""


@pytest.fixture
def kiosk(tmp_path: Path) -> Iterator[KioskStorage]:
    config = KioskConfig().replace(
        storage={"database": str(tmp_path / "kiosk.sqlite")},
        security={"kiosk_key_file": str(tmp_path / "kiosk.key")},
    )
    storage = open_kiosk_storage(config, FixedClock())
    yield storage
    storage.close()


def journal_a_credential(kiosk: KioskStorage) -> None:
    ref, masked = kiosk.pseudonyms.ref(CPR), kiosk.pseudonyms.masked(CPR)
    kiosk.journal.open(NUMBER, "NK0000000042", ref, masked, "counter")


def test_a_failure_inside_the_unit_of_work_keeps_neither_journal_nor_audit(
    kiosk: KioskStorage,
) -> None:
    journal_a_credential(kiosk)
    with pytest.raises(Failure), kiosk.unit_of_work.transaction():
        kiosk.unit_of_work.journal.set_status(NUMBER, "activated")
        kiosk.unit_of_work.audit.append("credential.activated", nemid_number=NUMBER)
        raise Failure
    assert kiosk.journal.unfinished(KioskConfig().kiosk_id) == [NUMBER]
    assert [entry.event for entry in kiosk.audit.entries()] == []


def test_the_work_of_a_unit_commits_together(kiosk: KioskStorage) -> None:
    journal_a_credential(kiosk)
    with kiosk.unit_of_work.transaction():
        kiosk.unit_of_work.journal.mark(NUMBER, "password")
        kiosk.unit_of_work.audit.append("credential.password_printed", nemid_number=NUMBER)
    assert kiosk.journal.delivered(NUMBER) == (True, False)
    assert [entry.event for entry in kiosk.audit.entries()] == ["credential.password_printed"]


def test_a_postal_order_voided_in_a_failed_unit_stays_reserved(kiosk: KioskStorage) -> None:
    book = kiosk.unit_of_work.postal_orders
    order = PostalOrder(
        reference=book.new_reference(),
        nemid_number=NUMBER,
        kind="both_by_post",
        rule="R2",
        parts=("password", "code_card"),
        ordered_on=date(2026, 11, 23),
        earliest=date(2026, 11, 26),
        latest=date(2026, 12, 8),
    )
    request = PostalRequest(CPR, "Søren Ågård", "Østergade 12\n8000 Aarhus C", "da", "R2")
    book.insert(order, request)
    with pytest.raises(Failure), kiosk.unit_of_work.transaction():
        book.set_status(order.reference, "voided", "paper_out")
        raise Failure
    found = book.find(order.reference)
    assert found is not None and found.status == "reserved"
    assert book.cpr_ref_of(order.reference) == kiosk.pseudonyms.ref(CPR)
    assert [entry.event for entry in kiosk.audit.entries()] == ["postal.order_reserved"]
