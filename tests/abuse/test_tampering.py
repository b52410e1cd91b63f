"""Abuse: a tampered audit log and a tampered passport chip (R1, R12).

The audit log is written by a real kiosk run; an attacker with the database file drops the
append-only triggers and rewrites or deletes an entry to hide an issuance: ``kiosk audit verify``
exits 2 naming the entry and what was done to it. A passport chip whose data group was altered
after signing, or which holds another document's MRZ, is read through the real pcscd and is
refused by the chip checks (``chip_invalid``, ``chip_mismatch``).
"""

from __future__ import annotations

import dataclasses
import json
import re
import sqlite3
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from drivers.emrtd.pcsc_chip_reader import PcscChipReader
from drivers.emrtd.pki import TestPki, make_test_pki
from drivers.emrtd.trust_store import TrustStore
from drivers.sim.cards.card_slot import InsertedCard
from drivers.sim.cards.epassport_chips import SPECIMEN_MRZ, Chip, make_chip, persona_chip
from kiosk.clock import FixedClock
from kiosk.identity.chip_checks import REASON_CHIP_INVALID, REASON_CHIP_MISMATCH, chip_refusal
from kiosk.identity.mrz import parse_mrz
from kiosk.journey.chip_step import CHIP_AUDIT_EVENT
from tests.abuse.kiosk_processes import KAREN, run_kiosk, write_scenario
from tests.faults.kiosk_rig import KAREN_MRZ, TODAY, KioskRig

NOW = datetime.now(UTC)
TIMEOUT_SECONDS = 60
DROP_TRIGGERS = "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;"
BROKEN = re.compile(r"^kiosk: audit_chain_broken: entry (\d+) (\w+): ")


@pytest.fixture
def issued_log(
    tmp_path: Path, kiosk_command: list[str], subprocess_env: dict[str, str]
) -> tuple[Path, int]:
    """A kiosk database after a real R3 issuance; the seq of its credential.activated entry."""
    database = tmp_path / "kiosk.sqlite"
    steps = [{"scan": KAREN}, {"choose": "questions"}, {"answer": "correct"}, {"answer": "correct"}]
    lines = run_kiosk(
        kiosk_command, write_scenario(tmp_path, "issue", steps), database, subprocess_env
    )
    assert lines[-1]["outcome"] == "issued"
    with sqlite3.connect(database) as connection:
        [(seq,)] = connection.execute(
            "SELECT seq FROM audit_log WHERE event = 'credential.activated'"
        ).fetchall()
    return database, int(seq)


def _verify(command: list[str], database: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, "audit", "verify", "--db", str(database)],
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
    )


def test_the_untouched_log_of_a_real_run_verifies(
    issued_log: tuple[Path, int], kiosk_command: list[str], subprocess_env: dict[str, str]
) -> None:
    assert _verify(kiosk_command, issued_log[0], subprocess_env).returncode == 0


def test_r12_an_issuance_rewritten_in_the_log_is_named_by_audit_verify(
    issued_log: tuple[Path, int], kiosk_command: list[str], subprocess_env: dict[str, str]
) -> None:
    database, seq = issued_log
    with sqlite3.connect(database) as connection:
        connection.executescript(DROP_TRIGGERS)
        [(data,)] = connection.execute("SELECT data FROM audit_log WHERE seq = ?", (seq,))
        forged = json.loads(data) | {"nemid_number": "000000000"}
        connection.execute("UPDATE audit_log SET data = ? WHERE seq = ?", (json.dumps(forged), seq))
    result = _verify(kiosk_command, database, subprocess_env)
    assert result.returncode == 2
    found = BROKEN.match(result.stderr)
    assert found is not None, result.stderr
    assert (int(found.group(1)), found.group(2)) == (seq, "edited")


