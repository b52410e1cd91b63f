"""The few DER types EF.SOD, master lists and DG14/DG15 need (ITU-T X.690, as used by ICAO 9303
part 10 section 4.6.2 and part 12 section 4).

Encoders return whole data objects; decoders take a value (without tag and length) from
:mod:`drivers.emrtd.tlv`. No schema compiler: the structures are small and fixed.
"""

from __future__ import annotations

from drivers.emrtd import tlv
from drivers.emrtd.tlv import TlvError

INTEGER = 0x02
OCTET_STRING = 0x04
NULL = 0x05
OID = 0x06
SEQUENCE = 0x30
SET = 0x31
CONTEXT_CONSTRUCTED = 0xA0
CONTEXT_PRIMITIVE = 0x80
OID_FIRST_ARC_BASE = 40
BASE128_MORE = 0x80
BASE128_MASK = 0x7F


def sequence(*items: bytes) -> bytes:
    return tlv.encode(SEQUENCE, b"".join(items))


def set_of(*items: bytes, sort: bool = True) -> bytes:
    """A DER SET OF: the elements sorted by their encoding, as DER requires."""
    ordered = sorted(items) if sort else list(items)
    return tlv.encode(SET, b"".join(ordered))


def integer(value: int) -> bytes:
    length = max(1, (value.bit_length() + 8) // 8)
    return tlv.encode(INTEGER, value.to_bytes(length, "big", signed=True))


def octet_string(value: bytes) -> bytes:
    return tlv.encode(OCTET_STRING, value)


def null() -> bytes:
    return tlv.encode(NULL, b"")


def context(number: int, content: bytes, *, constructed: bool = True) -> bytes:
    """A context-specific tag ``[number]`` around ``content`` (implicit or explicit by use)."""
    base = CONTEXT_CONSTRUCTED if constructed else CONTEXT_PRIMITIVE
    return tlv.encode(base | number, content)


def oid(dotted: str) -> bytes:
    """An OBJECT IDENTIFIER from its dotted form (``"2.23.136.1.1.1"``)."""
    arcs = [int(part) for part in dotted.split(".")]
    body = bytearray(_base128(arcs[0] * OID_FIRST_ARC_BASE + arcs[1]))
    for arc in arcs[2:]:
        body += _base128(arc)
    return tlv.encode(OID, bytes(body))


def _base128(value: int) -> bytes:
    out = [value & BASE128_MASK]
    value >>= 7
    while value:
        out.append(BASE128_MORE | (value & BASE128_MASK))
        value >>= 7
    return bytes(reversed(out))


def decode_oid(value: bytes) -> str:
    """The dotted form of an OBJECT IDENTIFIER's value bytes."""
    if not value:
        raise TlvError("empty object identifier")
    numbers: list[int] = []
    current = 0
    for byte in value:
        current = (current << 7) | (byte & BASE128_MASK)
        if not byte & BASE128_MORE:
            numbers.append(current)
            current = 0
    if value[-1] & BASE128_MORE:
        raise TlvError("object identifier ends inside an arc")
    first = min(numbers[0] // OID_FIRST_ARC_BASE, 2)
    arcs = [first, numbers[0] - first * OID_FIRST_ARC_BASE, *numbers[1:]]
    return ".".join(str(arc) for arc in arcs)


def decode_integer(value: bytes) -> int:
    if not value:
        raise TlvError("empty integer")
    return int.from_bytes(value, "big", signed=True)


def expect(data: bytes, tag: int) -> list[tuple[int, bytes]]:
    """The children of the one object ``data`` holds, which must carry ``tag``."""
    return tlv.children(tlv.unwrap(data, tag))


def algorithm_oid(algorithm_identifier: bytes) -> str:
    """The OID of an AlgorithmIdentifier value (SEQUENCE content: OID, optional parameters)."""
    items = tlv.children(algorithm_identifier)
    if not items or items[0][0] != OID:
        raise TlvError("AlgorithmIdentifier without an algorithm")
    return decode_oid(items[0][1])


def algorithm_identifier(dotted: str, *, with_null: bool = False) -> bytes:
    return sequence(oid(dotted), null()) if with_null else sequence(oid(dotted))
