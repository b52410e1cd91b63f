"""EF.SOD, the document security object (ICAO 9303 part 10 section 4.6.2 and part 12 section
4.6.2): tag 77 around a CMS SignedData (RFC 5652) whose encapsulated content is the
LDSSecurityObject (OID 2.23.136.1.1.1), a list of data-group hashes; the document signer
certificate travels in the SignedData and the signature covers the signed attributes.

Parsing keeps the exact signed bytes (eContent and the signed-attribute SET) for passive
authentication; the ``encode_*`` functions build a SOD for the test PKI.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives import hashes

from drivers.emrtd import der, tlv
from drivers.emrtd.lds.files import EF_SOD
from drivers.emrtd.tlv import TlvError

OID_SIGNED_DATA = "1.2.840.113549.1.7.2"
OID_LDS_SECURITY_OBJECT = "2.23.136.1.1.1"
OID_CONTENT_TYPE = "1.2.840.113549.1.9.3"
OID_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
HASH_OIDS: dict[str, type[hashes.HashAlgorithm]] = {
    "1.3.14.3.2.26": hashes.SHA1,
    "2.16.840.1.101.3.4.2.4": hashes.SHA224,
    "2.16.840.1.101.3.4.2.1": hashes.SHA256,
    "2.16.840.1.101.3.4.2.2": hashes.SHA384,
    "2.16.840.1.101.3.4.2.3": hashes.SHA512,
}
OID_BY_HASH = {algorithm.name: oid for oid, algorithm in HASH_OIDS.items()}
CMS_VERSION_SIGNED_DATA = 3
CMS_VERSION_SIGNER_INFO = 1
LDS_SECURITY_OBJECT_VERSION = 0
CERTIFICATES_TAG = 0xA0
SIGNED_ATTRIBUTES_TAG = 0xA0


@dataclass(frozen=True)
class SignerInfo:
    issuer: bytes  # DER Name of the signer certificate's issuer
    serial_number: int
    digest_algorithm: str
    signed_attributes: bytes  # DER SET (tag 31) as signed
    signature_algorithm: bytes  # AlgorithmIdentifier value, with its parameters
    signature: bytes
    content_type: str
    message_digest: bytes


@dataclass(frozen=True)
class SodFile:
    econtent_type: str
    econtent: bytes  # the LDSSecurityObject DER, exactly as signed
    hash_algorithm: str  # OID of the data-group hash algorithm
    data_group_hashes: dict[int, bytes]
    certificates: tuple[bytes, ...]  # DER certificates carried in the SignedData
    signer: SignerInfo


def hash_algorithm(oid: str) -> hashes.HashAlgorithm:
    """A cryptography hash for an OID; raises TlvError for one ICAO does not allow."""
    if oid not in HASH_OIDS:
        raise TlvError(f"unsupported hash algorithm {oid}")
    return HASH_OIDS[oid]()


def digest(oid: str, data: bytes) -> bytes:
    hasher = hashes.Hash(hash_algorithm(oid))
    hasher.update(data)
    return hasher.finalize()


def parse_signed_data(content_info: bytes, expected_type: str) -> tuple[bytes, tuple, SignerInfo]:
    """(eContent, certificates, signer) of a CMS ContentInfo holding SignedData.

    Shared by EF.SOD and the CSCA master list; raises TlvError when the structure is wrong.
    """
    outer = der.expect(content_info, der.SEQUENCE)
    if der.decode_oid(outer[0][1]) != OID_SIGNED_DATA or outer[1][0] != der.CONTEXT_CONSTRUCTED:
        raise TlvError("not a CMS SignedData")
    fields = der.expect(outer[1][1], der.SEQUENCE)
    encap = tlv.children(fields[2][1])
    econtent_type = der.decode_oid(encap[0][1])
    if econtent_type != expected_type:
        raise TlvError(f"SignedData holds {econtent_type}, expected {expected_type}")
    econtent = tlv.unwrap(encap[1][1], der.OCTET_STRING)
    certificates: tuple[bytes, ...] = ()
    rest = fields[3:]
    if rest and rest[0][0] == CERTIFICATES_TAG:
        certificates = tuple(tlv.encode(tag, value) for tag, value in tlv.children(rest[0][1]))
    signer_infos = tlv.children(rest[-1][1]) if rest and rest[-1][0] == der.SET else []
    if len(signer_infos) != 1:
        raise TlvError(f"SignedData has {len(signer_infos)} signers, expected exactly one")
    return econtent, certificates, _parse_signer(signer_infos[0][1])


def _parse_signer(value: bytes) -> SignerInfo:
    items = tlv.children(value)
    sid = tlv.children(items[1][1])
    if items[1][0] != der.SEQUENCE or len(sid) != 2:
        raise TlvError("signer identified by key id; only issuer and serial is supported")
    attributes_value = items[3][1] if items[3][0] == SIGNED_ATTRIBUTES_TAG else None
    if attributes_value is None:
        raise TlvError("SignerInfo has no signed attributes")
    content_type, message_digest = "", b""
    for _, attribute in tlv.children(attributes_value):
        parts = tlv.children(attribute)
        values = tlv.children(parts[1][1])
        oid = der.decode_oid(parts[0][1])
        if oid == OID_CONTENT_TYPE:
            content_type = der.decode_oid(values[0][1])
        elif oid == OID_MESSAGE_DIGEST:
            message_digest = values[0][1]
    return SignerInfo(
        issuer=tlv.encode(sid[0][0], sid[0][1]),
        serial_number=der.decode_integer(sid[1][1]),
        digest_algorithm=der.algorithm_oid(items[2][1]),
        signed_attributes=tlv.encode(der.SET, attributes_value),
        signature_algorithm=items[4][1],
        signature=tlv.unwrap(tlv.encode(items[5][0], items[5][1]), der.OCTET_STRING),
        content_type=content_type,
        message_digest=message_digest,
    )


def parse_sod(data: bytes) -> SodFile:
    """EF.SOD from its bytes; raises TlvError (a ChipError) when any part is malformed."""
    try:
        econtent, certificates, signer = parse_signed_data(
            tlv.unwrap(data, EF_SOD.tag), OID_LDS_SECURITY_OBJECT
        )
        security_object = der.expect(econtent, der.SEQUENCE)
        hashes_by_group: dict[int, bytes] = {}
        for _, entry in tlv.children(security_object[2][1]):
            number, value = tlv.children(entry)
            hashes_by_group[der.decode_integer(number[1])] = value[1]
    except (IndexError, ValueError) as exc:
        raise TlvError(f"EF.SOD structure is wrong: {exc}") from exc
    return SodFile(
        OID_LDS_SECURITY_OBJECT,
        econtent,
        der.algorithm_oid(security_object[1][1]),
        hashes_by_group,
        certificates,
        signer,
    )


def encode_lds_security_object(hash_oid: str, data_group_hashes: dict[int, bytes]) -> bytes:
    entries = [
        der.sequence(der.integer(number), der.octet_string(value))
        for number, value in sorted(data_group_hashes.items())
    ]
    return der.sequence(
        der.integer(LDS_SECURITY_OBJECT_VERSION),
        der.algorithm_identifier(hash_oid),
        der.sequence(*entries),
    )


def encode_signed_attributes(econtent_type: str, econtent_digest: bytes) -> bytes:
    """The signed-attribute SET (tag 31) a signer signs: content type and message digest."""
    return der.set_of(
        der.sequence(der.oid(OID_CONTENT_TYPE), der.set_of(der.oid(econtent_type))),
        der.sequence(der.oid(OID_MESSAGE_DIGEST), der.set_of(der.octet_string(econtent_digest))),
    )


def encode_signed_data(
    econtent_type: str,
    econtent: bytes,
    digest_oid: str,
    signed_attributes: bytes,
    signature_algorithm: bytes,
    signature: bytes,
    certificate: bytes,
    issuer: bytes,
    serial_number: int,
) -> bytes:
    """A CMS ContentInfo with SignedData; ``signature_algorithm`` is a whole AlgorithmIdentifier."""
    signer = der.sequence(
        der.integer(CMS_VERSION_SIGNER_INFO),
        der.sequence(issuer, der.integer(serial_number)),
        der.algorithm_identifier(digest_oid),
        tlv.encode(SIGNED_ATTRIBUTES_TAG, tlv.unwrap(signed_attributes, der.SET)),
        signature_algorithm,
        der.octet_string(signature),
    )
    signed_data = der.sequence(
        der.integer(CMS_VERSION_SIGNED_DATA),
        der.set_of(der.algorithm_identifier(digest_oid)),
        der.sequence(der.oid(econtent_type), der.context(0, der.octet_string(econtent))),
        tlv.encode(CERTIFICATES_TAG, certificate),
        der.set_of(signer),
    )
    return der.sequence(der.oid(OID_SIGNED_DATA), der.context(0, signed_data))


def encode_sod(signed_data: bytes) -> bytes:
    return tlv.encode(EF_SOD.tag, signed_data)
