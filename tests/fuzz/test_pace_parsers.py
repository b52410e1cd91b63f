"""Hypothesis properties for what PACE, chip authentication and the trust store parse from
outside (issue 13): EF.CardAccess, a SubjectPublicKeyInfo with any domain parameters, a chip's
answers under AES secure messaging, and the emulator's chip side fed any command. Each returns
its value or raises the error its caller handles (ChipError, SecureMessagingError), never
another."""

from __future__ import annotations

import contextlib

from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.emrtd.bac import SessionKeys
from drivers.emrtd.ec_params import ec_public_key
from drivers.emrtd.lds.card_access import PaceInfo, parse_card_access
from drivers.emrtd.pace_crypto import PacePassword
from drivers.emrtd.secure_messaging import SecureChannel
from drivers.emrtd.sm_cipher import AES_128
from drivers.iso7816.apdu import CommandApdu
from drivers.sim.cards.epassport_pace import ChipPace
from kiosk.errors import BadInputError, ChipError, SecureMessagingError

PACE_INFO = PaceInfo("0.4.0.127.0.7.2.2.4.2.2", 2, 13)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=120))
def test_any_card_access_bytes_parse_or_raise_chip_error(data: bytes) -> None:
    with contextlib.suppress(ChipError):
        for info in parse_card_access(data):
            assert info.protocol.startswith("0.4.0.127.0.7.2.2.4.")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_public_key_bytes_give_a_key_or_chip_error(data: bytes) -> None:
    with contextlib.suppress(ChipError):
        ec_public_key(data)


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=2, max_size=80))
def test_any_answer_under_aes_secure_messaging_unwraps_or_raises(answer: bytes) -> None:
    channel = SecureChannel(SessionKeys(bytes(16), bytes(16), bytes(16), AES_128))
    with contextlib.suppress(SecureMessagingError):
        channel.unwrap(answer)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([0x22, 0x86]), st.binary(max_size=90))
def test_emulated_chip_answers_any_pace_command_with_a_status(ins: int, data: bytes) -> None:
    chip = ChipPace(PACE_INFO, {1: PacePassword(1, b"k" * 20)}, lambda n: b"\x01" * n)
    with contextlib.suppress(BadInputError):
        command = CommandApdu(0x10, ins, 0xC1, 0xA4, data, le=256)
        chip.handle(
            CommandApdu(0x00, 0x22, 0xC1, 0xA4, bytes.fromhex("800A04007F00070202040202830101"))
        )
        _, sw, _ = chip.handle(command)
        assert 0x6000 <= sw <= 0x9FFF
