"""Personalisation of a synthetic eMRTD chip (ICAO 9303 part 10 section 4): the LDS files of one
document (EF.COM, DG1 from the MRZ, DG2 from a face image, DG14 for chip and active
authentication, DG15 for active authentication) and EF.SOD signed by a test PKI, keyed by file
identifier, ready for the ePassport emulator. :meth:`ChipImage.tampered` alters one data group
after signing, the way a forger would.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ec, rsa

from drivers.emrtd import active_auth
from drivers.emrtd.ca_keys import CaPrivateKey, ca_protocol, ca_security_infos
from drivers.emrtd.lds.com import encode_com
from drivers.emrtd.lds.dg1 import encode_dg1
from drivers.emrtd.lds.dg2 import FaceImage, encode_dg2
from drivers.emrtd.lds.dg14 import active_authentication_info, encode_dg14
from drivers.emrtd.lds.dg15 import encode_dg15
from drivers.emrtd.lds.files import DG1, DG2, DG14, DG15, EF_COM, EF_SOD, data_group
from drivers.emrtd.pki import TestPki, sign_sod

AaPrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
TAMPER_MASK = 0x01


@dataclass(frozen=True)
class ChipImage:
    """The files of one chip (file id -> bytes) and its active-authentication private key."""

    files: dict[int, bytes]
    aa_key: AaPrivateKey | None = None
    aa_algorithm: str = active_auth.OID_ECDSA_PLAIN_SHA256
    ca_key: CaPrivateKey | None = None
    ca_protocol: str = ""

    def tampered(self, number: int) -> ChipImage:
        """A copy whose data group ``number`` has its last byte changed (the SOD is unchanged)."""
        file_id = data_group(number).file_id
        original = self.files[file_id]
        changed = original[:-1] + bytes([original[-1] ^ TAMPER_MASK])
        return dataclasses.replace(self, files={**self.files, file_id: changed})


def personalise(
    mrz_lines: tuple[str, ...] | list[str],
    face: FaceImage,
    pki: TestPki,
    aa_key: AaPrivateKey | None = None,
    ca_key: CaPrivateKey | None = None,
    ca_oid: str = "",
) -> ChipImage:
    """The chip of one document: DG1, DG2, with an AA key DG15, and DG14 for an EC AA key or a
    chip-authentication key."""
    groups = {DG1.number: encode_dg1(tuple(mrz_lines)), DG2.number: encode_dg2(face)}
    infos: tuple[bytes, ...] = ()
    if isinstance(aa_key, ec.EllipticCurvePrivateKey):
        infos += (active_authentication_info(active_auth.OID_ECDSA_PLAIN_SHA256),)
    if ca_key is not None:
        ca_oid = ca_oid or ca_protocol(ca_key)
        infos += ca_security_infos(ca_key, ca_oid)
    if infos:
        groups[DG14.number] = encode_dg14(infos)
    if aa_key is not None:
        groups[DG15.number] = encode_dg15(aa_key.public_key())
    tags = bytes(data_group(number).tag for number in sorted(groups))
    files = {data_group(number).file_id: content for number, content in groups.items()}
    files[EF_COM.file_id] = encode_com(tags)
    files[EF_SOD.file_id] = sign_sod(pki, groups)
    return ChipImage(files, aa_key, ca_key=ca_key, ca_protocol=ca_oid)
