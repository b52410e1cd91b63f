"""Access control, as JMRTD and ICAO 9303 part 11 section 4.2 order it: PACE first when the chip
has EF.CardAccess with a PACE protocol the kiosk speaks, BAC otherwise; then chip
authentication (section 6.2) when DG14 offers it. The password is the MRZ
information, or for PACE the 6-digit card access number (CAN) printed on an ID card.

:func:`open_session` establishes secure messaging on a :class:`ChipSession` and leaves a
``reestablish`` hook that does it again the same way (after a chip refused extended length).
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.emrtd import chip_auth, commands, pace
from drivers.emrtd.domain_params import STANDARDIZED
from drivers.emrtd.lds.card_access import EF_CARD_ACCESS, PaceInfo, parse_card_access
from drivers.emrtd.lds.dg14 import SecurityInfos
from drivers.emrtd.lds.files import EF_COM
from drivers.emrtd.pace_crypto import ECDH, PACE_SUITES, PacePassword
from drivers.emrtd.secure_messaging import SecureChannel
from drivers.emrtd.session import ChipSession
from drivers.emrtd.tlv import TlvError
from drivers.iso7816.apdu import SW
from kiosk.errors import AccessDenied, BadInputError, ChipError, SecureMessagingError

PACE = "pace"
BAC = "bac"


@dataclass(frozen=True)
class ChipKey:
    """What opens a chip: the MRZ information (BAC or PACE), or a CAN (PACE only)."""

    mrz_info: str = ""
    can: str = ""

    def __post_init__(self) -> None:
        if not self.mrz_info and not self.can:
            raise BadInputError("a chip opens with the MRZ or the card access number (CAN)")
        if self.can:
            PacePassword.from_can(self.can)

    def pace_password(self) -> PacePassword:
        if self.can:
            return PacePassword.from_can(self.can)
        return PacePassword.from_mrz_information(self.mrz_info)


def preferred_pace(infos: tuple[PaceInfo, ...]) -> PaceInfo | None:
    """The PACEInfo to run: a supported one, ECDH before DH, the longest key first."""
    usable = [
        info for info in infos if info.protocol in PACE_SUITES and info.parameter_id in STANDARDIZED
    ]
    if not usable:
        return None

    def rank(info: PaceInfo) -> tuple[bool, int]:
        suite = PACE_SUITES[info.protocol]
        return suite.agreement == ECDH, suite.cipher.key_size

    return max(usable, key=rank)


def _card_access(session: ChipSession) -> PaceInfo | None:
    data = session.read_plain_file(EF_CARD_ACCESS)
    if data is None:
        return None
    try:
        return preferred_pace(parse_card_access(data))
    except TlvError:
        return None


def open_session(session: ChipSession, key: ChipKey) -> str:
    """Establish secure messaging, PACE or BAC; returns which ran.

    A chip that fails PACE for another reason than the password (it refuses the protocol it
    announced, say) is tried with BAC when the key is the MRZ, as JMRTD does.
    Raises AccessDenied for a wrong password, ChipError when the chip and key do not fit (a CAN
    for a chip without PACE) or the chip fails, SecureMessagingError when its answers do not MAC.
    """
    info = _card_access(session)
    if info is not None:

        def establish_pace() -> None:
            keys = pace.establish(
                session.send_plain, info, key.pace_password(), session.random_bytes
            )
            session.use_channel(SecureChannel(keys))
            _, sw = session.send(commands.select_applet())
            if sw != SW.OK:
                raise ChipError(f"the chip has no eMRTD application (SW {sw:04X})")

        try:
            establish_pace()
        except (AccessDenied, SecureMessagingError):
            raise
        except ChipError:
            if not key.mrz_info:
                raise
        else:
            session.reestablish = establish_pace
            return PACE
    if not key.mrz_info:
        raise ChipError("the chip offers only BAC, which needs the MRZ, not the CAN")

    def establish_bac() -> None:
        session.select_application()
        session.basic_access_control(key.mrz_info)

    establish_bac()
    session.reestablish = establish_bac
    return BAC


def chip_authentication(session: ChipSession, infos: SecurityInfos | None) -> str:
    """Chip authentication with DG14's key, then secure messaging under the new keys.

    Returns ``valid`` when the chip answered under the agreed keys, ``invalid`` when it could not
    (a clone: secure messaging is opened again the ordinary way and reading goes on),
    ``failed`` when the chip refused the protocol, ``not_supported`` without a usable DG14 key.
    """
    chosen = chip_auth.choose(infos) if infos is not None else None
    if chosen is None:
        return chip_auth.NOT_SUPPORTED
    info, key = chosen
    base = session.reestablish

    def authenticate() -> None:
        keys = chip_auth.authenticate(session.send, info, key, session.random_bytes)
        session.use_channel(SecureChannel(keys))
        session.select_file(EF_COM.file_id)  # the first exchange under the new keys

    try:
        authenticate()
    except SecureMessagingError:
        if base is not None:
            base()
        return chip_auth.INVALID
    except ChipError:
        if not session.secure and base is not None:
            base()
        return chip_auth.FAILED

    def reestablish() -> None:
        if base is not None:
            base()
        authenticate()

    session.reestablish = reestablish
    return chip_auth.VALID
