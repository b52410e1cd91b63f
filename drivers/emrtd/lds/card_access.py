"""EF.CardAccess (ICAO 9303 part 10 section 3.11.3, part 11 section 9.2.1): a DER SET of
SecurityInfos under the master file, readable without access control, whose PACEInfo entries
name the PACE protocols the chip offers: SEQUENCE { protocol OID, version INTEGER (2),
parameterId INTEGER OPTIONAL }. Also encodes one, for the emulator.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.emrtd import der, tlv
from drivers.emrtd.tlv import TlvError

EF_CARD_ACCESS = 0x011C
ID_PACE = "0.4.0.127.0.7.2.2.4"
PACE_VERSION = 2


@dataclass(frozen=True)
class PaceInfo:
    protocol: str  # e.g. 0.4.0.127.0.7.2.2.4.2.2 (id-PACE-ECDH-GM-AES-CBC-CMAC-128)
    version: int
    parameter_id: int | None


def parse_card_access(data: bytes) -> tuple[PaceInfo, ...]:
    """The PACEInfos of EF.CardAccess, in file order; raises TlvError when it is no SET."""
    infos: list[PaceInfo] = []
    try:
        entries = der.expect(data, der.SET)
        for _, entry in entries:
            items = tlv.children(entry)
            if len(items) < 2 or items[0][0] != der.OID:
                continue
            protocol = der.decode_oid(items[0][1])
            if not protocol.startswith(ID_PACE + ".") or items[1][0] != der.INTEGER:
                continue
            parameter = None
            if len(items) > 2 and items[2][0] == der.INTEGER:
                parameter = der.decode_integer(items[2][1])
            infos.append(PaceInfo(protocol, der.decode_integer(items[1][1]), parameter))
    except (IndexError, ValueError) as exc:
        raise TlvError(f"EF.CardAccess is malformed: {exc}") from exc
    return tuple(infos)


def encode_card_access(infos: tuple[PaceInfo, ...], extra: tuple[bytes, ...] = ()) -> bytes:
    """EF.CardAccess with these PACEInfos (and other SecurityInfos, whole, in ``extra``)."""
    encoded = [
        der.sequence(
            der.oid(info.protocol),
            der.integer(info.version),
            *(() if info.parameter_id is None else (der.integer(info.parameter_id),)),
        )
        for info in infos
    ]
    return der.set_of(*encoded, *extra)
