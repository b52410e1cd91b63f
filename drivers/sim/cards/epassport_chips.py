"""Chips for the synthetic personas (``kiosk/assets/register/personas.json``) and for the ICAO 9303
specimen document, ready to put in an :class:`EPassportCard`: DG1 from the persona's printed
MRZ, a drawn face in DG2, an active-authentication key in DG15, a chip-authentication key in
DG14, and EF.SOD signed by a test PKI.

:data:`CHIP_KINDS` names the generations of chips citizens carry (BAC-only with AA, chips that
refuse extended length, PACE-only, PACE with chip authentication, ...), for tests, benchmarks
and the card process (``--chip-kind``); :func:`kind_card` makes one.
"""

from __future__ import annotations

import os
import zlib
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ec, rsa

from drivers.emrtd.bac import mrz_information_from_lines
from drivers.emrtd.ca_keys import make_ca_key
from drivers.emrtd.lds.card_access import PACE_VERSION, PaceInfo
from drivers.emrtd.personalisation import AaPrivateKey, ChipImage, personalise
from drivers.emrtd.pki import TestPki
from drivers.sim.cards.epassport_card import (
    BAC_ONLY,
    EXTENDED,
    SHORT_ONLY_ABORTING,
    ChipAccess,
    ChipFaults,
    EPassportCard,
    LengthSupport,
)
from drivers.sim.cards.epassport_face import TARGET_BYTES as FACE_BYTES
from drivers.sim.cards.epassport_face import synthetic_face

# ICAO 9303 part 4 appendix: the specimen passport of Anna Maria Eriksson, Utopia.
SPECIMEN_MRZ = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
SPECIMEN_CAN = "123456"
ECDH_GM_AES_128 = "0.4.0.127.0.7.2.2.4.2.2"
BRAINPOOL_P256R1 = 13
PACE_ECDH = PaceInfo(ECDH_GM_AES_128, PACE_VERSION, BRAINPOOL_P256R1)
PACE_ONLY = ChipAccess(bac=False, pace=PACE_ECDH, can=SPECIMEN_CAN)
PACE_AND_BAC = ChipAccess(bac=True, pace=PACE_ECDH, can=SPECIMEN_CAN)
RSA_AA_BITS = 1024
RSA_EXPONENT = 65537


@dataclass(frozen=True)
class Chip:
    mrz_lines: tuple[str, ...]
    image: ChipImage

    def card(
        self,
        *,
        faults: ChipFaults | None = None,
        random_bytes: Callable[[int], bytes] | None = None,
        access: ChipAccess = BAC_ONLY,
        length: LengthSupport = EXTENDED,
    ) -> EPassportCard:
        extra = {"random_bytes": random_bytes} if random_bytes else {}
        info = mrz_information_from_lines(self.mrz_lines)
        return EPassportCard(self.image, info, faults=faults, access=access, length=length, **extra)


@dataclass(frozen=True)
class ChipKind:
    """One generation of chip: access control, extended length, AA key and CA key kinds."""

    access: ChipAccess
    length: LengthSupport
    aa: str = "none"  # ec | rsa | none
    ca: str = "none"  # ecdh | dh | none


CHIP_KINDS: dict[str, ChipKind] = {
    "bac-aa": ChipKind(BAC_ONLY, EXTENDED, aa="ec"),
    "bac-aa-rsa": ChipKind(BAC_ONLY, EXTENDED, aa="rsa"),
    "bac-short": ChipKind(BAC_ONLY, SHORT_ONLY_ABORTING, aa="ec"),
    "pace": ChipKind(PACE_ONLY, SHORT_ONLY_ABORTING),
    "pace-ca": ChipKind(PACE_ONLY, SHORT_ONLY_ABORTING, ca="ecdh"),
    "pace-ca-dh": ChipKind(PACE_ONLY, SHORT_ONLY_ABORTING, ca="dh"),
    "pace-bac-ca-aa": ChipKind(PACE_AND_BAC, EXTENDED, aa="ec", ca="ecdh"),
}


def kind_card(kind: str, mrz_lines: tuple[str, ...] | list[str], pki: TestPki) -> EPassportCard:
    """A card of a named kind (:data:`CHIP_KINDS`) for ``mrz_lines``; KeyError for another."""
    spec = CHIP_KINDS[kind]
    chip = make_chip(mrz_lines, pki, aa=spec.aa, ca=spec.ca)
    return chip.card(access=spec.access, length=spec.length)


def aa_key(kind: str) -> AaPrivateKey | None:
    """A fresh active-authentication key: 'rsa' (1024-bit, ISO 9796-2), 'ec' (P-256) or 'none'."""
    if kind == "rsa":
        return rsa.generate_private_key(RSA_EXPONENT, RSA_AA_BITS)
    if kind == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    return None


def make_chip(
    mrz_lines: tuple[str, ...] | list[str],
    pki: TestPki,
    *,
    aa: str = "ec",
    ca: str = "none",
    ca_oid: str = "",
    face_seed: int = 0,
    face_bytes: int = FACE_BYTES,
) -> Chip:
    """A chip for ``mrz_lines`` with a face of about ``face_bytes``, AA 'ec', 'rsa' or 'none',
    and chip authentication 'ecdh' (brainpoolP256r1, explicit parameters), 'dh' or 'none'."""
    lines = tuple(mrz_lines)
    face = synthetic_face(face_seed, target=face_bytes)
    ca_key = None if ca == "none" else make_ca_key(ca, os.urandom)
    image = personalise(lines, face, pki, aa_key(aa), ca_key, ca_oid)
    return Chip(lines, image)


def persona_chip(persona_id: str, pki: TestPki, *, aa: str = "ec") -> Chip:
    """The chip of a persona's document; raises ScenarioError for an unknown persona."""
    from kiosk.storage.personas import persona

    lines = tuple(persona(persona_id).mrz_lines())
    return make_chip(lines, pki, aa=aa, face_seed=zlib.crc32(persona_id.encode()))
