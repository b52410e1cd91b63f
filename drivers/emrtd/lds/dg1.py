"""DG1, the MRZ as the chip stores it (ICAO 9303 part 10 section 4.7.1): tag 61 around tag 5F1F
holding the MRZ characters without line breaks, split here by the document format (TD1 three
lines of 30, TD2 two of 36, TD3 two of 44).
"""

from __future__ import annotations

from drivers.emrtd import tlv
from drivers.emrtd.lds.files import DG1
from drivers.emrtd.tlv import TlvError

TAG_MRZ = 0x5F1F
LINE_LENGTHS = {90: 30, 72: 36, 88: 44}  # total characters -> characters per line


def parse_dg1(data: bytes) -> tuple[str, ...]:
    """The MRZ lines DG1 holds; raises TlvError when its length fits no document format."""
    mrz = tlv.require(tlv.unwrap(data, DG1.tag), TAG_MRZ).decode("ascii", "replace")
    width = LINE_LENGTHS.get(len(mrz))
    if width is None:
        raise TlvError(f"DG1 holds {len(mrz)} MRZ characters, which is no TD1, TD2 or TD3")
    return tuple(mrz[i : i + width] for i in range(0, len(mrz), width))


def encode_dg1(lines: tuple[str, ...] | list[str]) -> bytes:
    return tlv.encode(DG1.tag, tlv.encode(TAG_MRZ, "".join(lines).encode("ascii")))
