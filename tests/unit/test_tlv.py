"""BER-TLV and DER encoding used by every LDS file (ICAO 9303 part 10 section 4.4)."""

from __future__ import annotations

import pytest

from drivers.emrtd import der, tlv
from drivers.emrtd.tlv import TlvError


@pytest.mark.parametrize(
    ("length", "encoded"),
    [(0, "00"), (127, "7F"), (128, "8180"), (255, "81FF"), (256, "820100"), (70000, "83011170")],
)
def test_length_forms(length: int, encoded: str) -> None:
    assert tlv.encode_length(length).hex().upper() == encoded
    assert tlv.read_length(bytes.fromhex(encoded), 0) == (length, len(encoded) // 2)


def test_multi_byte_tags_round_trip() -> None:
    data = tlv.encode(0x5F1F, b"abc") + tlv.encode(0x7F61, tlv.encode(0x02, b"\x01"))
    assert tlv.children(data) == [(0x5F1F, b"abc"), (0x7F61, bytes.fromhex("020101"))]


def test_header_size_of_a_long_object() -> None:
    assert tlv.header_size(tlv.encode(0x75, bytes(20000))) == (4, 20000)


def test_value_running_past_the_data_is_an_error() -> None:
    with pytest.raises(TlvError, match="claims"):
        tlv.decode_one(bytes.fromhex("6105AABB"))


def test_truncated_multi_byte_tag_is_an_error() -> None:
    with pytest.raises(TlvError):
        tlv.read_tag(bytes.fromhex("5F"))


def test_unsupported_length_form_is_an_error() -> None:
    with pytest.raises(TlvError, match="length form"):
        tlv.read_length(bytes.fromhex("85"), 0)


def test_require_names_the_missing_tag() -> None:
    with pytest.raises(TlvError, match="0x5F1F"):
        tlv.require(tlv.encode(0x02, b"\x01"), 0x5F1F)


@pytest.mark.parametrize("dotted", ["2.23.136.1.1.1", "1.2.840.113549.1.7.2", "2.16.840.1.101"])
def test_oid_round_trip(dotted: str) -> None:
    assert der.decode_oid(tlv.unwrap(der.oid(dotted), der.OID)) == dotted


def test_oid_encoding_matches_known_bytes() -> None:
    assert der.oid("1.2.840.113549.1.7.2").hex() == "06092a864886f70d010702"


@pytest.mark.parametrize("value", [0, 1, 127, 128, 255, 256, 2**64])
def test_integer_round_trip(value: int) -> None:
    assert der.decode_integer(tlv.unwrap(der.integer(value), der.INTEGER)) == value


def test_der_set_is_sorted() -> None:
    assert der.set_of(der.integer(2), der.integer(1)) == bytes.fromhex("3106020101020102")
