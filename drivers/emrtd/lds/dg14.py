"""DG14, the security infos for chip and terminal authentication, PACE and active
authentication (ICAO 9303 part 10 section 4.7.14, part 11 section 9.2): tag 6E around a DER SET
of SecurityInfo SEQUENCEs, each opened by a protocol OID. The kiosk uses only the active
authentication info, which names the ECDSA signature algorithm (part 11 section 6.1).
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.emrtd import der, tlv
from drivers.emrtd.lds.files import DG14

OID_ACTIVE_AUTHENTICATION = "2.23.136.1.1.5"
AA_INFO_VERSION = 1


@dataclass(frozen=True)
class SecurityInfos:
    protocols: tuple[str, ...]  # protocol OIDs, in file order
    aa_signature_algorithm: str = ""  # e.g. "0.4.0.127.0.7.1.1.4.1.3" (ecdsa-plain-SHA256)


def parse_dg14(data: bytes) -> SecurityInfos:
    """The protocol OIDs in DG14 and the AA signature algorithm when listed."""
    protocols: list[str] = []
    aa_algorithm = ""
    for _, info in der.expect(tlv.unwrap(data, DG14.tag), der.SET):
        items = tlv.children(info)
        if not items or items[0][0] != der.OID:
            continue
        protocol = der.decode_oid(items[0][1])
        protocols.append(protocol)
        if protocol == OID_ACTIVE_AUTHENTICATION and len(items) >= 3 and items[2][0] == der.OID:
            aa_algorithm = der.decode_oid(items[2][1])
    return SecurityInfos(tuple(protocols), aa_algorithm)


def encode_dg14_active_authentication(signature_algorithm: str) -> bytes:
    info = der.sequence(
        der.oid(OID_ACTIVE_AUTHENTICATION),
        der.integer(AA_INFO_VERSION),
        der.oid(signature_algorithm),
    )
    return tlv.encode(DG14.tag, der.set_of(info))
