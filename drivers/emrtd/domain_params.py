"""The standardized domain parameters of PACE and chip authentication (ICAO 9303 part 11 section
9.5.1, table of parameter ids; BSI TR-03110 part 3 appendix A.2.1.1) as groups to compute in:
elliptic curves through python-ecdsa's point arithmetic (cryptography exposes no point addition,
which the generic mapping needs), and the three RFC 5114 MODP groups with prime-order subgroups
(ids 0-2: 1024/160, 2048/224, 2048/256 bits).

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
RFC5114_2048_224_P = int(
    "AD107E1E9123A9D0D660FAA79559C51FA20D64E5683B9FD1B54B1597B61D0A75E6FA141DF95A56DBAF9A3C407BA1"
    "DF15EB3D688A309C180E1DE6B85A1274A0A66D3F8152AD6AC2129037C9EDEFDA4DF8D91E8FEF55B7394B7AD5B7D0"
    "B6C12207C9F98D11ED34DBF6C6BA0B2C8BBC27BE6A00E0A0B9C49708B3BF8A317091883681286130BC8985DB1602"
    "E714415D9330278273C7DE31EFDC7310F7121FD5A07415987D9ADC0A486DCDF93ACC44328387315D75E198C641A4"
    "80CD86A1B9E587E8BE60E69CC928B2B9C52172E413042E9B23F10B0E16E79763C9B53DCF4BA80A29E3FB73C16B8E"
    "75B97EF363E2FFA31F71CF9DE5384E71B81C0AC4DFFE0C10E64F",
    16,
)
RFC5114_2048_224_G = int(
    "AC4032EF4F2D9AE39DF30B5C8FFDAC506CDEBE7B89998CAF74866A08CFE4FFE3A6824A4E10B9A6F0DD921F01A70C"
    "4AFAAB739D7700C29F52C57DB17C620A8652BE5E9001A8D66AD7C17669101999024AF4D027275AC1348BB8A762D0"
    "521BC98AE247150422EA1ED409939D54DA7460CDB5F6C6B250717CBEF180EB34118E98D119529A45D6F834566E30"
    "25E316A330EFBB77A86F0C1AB15B051AE3D428C8F8ACB70A8137150B8EEB10E183EDD19963DDD9E263E4770589EF"
    "6AA21E7F5F2FF381B539CCE3409D13CD566AFBB48D6C019181E1BCFE94B30269EDFE72FE9B6AA4BD7B5A0F1C71CF"
    "FF4C19C418E1F6EC017981BC087F2A7065B384B890D3191F2BFA",
    16,
)
RFC5114_2048_224_Q = int("801C0D34C58D93FE997177101F80535A4738CEBCBF389A99B36371EB", 16)
RFC5114_2048_256_P = int(
    "87A8E61DB4B6663CFFBBD19C651959998CEEF608660DD0F25D2CEED4435E3B00E00DF8F1D61957D4FAF7DF4561B2"
    "AA3016C3D91134096FAA3BF4296D830E9A7C209E0C6497517ABD5A8A9D306BCF67ED91F9E6725B4758C022E0B1EF"
    "4275BF7B6C5BFC11D45F9088B941F54EB1E59BB8BC39A0BF12307F5C4FDB70C581B23F76B63ACAE1CAA6B7902D52"
    "526735488A0EF13C6D9A51BFA4AB3AD8347796524D8EF6A167B5A41825D967E144E5140564251CCACB83E6B486F6"
    "B3CA3F7971506026C0B857F689962856DED4010ABD0BE621C3A3960A54E710C375F26375D7014103A4B54330C198"
    "AF126116D2276E11715F693877FAD7EF09CADB094AE91E1A1597",
    16,
)
RFC5114_2048_256_G = int(
    "3FB32C9B73134D0B2E77506660EDBD484CA7B18F21EF205407F4793A1A0BA12510DBC15077BE463FFF4FED4AAC0B"
    "B555BE3A6C1B0C6B47B1BC3773BF7E8C6F62901228F8C28CBB18A55AE31341000A650196F931C77A57F2DDF463E5"
    "E9EC144B777DE62AAAB8A8628AC376D282D6ED3864E67982428EBC831D14348F6F2F9193B5045AF2767164E1DFC9"
    "67C1FB3F2E55A4BD1BFFE83B9C80D052B985D182EA0ADB2A3B7313D3FE14C8484B1E052588B9B7D2BBD2DF016199"
    "ECD06E1557CD0915B3353BBB64E0EC377FD028370DF92B52C7891428CDC67EB6184B523D1DB246C32F63078490F0"
    "0EF8D647D148D47954515E2327CFEF98C582664B4C0F6CC41659",
    16,
)
RFC5114_2048_256_Q = int("8CF83642A709A097B447997640129DA299B1A47D1EB3750BA308B0FE64F5FBD3", 16)
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
    1: DhGroup(
        "RFC 5114 2048-bit MODP group, 224-bit subgroup",
        RFC5114_2048_224_P,
        RFC5114_2048_224_G,
        RFC5114_2048_224_Q,
    ),
    2: DhGroup(
        "RFC 5114 2048-bit MODP group, 256-bit subgroup",
        RFC5114_2048_256_P,
        RFC5114_2048_256_G,
        RFC5114_2048_256_Q,
    ),
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
