"""Short APDUs by default (issue 13 item 1): chips that refuse extended length the way real ones
do (6700, or 6988 aborting secure messaging), chips that announce it in the ATR or EF.ATR/INFO,
T=0 readers that answer 61xx, and files that end early (6282). In process, over the emulator."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from drivers.emrtd.bac import mrz_information_from_lines
from drivers.emrtd.lds.files import DG2
from drivers.emrtd.pki import TestPki, make_test_pki
from drivers.emrtd.reader import ChipDocument, read_document
from drivers.emrtd.trust_store import TrustStore
from drivers.iso7816.transport import TracingTransport
from drivers.sim.cards.epassport_card import (
    EXTENDED_IN_ATR_INFO,
    FALSE_PROMISE,
    SHORT_ONLY,
    SHORT_ONLY_ABORTING,
    ChipFaults,
    DirectTransport,
    EPassportCard,
    LengthSupport,
)
from drivers.sim.cards.epassport_chips import SPECIMEN_MRZ, Chip, make_chip

NOW = datetime.now(UTC)
INFO = mrz_information_from_lines(SPECIMEN_MRZ)
SHORT_BLOCK = 0xDF  # 223 bytes: the largest plain READ BINARY whose protected answer fits 256


@pytest.fixture(scope="module")
def pki() -> TestPki:
    return make_test_pki(NOW)


@pytest.fixture(scope="module")
def trust(pki: TestPki) -> TrustStore:
    return TrustStore.of([pki.csca_certificate])


@pytest.fixture(scope="module")
def chip(pki: TestPki) -> Chip:
    return make_chip(SPECIMEN_MRZ, pki, aa="ec")


def card_of(chip: Chip, length: LengthSupport, faults: ChipFaults | None = None) -> EPassportCard:
    return EPassportCard(chip.image, INFO, length=length, faults=faults)


def read(card: EPassportCard, trust: TrustStore) -> tuple[ChipDocument, TracingTransport]:
    traced = TracingTransport(DirectTransport(card))
    return read_document(traced, INFO, trust, NOW, atr=card.atr), traced


def extended_commands(traced: TracingTransport) -> list[str]:
    """Command APDUs sent with extended lengths (byte 5 is 00 and more follows)."""
    return [e.command for e in traced.entries if len(e.command) > 15 and e.command[12:14] == "00"]


@pytest.mark.parametrize("length", [SHORT_ONLY, SHORT_ONLY_ABORTING], ids=["6700", "6988"])
def test_silent_chip_is_read_with_short_apdus_only(
    chip: Chip, trust: TrustStore, length: LengthSupport
) -> None:
    document, traced = read(card_of(chip, length), trust)
    assert document.passive_verdict == "valid"
    assert document.active == "valid"
    assert not document.stats.extended_length
    assert document.stats.fallbacks == 0
    assert extended_commands(traced) == []
    dg2 = len(document.files[DG2.number])
    assert dg2 > 19_000
    assert document.stats.read_binaries(DG2.file_id) == -(-dg2 // SHORT_BLOCK)


def test_chip_that_promises_and_aborts_sm_is_read_after_fresh_sm(
    chip: Chip, trust: TrustStore
) -> None:
    document, traced = read(card_of(chip, FALSE_PROMISE), trust)
    assert document.passive_verdict == "valid"
    assert document.stats.fallbacks == 1
    assert len(extended_commands(traced)) == 1  # the one refused, then short APDUs
    assert any(entry.response == "69 88" for entry in traced.entries)


def test_chip_announcing_in_atr_info_gets_extended_reads(chip: Chip, trust: TrustStore) -> None:
    card = card_of(chip, EXTENDED_IN_ATR_INFO)
    assert card.atr != chip.card().atr  # nothing in the ATR: the file says it
    document, _ = read(card, trust)
    assert document.stats.extended_length
    assert document.stats.read_binaries(DG2.file_id) == 1
    assert document.passive_verdict == "valid"


def test_t0_reader_collects_61xx_with_get_response(chip: Chip, trust: TrustStore) -> None:
    card = card_of(chip, SHORT_ONLY, ChipFaults(t0_get_response=True))
    document, traced = read(card, trust)
    assert document.passive_verdict == "valid"
    assert document.mrz_lines == SPECIMEN_MRZ
    assert any(entry.command.startswith("00 C0 00 00") for entry in traced.entries)


def test_file_ending_before_its_header_says_is_a_hash_failure_not_a_crash(
    chip: Chip, trust: TrustStore
) -> None:
    files = dict(chip.image.files)
    files[DG2.file_id] = files[DG2.file_id][:5000]
    short = Chip(chip.mrz_lines, type(chip.image)(files, chip.image.aa_key))
    document, traced = read(card_of(short, SHORT_ONLY), trust)
    assert len(document.files[DG2.number]) == 5000
    assert document.passive_verdict == "invalid:dg2_hash"
    assert any(entry.response.endswith("62 82") for entry in traced.entries)
