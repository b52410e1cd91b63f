"""DG14, the security infos for chip and terminal authentication, PACE and active
authentication (ICAO 9303 part 10 section 4.7.14, part 11 section 9.2): tag 6E around a DER SET
of SecurityInfo SEQUENCEs, each opened by a protocol OID. The kiosk reads the active
authentication info (the ECDSA signature algorithm, part 11 section 6.1) and the chip
authentication infos and public keys (part 11 sections 6.2 and 9.2.5-9.2.6).
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.emrtd import der, tlv
from drivers.emrtd.lds.files import DG14

OID_ACTIVE_AUTHENTICATION = "2.23.136.1.1.5"
ID_CA = "0.4.0.127.0.7.2.2.3"
ID_PK = "0.4.0.127.0.7.2.2.1"
AA_INFO_VERSION = 1
CA_INFO_VERSION = 1


@dataclass(frozen=True)
class ChipAuthenticationInfo:
    protocol: str  # id-CA-{DH,ECDH}-{3DES-CBC-CBC,AES-CBC-CMAC-128/192/256}
    version: int
    key_id: int | None = None


@dataclass(frozen=True)
class ChipAuthenticationPublicKey:
    protocol: str  # id-PK-DH or id-PK-ECDH
    spki: bytes  # the SubjectPublicKeyInfo DER, explicit or named parameters as the chip has it
    key_id: int | None = None


@dataclass(frozen=True)
class SecurityInfos:
    protocols: tuple[str, ...]  # protocol OIDs, in file order
    aa_signature_algorithm: str = ""  # e.g. "0.4.0.127.0.7.1.1.4.1.3" (ecdsa-plain-SHA256)
    ca_infos: tuple[ChipAuthenticationInfo, ...] = ()
    ca_keys: tuple[ChipAuthenticationPublicKey, ...] = ()


def _optional_integer(items: list[tuple[int, bytes]], index: int) -> int | None:
    if len(items) > index and items[index][0] == der.INTEGER:
        return der.decode_integer(items[index][1])
    return None


def parse_dg14(data: bytes) -> SecurityInfos:
    """The protocol OIDs in DG14, the AA signature algorithm and the chip authentication infos."""
    protocols: list[str] = []
    aa_algorithm = ""
    ca_infos: list[ChipAuthenticationInfo] = []
    ca_keys: list[ChipAuthenticationPublicKey] = []
    for _, info in der.expect(tlv.unwrap(data, DG14.tag), der.SET):
        items = tlv.children(info)
        if not items or items[0][0] != der.OID:
            continue
        protocol = der.decode_oid(items[0][1])
        protocols.append(protocol)
        if protocol == OID_ACTIVE_AUTHENTICATION and len(items) >= 3 and items[2][0] == der.OID:
            aa_algorithm = der.decode_oid(items[2][1])
        elif protocol.startswith(ID_CA + ".") and len(items) >= 2 and items[1][0] == der.INTEGER:
            version = der.decode_integer(items[1][1])
            ca_infos.append(ChipAuthenticationInfo(protocol, version, _optional_integer(items, 2)))
        elif protocol.startswith(ID_PK + ".") and len(items) >= 2 and items[1][0] == der.SEQUENCE:
            spki = tlv.encode(der.SEQUENCE, items[1][1])
            ca_keys.append(ChipAuthenticationPublicKey(protocol, spki, _optional_integer(items, 2)))
    return SecurityInfos(tuple(protocols), aa_algorithm, tuple(ca_infos), tuple(ca_keys))


def active_authentication_info(signature_algorithm: str) -> bytes:
    return der.sequence(
        der.oid(OID_ACTIVE_AUTHENTICATION),
        der.integer(AA_INFO_VERSION),
        der.oid(signature_algorithm),
    )


def chip_authentication_infos(protocol: str, key_protocol: str, spki: bytes) -> tuple[bytes, ...]:
    """A ChipAuthenticationInfo and its ChipAuthenticationPublicKeyInfo (no key id)."""
    return (
        der.sequence(der.oid(protocol), der.integer(CA_INFO_VERSION)),
        der.sequence(der.oid(key_protocol), spki),
    )


def encode_dg14(infos: tuple[bytes, ...]) -> bytes:
    return tlv.encode(DG14.tag, der.set_of(*infos))


def encode_dg14_active_authentication(signature_algorithm: str) -> bytes:
    return encode_dg14((active_authentication_info(signature_algorithm),))
