"""The eMRTD reading sequence (ICAO 9303 part 11 sections 4-6, JMRTD's order): PACE when the chip
has EF.CardAccess, else BAC (:mod:`drivers.emrtd.access`), with the key from the printed MRZ or
the card access number, then EF.COM, DG1, DG2, DG14 and
DG15 when listed, EF.SOD, then passive authentication and, when DG15 is present, active
authentication with a random challenge.

:func:`read_document` returns a :class:`ChipDocument` (everything read, the verdicts and the
counts); :meth:`ChipDocument.to_chip_reading` gives the port's small :class:`ChipReading`.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from drivers.emrtd import active_auth, commands
from drivers.emrtd.access import ChipKey, chip_authentication, open_session
from drivers.emrtd.capabilities import (
    EF_ATR_INFO,
    extended_length_in_atr,
    extended_length_in_atr_info,
)
from drivers.emrtd.lds.com import ComFile, parse_com
from drivers.emrtd.lds.dg1 import parse_dg1
from drivers.emrtd.lds.dg2 import FaceImage, parse_dg2
from drivers.emrtd.lds.dg14 import SecurityInfos, parse_dg14
from drivers.emrtd.lds.dg15 import parse_dg15
from drivers.emrtd.lds.files import DG1, DG2, DG14, DG15, EF_COM, EF_SOD
from drivers.emrtd.lds.sod import SodFile, parse_sod
from drivers.emrtd.passive_auth import PassiveAuthResult, verify_passive
from drivers.emrtd.session import ChipSession, ReadStats
from drivers.emrtd.tlv import TlvError
from drivers.emrtd.trust_store import TrustStore
from drivers.iso7816.apdu import SW
from drivers.iso7816.transport import ApduTransport
from kiosk.errors import ChipError
from kiosk.identity.readings import ChipReading

OPTIONAL_GROUPS = (DG2, DG15)
PA_NOT_RUN = "not_run"
SOD_MISSING = PassiveAuthResult("invalid:sod_missing", (("sod_present", False),))
SOD_MALFORMED = PassiveAuthResult("invalid:sod_malformed", (("sod_parses", False),))


@dataclass(frozen=True)
class ChipDocument:
    """Everything one read produced. ``files`` maps data-group numbers to their whole bytes."""

    com: ComFile
    mrz_lines: tuple[str, ...]
    face: FaceImage | None
    files: dict[int, bytes] = field(repr=False)
    sod: SodFile | None = field(repr=False)
    security_infos: SecurityInfos | None
    passive: PassiveAuthResult | None
    active: str
    stats: ReadStats
    access_control: str = ""  # "pace" or "bac"
    chip_authentication: str = "not_run"  # valid | invalid | failed | not_supported | not_run

    @property
    def passive_verdict(self) -> str:
        return self.passive.verdict if self.passive else PA_NOT_RUN

    def to_chip_reading(self) -> ChipReading:
        return ChipReading(
            dg1_mrz=self.mrz_lines,
            photo=self.face.image if self.face else b"",
            photo_format=self.face.image_format if self.face else "",
            passive_authentication=self.passive_verdict,
            active_authentication=self.active,
            chip_authentication=self.chip_authentication,
            access_control=self.access_control,
            apdu_count=self.stats.apdu_count,
            bytes_read=self.stats.bytes_received,
            elapsed_ms=self.stats.elapsed_ms,
        )


def _passive_authentication(
    sod_bytes: bytes | None, files: dict[int, bytes], trust: TrustStore, now: datetime
) -> tuple[SodFile | None, PassiveAuthResult]:
    if sod_bytes is None:
        return None, SOD_MISSING
    try:
        sod = parse_sod(sod_bytes)
    except TlvError:
        return None, SOD_MALFORMED
    return sod, verify_passive(sod, files, trust, now)


def _active_authentication(
    session: ChipSession,
    dg15: bytes | None,
    infos: SecurityInfos | None,
    random_bytes: Callable[[int], bytes],
) -> str:
    if dg15 is None:
        return active_auth.NOT_SUPPORTED
    key = parse_dg15(dg15)
    challenge = random_bytes(active_auth.CHALLENGE_SIZE)
    signature, sw = session.send(commands.internal_authenticate(challenge))
    if sw != SW.OK or not signature:
        return active_auth.INVALID
    algorithm = infos.aa_signature_algorithm if infos else ""
    return active_auth.verify_response(key, challenge, signature, algorithm)


def _security_infos(dg14: bytes | None) -> SecurityInfos | None:
    """DG14's security infos; None when absent or malformed (passive authentication judges it)."""
    if dg14 is None:
        return None
    try:
        return parse_dg14(dg14)
    except TlvError:
        return None


