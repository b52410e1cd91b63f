"""The standardized domain parameters of PACE and chip authentication (ICAO 9303 part 11 section
9.5.1, table of parameter ids; BSI TR-03110 part 3 appendix A.2.1.1) as groups to compute in:
elliptic curves through python-ecdsa's point arithmetic (cryptography exposes no point addition,
which the generic mapping needs), and the RFC 5114 1024-bit MODP group with a 160-bit subgroup.

A group element is an ``int`` (DH) or a python-ecdsa point (ECDH); :class:`Group` hides which.
Public keys are encoded as PACE carries them: ``04 || x || y`` for curves, the big-endian value
padded to the length of p for DH.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from ecdsa import curves
from ecdsa.ellipticcurve import INFINITY, PointJacobi

from kiosk.errors import AccessDenied, ChipError

UNCOMPRESSED = 0x04
RFC5114_1024_P = int(
    "B10B8F96A080E01DDE92DE5EAE5D54EC52C99FBCFB06A3C69A6A9DCA52D23B616073E28675A23D189838EF1E2EE6"
    "52C013ECB4AEA906112324975C3CD49B83BFACCBDD7D90C4BD7098488E9C219A73724EFFD6FAE5644738FAA31A4F"
    "F55BCCC0A151AF5F0DC8B4BD45BF37DF365C1A65E68CFDA76D4DA708DF1FB2BC2E4A4371",
    16,
)
RFC5114_1024_G = int(
    "A4D1CBD5C3FD34126765A442EFB99905F8104DD258AC507FD6406CFF14266D31266FEA1E5C41564B777E690F5504"
    "F213160217B4B01B886A5E91547F9E2749F4D7FBD7D3B9A92EE1909D0D2263F80A76A6A24C087A091F531DBF0A01"
    "69B6A28AD662A4D18E73AFA32D779D5918D08BC8858F4DCEF97C2A24855E6EEB22B3B2E5",
    16,
)
RFC5114_1024_Q = int("F518AA8781A8DF278ABA4E7D64B7CB9D49462353", 16)
MAX_DRAWS = 64


class Group(Protocol):
    """A prime-order group with the operations PACE generic mapping and key agreement use."""

    name: str
    order: int

    @property
    def generator(self) -> object: ...

    def multiply(self, scalar: int, element: object) -> object: ...

    def combine(self, first: object, second: object) -> object:
        """The group operation: point addition (ECDH) or multiplication mod p (DH)."""

    def encode(self, element: object) -> bytes: ...

    def decode(self, data: bytes) -> object:
        """A peer's public key; raises AccessDenied when it is no element of the group."""

    def shared_secret(self, element: object) -> bytes:
        """The octets of a key-agreement result: x for a point, the value for DH."""


@dataclass(frozen=True)
class EcGroup:
    name: str
    curve: curves.Curve

    @property
    def order(self) -> int:
        return int(self.curve.order)

    @property
    def size(self) -> int:
        return int(self.curve.baselen)

    @property
    def field_size(self) -> int:
        return (int(self.curve.curve.p()).bit_length() + 7) // 8

    @property
    def generator(self) -> PointJacobi:
        return self.curve.generator

    def multiply(self, scalar: int, element: object) -> PointJacobi:
        return _point(element) * scalar

    def combine(self, first: object, second: object) -> PointJacobi:
        return _point(first) + _point(second)

    def encode(self, element: object) -> bytes:
        point = _point(element)
        if point == INFINITY:
            raise ChipError("the point at infinity has no encoding")
        size = self.field_size
        x, y = int(point.x()), int(point.y())
        return bytes((UNCOMPRESSED,)) + x.to_bytes(size, "big") + y.to_bytes(size, "big")

    def decode(self, data: bytes) -> PointJacobi:
        size = self.field_size
        if len(data) != 1 + 2 * size or data[0] != UNCOMPRESSED:
            raise AccessDenied(f"a {self.name} public key is 04 || x || y, not {len(data)} bytes")
        x = int.from_bytes(data[1 : 1 + size], "big")
        y = int.from_bytes(data[1 + size :], "big")
        if not self.curve.curve.contains_point(x, y):
            raise AccessDenied(f"the public key is not a point of {self.name}")
        return PointJacobi(self.curve.curve, x, y, 1, self.curve.order)

    def shared_secret(self, element: object) -> bytes:
        point = _point(element)
        if point == INFINITY:
            raise AccessDenied("key agreement gave the point at infinity")
        return int(point.x()).to_bytes(self.field_size, "big")


def _point(element: object) -> PointJacobi:
    if not isinstance(element, PointJacobi):
        raise ChipError(f"not a curve point: {type(element).__name__}")
    return element


@dataclass(frozen=True)
class DhGroup:
    name: str
    p: int
    g: int
    order: int

    @property
    def size(self) -> int:
        return (self.p.bit_length() + 7) // 8

    @property
    def generator(self) -> int:
        return self.g

    def multiply(self, scalar: int, element: object) -> int:
        return pow(_value(element), scalar, self.p)

    def combine(self, first: object, second: object) -> int:
        return _value(first) * _value(second) % self.p

    def encode(self, element: object) -> bytes:
        return _value(element).to_bytes(self.size, "big")

    def decode(self, data: bytes) -> int:
        value = int.from_bytes(data, "big")
        if not 1 < value < self.p - 1 or pow(value, self.order, self.p) != 1:
            raise AccessDenied(f"the public key is not an element of {self.name}")
        return value

    def shared_secret(self, element: object) -> bytes:
        return self.encode(element)


def _value(element: object) -> int:
    if not isinstance(element, int):
        raise ChipError(f"not a DH group element: {type(element).__name__}")
    return element


# ICAO 9303 part 11 section 9.5.1: standardized domain parameters by parameter id.
STANDARDIZED: dict[int, Group] = {
    0: DhGroup("RFC 5114 1024-bit MODP group", RFC5114_1024_P, RFC5114_1024_G, RFC5114_1024_Q),
    8: EcGroup("NIST P-192", curves.NIST192p),
    9: EcGroup("brainpoolP192r1", curves.BRAINPOOLP192r1),
    10: EcGroup("NIST P-224", curves.NIST224p),
    11: EcGroup("brainpoolP224r1", curves.BRAINPOOLP224r1),
    12: EcGroup("NIST P-256", curves.NIST256p),
    13: EcGroup("brainpoolP256r1", curves.BRAINPOOLP256r1),
    14: EcGroup("brainpoolP320r1", curves.BRAINPOOLP320r1),
    15: EcGroup("NIST P-384", curves.NIST384p),
    16: EcGroup("brainpoolP384r1", curves.BRAINPOOLP384r1),
    17: EcGroup("brainpoolP512r1", curves.BRAINPOOLP512r1),
    18: EcGroup("NIST P-521", curves.NIST521p),
}


def standardized(parameter_id: int) -> Group:
    """The group of a standardized parameter id; raises ChipError for one the kiosk lacks."""
    try:
        return STANDARDIZED[parameter_id]
    except KeyError as exc:
        raise ChipError(f"PACE domain parameters {parameter_id} are not supported") from exc


def private_key(group: Group, random_bytes: Callable[[int], bytes]) -> int:
    """A private key in [1, order - 1], drawn from as many random bits as the order has."""
    bits = group.order.bit_length()
    for _ in range(MAX_DRAWS):
        candidate = int.from_bytes(random_bytes((bits + 7) // 8), "big") & ((1 << bits) - 1)
        if 0 < candidate < group.order:
            return candidate
    raise ChipError("the random source gave no usable private key")
