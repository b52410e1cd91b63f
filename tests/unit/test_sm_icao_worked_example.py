"""Secure messaging against ICAO 9303 part 11 appendix D.4: SELECT EF.COM and two READ BINARY
commands, protected and unprotected byte for byte from the appendix's session keys and SSC."""

from __future__ import annotations

import pytest

from drivers.emrtd import commands
from drivers.emrtd.bac import SessionKeys
from drivers.emrtd.secure_messaging import ChipChannel, SecureChannel
from drivers.iso7816.apdu import SW
from kiosk.errors import SecureMessagingError

H = bytes.fromhex
SESSION = SessionKeys(
    H("979EC13B1CBFE9DCD01AB0FED307EAE5"),
    H("F1CB1F1FB5ADF208806B89DC579DC1F8"),
    H("887022120C06C226"),
)
SELECT_PROTECTED = H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800")
SELECT_RESPONSE = H("990290008E08FA855A5D4C50A8ED9000")
READ4_PROTECTED = H("0CB000000D9701048E08ED6705417E96BA5500")
READ4_RESPONSE = H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")
READ18_PROTECTED = H("0CB000040D9701128E082EA28A70F3C7B53500")
READ18_RESPONSE = H(
    "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000"
)
EF_COM_HEAD = H("60145F01")
EF_COM_REST = H("04303130365F36063034303030305C026175")


def test_terminal_wraps_and_unwraps_the_appendix_exchange() -> None:
    channel = SecureChannel(SESSION)
    assert channel.wrap(commands.select_file(0x011E)) == SELECT_PROTECTED
    assert channel.unwrap(SELECT_RESPONSE) == (b"", SW.OK)
    assert channel.wrap(commands.read_binary(0, 4)) == READ4_PROTECTED
    assert channel.unwrap(READ4_RESPONSE) == (EF_COM_HEAD, SW.OK)
    assert channel.wrap(commands.read_binary(4, 0x12)) == READ18_PROTECTED
    assert channel.unwrap(READ18_RESPONSE) == (EF_COM_REST, SW.OK)
    assert channel.ssc == int.from_bytes(SESSION.ssc, "big") + 6


def test_chip_side_reproduces_the_appendix_responses() -> None:
    chip = ChipChannel(SESSION)
    assert chip.unwrap_command(SELECT_PROTECTED) == commands.select_file(0x011E)
    assert chip.wrap_response(b"", SW.OK) == SELECT_RESPONSE
    assert chip.unwrap_command(READ4_PROTECTED) == commands.read_binary(0, 4)
    assert chip.wrap_response(EF_COM_HEAD, SW.OK) == READ4_RESPONSE
    assert chip.unwrap_command(READ18_PROTECTED) == commands.read_binary(4, 0x12)
    assert chip.wrap_response(EF_COM_REST, SW.OK) == READ18_RESPONSE


def test_flipped_response_mac_raises_secure_messaging_error() -> None:
    channel = SecureChannel(SESSION)
    channel.wrap(commands.select_file(0x011E))
    tampered = bytearray(SELECT_RESPONSE)
    tampered[-3] ^= 0x01
    with pytest.raises(SecureMessagingError, match="MAC"):
        channel.unwrap(bytes(tampered))


def test_response_out_of_sequence_fails_its_mac() -> None:
    channel = SecureChannel(SESSION)
    channel.wrap(commands.read_binary(0, 4))  # SSC now one step ahead of the appendix's SELECT
    channel.wrap(commands.select_file(0x011E))
    with pytest.raises(SecureMessagingError):
        channel.unwrap(SELECT_RESPONSE)


def test_response_without_checksum_is_rejected() -> None:
    channel = SecureChannel(SESSION)
    channel.wrap(commands.select_file(0x011E))
    with pytest.raises(SecureMessagingError, match="8E"):
        channel.unwrap(H("99029000") + H("9000"))


def test_plain_sm_error_status_is_rejected() -> None:
    channel = SecureChannel(SESSION)
    channel.wrap(commands.select_file(0x011E))
    with pytest.raises(SecureMessagingError, match="6988"):
        channel.unwrap(H("6988"))


def test_plain_error_status_passes_through() -> None:
    channel = SecureChannel(SESSION)
    channel.wrap(commands.read_binary(0, 4))
    assert channel.unwrap(H("6700")) == (b"", SW.WRONG_LENGTH)


def test_chip_rejects_a_command_with_a_wrong_mac() -> None:
    tampered = bytearray(SELECT_PROTECTED)
    tampered[-2] ^= 0x01
    with pytest.raises(SecureMessagingError, match="MAC"):
        ChipChannel(SESSION).unwrap_command(bytes(tampered))


def test_extended_length_read_round_trips() -> None:
    terminal, chip = SecureChannel(SESSION), ChipChannel(SESSION)
    protected = terminal.wrap(commands.read_binary(0, 20000))
    assert protected[4] == 0  # extended Lc
    command = chip.unwrap_command(protected)
    assert command.le == 20000
    payload = bytes(range(256)) * 78
    assert terminal.unwrap(chip.wrap_response(payload, SW.OK)) == (payload, SW.OK)