def test_r12_an_issuance_deleted_from_the_log_is_named_by_audit_verify(
    issued_log: tuple[Path, int], kiosk_command: list[str], subprocess_env: dict[str, str]
) -> None:
    database, seq = issued_log
    with sqlite3.connect(database) as connection:
        connection.executescript(DROP_TRIGGERS)
        connection.execute("DELETE FROM audit_log WHERE seq = ?", (seq,))
    result = _verify(kiosk_command, database, subprocess_env)
    assert result.returncode == 2
    found = BROKEN.match(result.stderr)
    assert found is not None, result.stderr
    assert found.group(2) == "deleted" and int(found.group(1)) in (seq, seq + 1)


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return make_test_pki(NOW)


@pytest.mark.pcsc
@pytest.mark.parametrize(
    ("tamper", "reason"),
    [("photo_swapped", REASON_CHIP_INVALID), ("other_document", REASON_CHIP_MISMATCH)],
)
def test_r1_a_tampered_chip_is_refused(
    insert_card: Callable[..., InsertedCard], pki: TestPki, tamper: str, reason: str
) -> None:
    genuine = make_chip(SPECIMEN_MRZ, pki)
    if tamper == "photo_swapped":  # DG2 changed after signing: its hash no longer matches
        chip = dataclasses.replace(genuine, image=genuine.image.tampered(2))
    else:  # someone else's genuine chip data behind this document's access key
        chip = Chip(genuine.mrz_lines, persona_chip("rich_register", pki).image)
    inserted = insert_card(chip.card())
    trust = TrustStore.of([pki.csca_certificate])
    with PcscChipReader.from_url(inserted.url, trust, FixedClock(NOW)) as reader:
        reading = reader.read_chip(genuine.mrz_lines)
    assert chip_refusal(reading, parse_mrz(genuine.mrz_lines)) == reason
    if tamper == "photo_swapped":
        assert reading.passive_authentication == "invalid:dg2_hash"


@pytest.mark.pcsc
def test_r1_the_genuine_chip_is_not_refused(
    insert_card: Callable[..., InsertedCard], pki: TestPki
) -> None:
    """The refusals above can fail: the same chip untouched passes every check."""
    chip = make_chip(SPECIMEN_MRZ, pki)
    inserted = insert_card(chip.card())
    trust = TrustStore.of([pki.csca_certificate])
    with PcscChipReader.from_url(inserted.url, trust, FixedClock(NOW)) as reader:
        reading = reader.read_chip(chip.mrz_lines)
    assert chip_refusal(reading, parse_mrz(chip.mrz_lines)) is None


@pytest.mark.pcsc
@pytest.mark.parametrize("tampered", [True, False], ids=["photo_swapped", "genuine"])
def test_r1_the_kiosk_refuses_a_passport_whose_chip_was_tampered_with(
    tmp_path: Path, insert_card: Callable[..., InsertedCard], pki: TestPki, tampered: bool
) -> None:
    """Through the whole kiosk: reader, chip reader over pcscd, controller and journey."""
    genuine = make_chip(KAREN_MRZ, pki)
    chip = dataclasses.replace(genuine, image=genuine.image.tampered(2)) if tampered else genuine
    inserted = insert_card(chip.card())
    chip_reader = PcscChipReader.from_url(
        inserted.url, TrustStore.of([pki.csca_certificate]), FixedClock.on(TODAY)
    )
    rig = KioskRig(tmp_path, chip_reader=chip_reader)
    try:
        rig.start_visit()
        rig.reader_device.play(KAREN_MRZ)
        rig.wait_state("refused" if tampered else "health_card")
        refusal = rig.ui.views[-1].refusal
        if tampered:
            assert refusal is not None
            assert (refusal.reason, refusal.rule) == (REASON_CHIP_INVALID, "R1")
            checks = [e.data for e in rig.app.kiosk.audit.entries() if e.event == CHIP_AUDIT_EVENT]
            assert checks[-1]["passive_authentication"] == "invalid:dg2_hash"
        else:
            assert refusal is None
    finally:
        rig.close()
        chip_reader.close()
