"""Seed inputs for the fuzz harnesses: one or a few valid examples of each format."""

from __future__ import annotations

from datetime import date

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
