"""Chip-authentication key pairs for synthetic chips (ICAO 9303 part 11 section 6.2): an EC key
(its public half in DG14 with explicit domain parameters, as many real chips carry it, or by
curve name) or a DH key in the RFC 5114 group, and the DG14 entries that announce it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from asn1crypto import keys as asn1_keys
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from drivers.emrtd.chip_auth import ID_CA_DH, ID_CA_ECDH, ID_PK_DH, ID_PK_ECDH
from drivers.emrtd.domain_params import STANDARDIZED, DhGroup, private_key
from drivers.emrtd.ec_params import explicit_spki
from drivers.emrtd.lds.dg14 import chip_authentication_infos

AES_128_SUFFIX = ".2"
RFC5114_GROUP_ID = 0


@dataclass(frozen=True)
class DhChipKey:
    """A DH private key ``x`` in ``group``."""

    group: DhGroup
    x: int

    @property
    def y(self) -> int:
        return pow(self.group.g, self.x, self.group.p)


CaPrivateKey = ec.EllipticCurvePrivateKey | DhChipKey


def make_ca_key(kind: str, random_bytes: Callable[[int], bytes]) -> CaPrivateKey:
    """'ecdh' (brainpoolP256r1) or 'dh' (RFC 5114 1024-bit group)."""
    if kind == "dh":
        group = STANDARDIZED[RFC5114_GROUP_ID]
        assert isinstance(group, DhGroup)
        return DhChipKey(group, private_key(group, random_bytes))
    return ec.generate_private_key(ec.BrainpoolP256R1())


def ca_spki(key: CaPrivateKey, *, explicit: bool = True) -> bytes:
    """The public key's SubjectPublicKeyInfo for DG14."""
    if isinstance(key, DhChipKey):
        group = key.group
        info = asn1_keys.PublicKeyInfo(
            {
                "algorithm": {
                    "algorithm": "dh",
                    "parameters": {"p": group.p, "g": group.g, "q": group.order},
                },
                "public_key": key.y,
            }
        )
        return bytes(info.dump())
    public = key.public_key()
    if explicit:
        return explicit_spki(public)
    return public.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)


def ca_protocol(key: CaPrivateKey) -> str:
    """The AES-128 chip authentication protocol of the key's kind."""
    return (ID_CA_DH if isinstance(key, DhChipKey) else ID_CA_ECDH) + AES_128_SUFFIX


def ca_security_infos(key: CaPrivateKey, protocol: str = "") -> tuple[bytes, ...]:
    """DG14's ChipAuthenticationInfo and ChipAuthenticationPublicKeyInfo for ``key``."""
    key_protocol = ID_PK_DH if isinstance(key, DhChipKey) else ID_PK_ECDH
    return chip_authentication_infos(protocol or ca_protocol(key), key_protocol, ca_spki(key))
