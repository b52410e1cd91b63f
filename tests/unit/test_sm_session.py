"""The chip session's reading rules (ICAO 9303 part 11 section 9.8, part 10 section 3.6): Le
fallback on SW 6Cxx, the 32 KB offset limit of short reads, and what a missing or broken file
means; against the in-process ePassport emulator."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from drivers.emrtd import tlv
from drivers.emrtd.bac import mrz_information_from_lines
from drivers.emrtd.lds.files import DG1, DG2, EF_SOD
from drivers.emrtd.pki import TestPki, make_test_pki
from drivers.emrtd.reader import read_document
from drivers.emrtd.session import ChipSession
from drivers.emrtd.trust_store import TrustStore
from drivers.sim.cards.epassport_card import ChipFaults, DirectTransport, EPassportCard
from drivers.sim.cards.epassport_chips import SPECIMEN_MRZ, Chip, make_chip
from kiosk.errors import ChipError, SecureMessagingError

NOW = datetime.now(UTC)
INFO = mrz_information_from_lines(SPECIMEN_MRZ)
BIG_FILE = tlv.encode(DG2.tag, bytes(40_000))


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return make_test_pki(NOW)


@pytest.fixture(scope="module")
def chip(pki: TestPki) -> Chip:
    return make_chip(SPECIMEN_MRZ, pki, aa="none", face_bytes=6_000)


def open_session(card: EPassportCard, *, extended: bool = True) -> ChipSession:
    session = ChipSession(DirectTransport(card), extended_length=extended)
    session.select_application()
    session.basic_access_control(INFO)
    return session


def with_files(chip: Chip, **changes: bytes | None) -> Chip:
    files = dict(chip.image.files)
    for name, content in changes.items():
        file_id = {"dg1": DG1.file_id, "dg2": DG2.file_id, "sod": EF_SOD.file_id}[name]
        if content is None:
            files.pop(file_id)
        else:
            files[file_id] = content
    return Chip(chip.mrz_lines, dataclasses.replace(chip.image, files=files))


def test_le_hint_6cxx_is_followed(chip: Chip) -> None:
    card = chip.card(faults=ChipFaults(max_le=0x64, le_hint=True))
    session = open_session(card, extended=False)
    content = session.read_file(DG2.file_id)
    assert content == chip.image.files[DG2.file_id]
    reads = session.apdu_count - 3 - 1  # minus BAC and the SELECT
    assert reads == 1 + -(-len(content) // 0x64)  # one refused READ, then chunks of 0x64


def test_short_reads_stop_at_the_32_kb_offset_limit(chip: Chip) -> None:
    big = with_files(chip, dg2=BIG_FILE)
    with pytest.raises(ChipError, match="32 KB"):
        open_session(big.card(), extended=False).read_file(DG2.file_id)


def test_extended_read_takes_a_40_kb_file_at_once(chip: Chip) -> None:
    big = with_files(chip, dg2=BIG_FILE)
    session = open_session(big.card())
    assert session.read_file(DG2.file_id) == BIG_FILE
    assert session.apdu_count == 3 + 2


def test_absent_file_reads_as_none(chip: Chip) -> None:
    assert open_session(chip.card()).read_file(0x010B) is None


def test_secure_command_before_bac_is_refused(chip: Chip) -> None:
    session = ChipSession(DirectTransport(chip.card()))
    session.select_application()
    with pytest.raises(SecureMessagingError, match="never started"):
        session.read_file(DG1.file_id)


def test_chip_without_dg1_is_a_chip_error(chip: Chip, pki: TestPki) -> None:
    card = with_files(chip, dg1=None).card()
    with pytest.raises(ChipError, match="no DG1"):
        read_document(DirectTransport(card), INFO, TrustStore.of([pki.csca_certificate]), NOW)


def test_chip_without_sod_is_invalid(chip: Chip, pki: TestPki) -> None:
    card = with_files(chip, sod=None).card()
    trust = TrustStore.of([pki.csca_certificate])
    document = read_document(DirectTransport(card), INFO, trust, NOW)
    assert document.passive_verdict == "invalid:sod_missing"
    assert document.to_chip_reading().passive_authentication == "invalid:sod_missing"


def test_chip_with_a_malformed_sod_is_invalid(chip: Chip, pki: TestPki) -> None:
    card = with_files(chip, sod=tlv.encode(EF_SOD.tag, bytes.fromhex("3003020100"))).card()
    trust = TrustStore.of([pki.csca_certificate])
    document = read_document(DirectTransport(card), INFO, trust, NOW)
    assert document.passive_verdict == "invalid:sod_malformed"


def test_file_that_is_not_tlv_is_a_chip_error(chip: Chip) -> None:
    card = with_files(chip, dg1=b"\x61\x85garbage").card()
    with pytest.raises(ChipError, match="TLV header"):
        open_session(card).read_file(DG1.file_id)
