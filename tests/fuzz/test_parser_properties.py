"""Hypothesis properties for the parsers of chip data and printer replies, and the findings of
the atheris harnesses beside this file kept as regression cases.

A chip or a printer is outside data: whatever bytes arrive, the parser either returns its value
or raises the error the caller handles (ChipError for the chip, ValueError for one status
reply); a tampered EF.SOD never verifies (R1).
"""

from __future__ import annotations

import base64
import contextlib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.emrtd import der, tlv
from drivers.emrtd.lds.com import parse_com
from drivers.emrtd.lds.dg1 import parse_dg1
from drivers.emrtd.lds.dg2 import parse_dg2
from drivers.emrtd.lds.dg14 import OID_ACTIVE_AUTHENTICATION, parse_dg14
from drivers.emrtd.lds.dg15 import parse_dg15
from drivers.emrtd.lds.files import DG14
from drivers.emrtd.lds.sod import parse_sod
from drivers.emrtd.passive_auth import verify_passive
from drivers.emrtd.tlv import TlvError
from drivers.emrtd.trust_store import TrustStore
from drivers.printer.status import decode_asb, decode_realtime, is_asb_packet, is_realtime_reply
from kiosk.config import config_from_mapping, load_config
from kiosk.errors import ChipError, ConfigError
from tests.fuzz import seeds

NOW = datetime(2026, 11, 23, tzinfo=UTC)
PARSERS = (parse_com, parse_dg1, parse_dg2, parse_dg14, parse_dg15)
SOD = seeds.SEEDS["sod"][0]
DG1, DG2 = seeds._DG1, seeds._DG2
# Findings of fuzz_lds.py (the file after the parser-selecting byte).
DG15_UNKNOWN_CURVE = base64.b64decode(
    "b1swWTATBgcqhkjOPQIBBggrhkjOPQMBBwNCAAQPZjfe2VauL7yKW7HV5lbyjUDjP9PK9atjf6EwFq1nwh/xt+vwgO"
    "vk9Gz15c6/pblc4lV2y6ldpn4zN0tBYrvS"
)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(PARSERS) - 1), st.binary(max_size=120))
def test_r1_any_data_group_bytes_parse_or_raise_chip_error(which: int, data: bytes) -> None:
    with contextlib.suppress(ChipError):  # any other exception fails the property
        PARSERS[which](data)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_r1_any_sod_bytes_parse_or_raise_chip_error(data: bytes) -> None:
    try:
        sod = parse_sod(data)
    except ChipError:
        return
    assert not verify_passive(sod, {1: DG1}, TrustStore(()), NOW).valid


@settings(max_examples=60, deadline=None)
@given(st.integers(0, len(SOD) - 1), st.integers(1, 255))
def test_r1_a_sod_with_any_byte_changed_never_verifies(position: int, flip: int) -> None:
    tampered = SOD[:position] + bytes([SOD[position] ^ flip]) + SOD[position + 1 :]
    signer_trust = TrustStore(())
    try:
        sod = parse_sod(tampered)
        verdict = verify_passive(sod, {1: DG1, 2: DG2}, signer_trust, NOW)
    except ChipError:
        return
    assert not verdict.valid


def test_the_untampered_seed_sod_verifies_but_for_its_unknown_issuer() -> None:
    """The property above can fail: the same SOD unchanged passes every check but the CSCA."""
    verdict = verify_passive(parse_sod(SOD), {1: DG1, 2: DG2}, TrustStore(()), NOW)
    assert verdict.verdict == "unknown_issuer"


@given(st.binary(min_size=4, max_size=4))
def test_asb_decodes_exactly_the_packets_with_fixed_bits(packet: bytes) -> None:
    if is_asb_packet(packet):
        assert decode_asb(packet).describe()
    else:
        with pytest.raises(ValueError):
            decode_asb(packet)


@given(st.dictionaries(st.integers(1, 4), st.integers(0, 255), max_size=4))
def test_realtime_replies_decode_only_with_fixed_bits(replies: dict[int, int]) -> None:
    if all(is_realtime_reply(byte) for byte in replies.values()):
        assert decode_realtime(replies).health().device == "printer"
    else:
        with pytest.raises(ValueError):
            decode_realtime(replies)


# Regression cases, one per finding (each was an uncaught exception before its fix).
def test_dg15_with_a_curve_cryptography_does_not_know_is_a_chip_error() -> None:
    with pytest.raises(TlvError, match="does not parse"):
        parse_dg15(DG15_UNKNOWN_CURVE)


def test_an_object_identifier_ending_inside_an_arc_is_a_chip_error() -> None:
    with pytest.raises(TlvError, match="inside an arc"):
        der.decode_oid(b"\x2a\x86")
    with pytest.raises(TlvError):
        der.decode_oid(b"\xff" * 12)


def test_dg14_whose_algorithm_oid_never_ends_is_a_chip_error() -> None:
    unended = tlv.encode(der.OID, b"\xff" * 10)
    info = der.sequence(der.oid(OID_ACTIVE_AUTHENTICATION), der.integer(1), unended)
    with pytest.raises(ChipError):
        parse_dg14(tlv.encode(DG14.tag, der.set_of(info)))


@pytest.mark.parametrize(
    ("original", "broken"),
    [
        (b"\xa0\x03\x02\x01\x02", b"\xa0\x03\x02\x01\x28"),  # X.509 version 40
        (b"\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07", b"\x06\x08\x2b\x86\x48\xce\x3d\x03\x01\x07"),
    ],
    ids=["invalid_version", "unknown_curve"],
)
def test_a_signer_certificate_that_does_not_load_fails_passive_authentication(
    original: bytes, broken: bytes
) -> None:
    assert original in SOD
    sod = parse_sod(SOD.replace(original, broken, 1))
    verdict = verify_passive(sod, {1: DG1}, TrustStore(()), NOW)
    assert verdict.verdict == "invalid:signer_certificate"


CONFIG_KEYS = st.sampled_from(["kiosk_id", "rules", "devices", "timeouts", "witness_limit", "x"])
TOML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**6) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(CONFIG_KEYS, inner, max_size=3),
    max_leaves=8,
)


@given(st.dictionaries(CONFIG_KEYS, TOML_VALUES, max_size=4))
def test_any_parsed_config_builds_or_raises_config_error(raw: dict) -> None:
    with contextlib.suppress(ConfigError):  # any other exception fails the property
        config_from_mapping(raw)


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=80))
def test_any_config_file_bytes_load_or_raise_config_error(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    path = tmp_path_factory.mktemp("config") / "kiosk.toml"
    path.write_bytes(data)
    with contextlib.suppress(ConfigError):
        load_config(path)


def test_a_config_file_that_is_not_utf8_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_bytes(b'kiosk_id = "k\xf8benhavn"\n')  # Latin-1, not UTF-8
    with pytest.raises(ConfigError, match="UTF-8"):
        load_config(path)
