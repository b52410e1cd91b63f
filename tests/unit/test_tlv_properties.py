"""Properties of the BER-TLV codec and secure-messaging unwrap: round trips hold, and arbitrary
bytes from a chip raise only the chip errors, never anything else."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from drivers.emrtd import tlv
from drivers.emrtd.bac import SessionKeys
from drivers.emrtd.secure_messaging import ChipChannel, SecureChannel
from drivers.emrtd.tlv import TlvError
from drivers.iso7816.apdu import CommandApdu
from kiosk.errors import SecureMessagingError

SESSION = SessionKeys(bytes(range(16)), bytes(range(16, 32)), bytes(8))
TAGS = st.sampled_from([0x02, 0x04, 0x30, 0x5F1F, 0x7F61, 0x87, 0x99, 0x8E])


@given(st.lists(st.tuples(TAGS, st.binary(max_size=300)), max_size=5))
def test_tlv_round_trip(items: list[tuple[int, bytes]]) -> None:
    assert tlv.children(b"".join(tlv.encode(tag, value) for tag, value in items)) == items


@given(st.binary(max_size=64))
def test_arbitrary_bytes_raise_only_tlv_error(data: bytes) -> None:
    try:
        items = tlv.children(data)
    except TlvError as exc:
        assert str(exc)
    else:
        assert sum(len(value) for _, value in items) <= len(data)


@given(st.binary(max_size=80))
def test_arbitrary_response_raises_only_secure_messaging_error(data: bytes) -> None:
    channel = SecureChannel(SESSION)
    try:
        plain, sw = channel.unwrap(data)
    except SecureMessagingError as exc:
        assert str(exc)
    else:  # only a bare error status passes unprotected
        assert (plain, len(data)) == (b"", 2)
        assert sw == int.from_bytes(data, "big")


@given(st.binary(max_size=80))
def test_arbitrary_command_raises_only_secure_messaging_error(data: bytes) -> None:
    try:
        ChipChannel(SESSION).unwrap_command(b"\x0c\xb0\x00\x00" + data)
    except SecureMessagingError as exc:
        assert "MAC" in str(exc) or "malformed" in str(exc) or "DO'8E'" in str(exc)
    else:
        raise AssertionError("random bytes passed the command MAC")


@given(
    st.integers(0, 255),
    st.binary(max_size=300),
    st.one_of(st.none(), st.integers(1, 65536)),
)
def test_command_apdu_round_trip(ins: int, data: bytes, le: int | None) -> None:
    command = CommandApdu(0x00, ins, 0x01, 0x02, data, le)
    assert CommandApdu.from_bytes(command.to_bytes()) == command


@given(st.binary(max_size=200), st.one_of(st.none(), st.integers(1, 65536)))
def test_protected_command_round_trip(data: bytes, le: int | None) -> None:
    command = CommandApdu(0x00, 0xB0, 0x00, 0x10, data, le)
    assert ChipChannel(SESSION).unwrap_command(SecureChannel(SESSION).wrap(command)) == command
