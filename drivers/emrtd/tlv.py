"""BER-TLV encoding and decoding (ISO/IEC 8825-1, as profiled by ICAO 9303 part 10 section 4.4).

Tags are kept as integers of their encoded bytes (``0x5F1F``, ``0x7F61``), lengths use the
short form below 128 and the long form (``81``, ``82``, ``83``) above. The same code reads the
DER of EF.SOD and certificates. Malformed input raises :class:`TlvError` (a ``ChipError``), since
it always comes from a chip or a file that claims to be an LDS structure.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from kiosk.errors import ChipError

MULTI_BYTE_TAG = 0x1F
MORE_TAG_BYTES = 0x80
CONSTRUCTED = 0x20
LONG_LENGTH = 0x80
MAX_LENGTH_BYTES = 4


class TlvError(ChipError):
    """Bytes that do not parse as BER-TLV."""

    code = "chip_malformed_data"


@dataclass(frozen=True)
class Tlv:
    """One decoded data object: its tag, its value and where the next object starts."""

    tag: int
    value: bytes
    end: int


def encode_tag(tag: int) -> bytes:
    """The bytes of ``tag`` (an integer such as ``0x5F1F``); at least one byte."""
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")


def encode_length(length: int) -> bytes:
    """Short form below 128, else ``8n`` followed by n length bytes (n <= 4)."""
    if length < 0:
        raise ValueError("a TLV length cannot be negative")
    if length < LONG_LENGTH:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    return bytes([LONG_LENGTH | len(body)]) + body


def encode(tag: int, value: bytes) -> bytes:
    """One data object: tag, length, value."""
    return encode_tag(tag) + encode_length(len(value)) + value


def read_tag(data: bytes, offset: int = 0) -> tuple[int, int]:
    """The tag at ``offset`` and the offset after it; raises TlvError when truncated."""
    if offset >= len(data):
        raise TlvError("data ends where a tag should start")
    start = offset
    first = data[offset]
    offset += 1
    if first & MULTI_BYTE_TAG == MULTI_BYTE_TAG:
        while True:
            if offset >= len(data):
                raise TlvError("data ends inside a multi-byte tag")
            byte = data[offset]
            offset += 1
            if not byte & MORE_TAG_BYTES:
                break
    return int.from_bytes(data[start:offset], "big"), offset


def read_length(data: bytes, offset: int) -> tuple[int, int]:
    """The length at ``offset`` and the offset after it; raises TlvError when malformed."""
    if offset >= len(data):
        raise TlvError("data ends where a length should start")
    first = data[offset]
    offset += 1
    if first < LONG_LENGTH:
        return first, offset
    count = first & ~LONG_LENGTH
    if count == 0 or count > MAX_LENGTH_BYTES:
        raise TlvError(f"unsupported length form 0x{first:02X}")
    if offset + count > len(data):
        raise TlvError("data ends inside a length")
    return int.from_bytes(data[offset : offset + count], "big"), offset + count


def header_size(data: bytes) -> tuple[int, int]:
    """(size of the tag and length bytes, length of the value) of the object starting ``data``.

    Used to learn a file's total size from its first few bytes.
    """
    _, offset = read_tag(data)
    length, offset = read_length(data, offset)
    return offset, length


def decode_one(data: bytes, offset: int = 0) -> Tlv:
    """The data object at ``offset``; raises TlvError when its value runs past the data."""
    tag, offset = read_tag(data, offset)
    length, offset = read_length(data, offset)
    end = offset + length
    if end > len(data):
        raise TlvError(f"tag 0x{tag:X} claims {length} bytes, only {len(data) - offset} remain")
    return Tlv(tag, bytes(data[offset:end]), end)


def iterate(data: bytes) -> Iterator[Tlv]:
    """Every data object in ``data`` at one level, in order."""
    offset = 0
    while offset < len(data):
        item = decode_one(data, offset)
        yield item
        offset = item.end


def children(data: bytes) -> list[tuple[int, bytes]]:
    """The (tag, value) pairs of one nesting level."""
    return [(item.tag, item.value) for item in iterate(data)]


def unwrap(data: bytes, tag: int) -> bytes:
    """The value of the single object ``data`` holds, which must carry ``tag``."""
    item = decode_one(data)
    if item.tag != tag:
        raise TlvError(f"expected tag 0x{tag:X}, found 0x{item.tag:X}")
    return item.value


def find(data: bytes, tag: int) -> bytes | None:
    """The value of the first object with ``tag`` at this level, or None."""
    return next((item.value for item in iterate(data) if item.tag == tag), None)


def require(data: bytes, tag: int) -> bytes:
    """Like :func:`find`, but raises TlvError when the tag is absent."""
    value = find(data, tag)
    if value is None:
        raise TlvError(f"tag 0x{tag:X} is missing")
    return value
