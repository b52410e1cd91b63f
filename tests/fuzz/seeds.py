"""Seed inputs for the fuzz harnesses: one or a few valid examples of each format."""

from __future__ import annotations

from datetime import UTC, date, datetime

from cryptography.hazmat.primitives.asymmetric import ec

from drivers.emrtd import active_auth, tlv
from drivers.emrtd.lds.com import encode_com
from drivers.emrtd.lds.dg1 import encode_dg1
from drivers.emrtd.lds.dg2 import FaceImage, encode_dg2
from drivers.emrtd.lds.dg14 import encode_dg14_active_authentication
from drivers.emrtd.lds.dg15 import encode_dg15
from drivers.emrtd.pki import make_test_pki, sign_sod
from drivers.printer import codes
from kiosk.identity.mrz_builder import build_td1, build_td3

_TD3 = build_td3(
    surname="ERIKSSON",
    given_names="ANNA MARIA",
    document_number="L898902C3",
    birth_date=date(1974, 8, 12),
    expiry_date=date(2034, 4, 15),
    sex="F",
    issuing_state="UTO",
    nationality="UTO",
)
_TD1 = build_td1(
    surname="SØRENSEN",
    given_names="ÅSE",
    document_number="D23145890",
    birth_date=date(1990, 1, 1),
    expiry_date=date(2030, 1, 1),
    sex="F",
)

SEEDS: dict[str, list[bytes]] = {
    "mrz": ["\n".join(_TD3).encode(), "\n".join(_TD1).encode()],
    "serial_framing": [
        b"\x02" + "\r\n".join(_TD3).encode() + b"\r\n\x03",
        b"noise\r\n" + "\r\n".join(_TD1).encode() + b"\r\n",
    ],
    "config": [
        b'kiosk_id = "k"\n[rules]\nwitness_limit = 3\n[devices]\nprinter = "tcp://127.0.0.1:9100"\n'
    ],
}

# The chip's files, each prefixed by the byte that picks its parser in fuzz_lds.py.
_JPEG = b"\xff\xd8\xff\xe0" + bytes(60) + b"\xff\xd9"
_DG1 = encode_dg1(_TD3)
_DG2 = encode_dg2(FaceImage(_JPEG, "jpeg", 8, 8))
_DG14 = encode_dg14_active_authentication(active_auth.OID_ECDSA_PLAIN_SHA256)
_DG15 = encode_dg15(ec.generate_private_key(ec.SECP256R1()).public_key())
_COM = encode_com(bytes([0x61, 0x75, 0x6E, 0x6F]))
_SOD = sign_sod(make_test_pki(datetime(2026, 11, 23, tzinfo=UTC)), {1: _DG1, 2: _DG2})
_MINIMAL_SCENARIO = b'{"today": "2026-11-23", "steps": [{"scan": {"mrz": ["%s", "%s"]}}]}' % (
    _TD3[0].encode(),
    _TD3[1].encode(),
)

SEEDS.update(
    {
        "tlv": [_DG1, _COM, tlv.encode(0x5F1F, b"x" * 200), b"\x7f\x61\x82\x00\x01\x00"],
        "lds": [
            bytes([index]) + data for index, data in enumerate((_COM, _DG1, _DG2, _DG14, _DG15))
        ],
        "sod": [_SOD],
        "escpos_status": [
            b"\x03" + bytes([codes.REALTIME_FIXED_VALUE] * 4) + b"\x10\x00\x00\x0f",
            b"\x01\x37\x22" + b"0001" + b"\x00\xff\x14",
        ],
        "scenario": [
            _MINIMAL_SCENARIO,
            b'{"settings": {"witness_limit": 2}, "steps": [{"choose": "post"}, {"help": true}]}',
        ],
    }
)
