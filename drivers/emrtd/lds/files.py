"""File identifiers and tags of the LDS1 elementary files (ICAO 9303 part 10 section 4.6,
table 36 and section 4.6.1 for EF.COM's tag list).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.errors import ChipError


@dataclass(frozen=True)
class LdsFile:
    name: str
    file_id: int
    tag: int
    number: int = 0  # data-group number, 0 for EF.COM and EF.SOD


EF_COM = LdsFile("EF.COM", 0x011E, 0x60)
DG1 = LdsFile("DG1", 0x0101, 0x61, 1)
DG2 = LdsFile("DG2", 0x0102, 0x75, 2)
DG3 = LdsFile("DG3", 0x0103, 0x63, 3)
DG11 = LdsFile("DG11", 0x010B, 0x6B, 11)
DG12 = LdsFile("DG12", 0x010C, 0x6C, 12)
DG14 = LdsFile("DG14", 0x010E, 0x6E, 14)
DG15 = LdsFile("DG15", 0x010F, 0x6F, 15)
EF_SOD = LdsFile("EF.SOD", 0x011D, 0x77)

DATA_GROUPS: dict[int, LdsFile] = {f.number: f for f in (DG1, DG2, DG3, DG11, DG12, DG14, DG15)}
BY_TAG: dict[int, LdsFile] = {f.tag: f for f in (EF_COM, *DATA_GROUPS.values(), EF_SOD)}


def data_group(number: int) -> LdsFile:
    """The data group with this number; raises ChipError for one the kiosk does not know."""
    try:
        return DATA_GROUPS[number]
    except KeyError as exc:
        raise ChipError(f"data group {number} is not supported") from exc