def _face(dg2: bytes | None) -> FaceImage | None:
    """The face of DG2; None when absent or cut short (passive authentication says which)."""
    if dg2 is None:
        return None
    try:
        return parse_dg2(dg2)
    except TlvError:
        return None


def chip_takes_extended_length(session: ChipSession, atr: bytes) -> bool:
    """Whether the chip announced extended lengths: in its ATR, else in EF.ATR/INFO."""
    if extended_length_in_atr(atr):
        return True
    info = session.read_plain_file(EF_ATR_INFO)
    return info is not None and extended_length_in_atr_info(info)


def read_document(
    transport: ApduTransport,
    key: str | ChipKey,
    trust: TrustStore,
    now: datetime,
    *,
    atr: bytes = b"",
    extended_length: bool | None = None,
    random_bytes: Callable[[int], bytes] = os.urandom,
    monotonic: Callable[[], float] = time.perf_counter,
) -> ChipDocument:
    """Read and check a chip. ``key``: the MRZ information (from
    :func:`drivers.emrtd.bac.mrz_information`) or a :class:`ChipKey` with a CAN.

    Extended-length APDUs are used when ``extended_length`` says so, or (None) when the chip
    announces them in its ``atr`` or EF.ATR/INFO; short APDUs otherwise.
    Raises AccessDenied (wrong MRZ), SecureMessagingError (bad MAC: the session is over),
    CardRemoved (from the transport), or ChipError (a missing or malformed mandatory file).
    """
    session = ChipSession(transport, random_bytes=random_bytes, monotonic=monotonic)
    if extended_length is None:
        extended_length = chip_takes_extended_length(session, atr)
    session.set_extended_length(extended_length)
    access = open_session(session, key if isinstance(key, ChipKey) else ChipKey(mrz_info=key))
    com_bytes = session.read_file(EF_COM.file_id)
    if com_bytes is None:
        raise ChipError("the chip has no EF.COM")
    com = parse_com(com_bytes)
    files: dict[int, bytes] = {}
    dg14 = session.read_file(DG14.file_id) if DG14.number in com.data_groups else None
    infos = _security_infos(dg14)
    if dg14 is not None:
        files[DG14.number] = dg14
    chip = chip_authentication(session, infos)
    dg1 = session.read_file(DG1.file_id)
    if dg1 is None:
        raise ChipError("the chip has no DG1")
    files[DG1.number] = dg1
    for group in OPTIONAL_GROUPS:
        if group.number in com.data_groups:
            content = session.read_file(group.file_id)
            if content is not None:
                files[group.number] = content
    sod, passive = _passive_authentication(session.read_file(EF_SOD.file_id), files, trust, now)
    active = _active_authentication(session, files.get(DG15.number), infos, random_bytes)
    face = _face(files.get(DG2.number))
    return ChipDocument(
        com=com,
        mrz_lines=parse_dg1(dg1),
        face=face,
        files=files,
        sod=sod,
        security_infos=infos,
        passive=passive,
        active=active,
        stats=session.stats(),
        access_control=access,
        chip_authentication=chip,
    )
