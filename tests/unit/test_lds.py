"""LDS files (ICAO 9303 part 10): EF.COM, DG1, DG2, DG14, DG15 and EF.SOD encode and parse."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from drivers.emrtd import tlv
from drivers.emrtd.lds.com import encode_com, parse_com
from drivers.emrtd.lds.dg1 import encode_dg1, parse_dg1
from drivers.emrtd.lds.dg2 import FaceImage, encode_dg2, parse_dg2, sniff_format
from drivers.emrtd.lds.dg14 import encode_dg14_active_authentication, parse_dg14
from drivers.emrtd.lds.dg15 import encode_dg15, parse_dg15
from drivers.emrtd.lds.files import DG2
from drivers.emrtd.lds.sod import OID_BY_HASH, digest, parse_sod
from drivers.emrtd.pki import make_test_pki, sign_sod
from drivers.emrtd.tlv import TlvError
from drivers.sim.cards.epassport_face import synthetic_face

TD3 = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
TD1 = (
    "I<UTOD23145890<7349<<<<<<<<<<<",
    "3407127M9507122UTO<<<<<<<<<<<2",
    "STEVENSON<<PETER<JOHN<<<<<<<<<",
)
EF_COM_APPENDIX = bytes.fromhex("60145F0104303130365F36063034303030305C026175")


def test_ef_com_of_the_icao_appendix_lists_dg1_and_dg2() -> None:
    com = parse_com(EF_COM_APPENDIX)
    assert (com.lds_version, com.unicode_version, com.data_groups) == ("0106", "040000", (1, 2))
    assert encode_com(b"\x61\x75", "0106") == EF_COM_APPENDIX


@pytest.mark.parametrize("lines", [TD3, TD1])
def test_dg1_round_trip_splits_lines_by_format(lines: tuple[str, ...]) -> None:
    assert parse_dg1(encode_dg1(lines)) == lines


def test_dg1_of_no_known_length_is_rejected() -> None:
    with pytest.raises(TlvError, match="no TD1"):
        parse_dg1(encode_dg1(("ABC",)))


@pytest.mark.parametrize("image_format", ["jpeg", "jpeg2000"])
def test_dg2_round_trip_keeps_image_and_format(image_format: str) -> None:
    face = synthetic_face(3, image_format)
    parsed = parse_dg2(encode_dg2(face))
    assert parsed == face
    assert sniff_format(parsed.image) == image_format


def test_dg2_face_is_about_20_kb() -> None:
    size = len(encode_dg2(synthetic_face(0)))
    assert 18_000 < size < 21_500


def test_dg2_image_that_is_no_jpeg_is_rejected() -> None:
    fake = FaceImage(b"GIF89a" + bytes(100), "jpeg", 10, 10)
    with pytest.raises(TlvError, match="not the jpeg"):
        parse_dg2(encode_dg2(fake))


def test_dg2_enciphered_face_is_reported() -> None:
    group = tlv.encode(0x7F61, tlv.encode(0x7F60, tlv.encode(0x7F2E, b"secret")))
    with pytest.raises(TlvError, match="enciphered"):
        parse_dg2(tlv.encode(DG2.tag, group))


def test_dg2_truncated_record_is_rejected() -> None:
    encoded = encode_dg2(synthetic_face(1))
    record_cut = encoded[:-500]
    with pytest.raises(TlvError):
        parse_dg2(record_cut)


@pytest.mark.parametrize("kind", ["rsa", "ec"])
def test_dg15_round_trip(kind: str) -> None:
    key = (
        rsa.generate_private_key(65537, 1024)
        if kind == "rsa"
        else ec.generate_private_key(ec.SECP256R1())
    ).public_key()
    assert parse_dg15(encode_dg15(key)).public_numbers() == key.public_numbers()


def test_dg15_garbage_is_rejected() -> None:
    with pytest.raises(TlvError, match="DG15"):
        parse_dg15(tlv.encode(0x6F, b"\x30\x03\x02\x01\x01"))


def test_dg14_names_the_active_authentication_algorithm() -> None:
    infos = parse_dg14(encode_dg14_active_authentication("0.4.0.127.0.7.1.1.4.1.3"))
    assert infos.protocols == ("2.23.136.1.1.5",)
    assert infos.aa_signature_algorithm == "0.4.0.127.0.7.1.1.4.1.3"


def test_sod_round_trip_holds_every_group_hash() -> None:
    pki = make_test_pki(datetime.now(UTC))
    groups = {1: encode_dg1(TD3), 2: b"\x75\x01\x00"}
    sod = parse_sod(sign_sod(pki, groups))
    sha256 = OID_BY_HASH["sha256"]
    assert sod.hash_algorithm == sha256
    assert sod.data_group_hashes == {n: digest(sha256, data) for n, data in groups.items()}
    assert sod.signer.serial_number == pki.signer_certificate.serial_number
    assert sod.signer.message_digest == digest(sha256, sod.econtent)


def test_sod_that_is_not_signed_data_is_rejected() -> None:
    with pytest.raises(TlvError):
        parse_sod(tlv.encode(0x77, bytes.fromhex("3003020101")))
