"""EF.COM, the chip's table of contents (ICAO 9303 part 10 section 4.6.1): LDS version
(tag 5F01), Unicode version (5F36) and the tag list (5C) of the data groups present.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.emrtd import tlv
from drivers.emrtd.lds.files import BY_TAG, EF_COM

TAG_LDS_VERSION = 0x5F01
TAG_UNICODE_VERSION = 0x5F36
TAG_LIST = 0x5C
DEFAULT_LDS_VERSION = "0107"
DEFAULT_UNICODE_VERSION = "040000"


@dataclass(frozen=True)
class ComFile:
    lds_version: str
    unicode_version: str
    data_groups: tuple[int, ...]  # data-group numbers in the order EF.COM lists them


def parse_com(data: bytes) -> ComFile:
    """EF.COM from its bytes; raises TlvError when malformed. Unknown tags are skipped."""
    body = tlv.unwrap(data, EF_COM.tag)
    tags = tlv.require(body, TAG_LIST)
    numbers = tuple(BY_TAG[t].number for t in tags if t in BY_TAG and BY_TAG[t].number)
    return ComFile(
        tlv.require(body, TAG_LDS_VERSION).decode("ascii", "replace"),
        tlv.require(body, TAG_UNICODE_VERSION).decode("ascii", "replace"),
        numbers,
    )


def encode_com(
    data_group_tags: bytes,
    lds_version: str = DEFAULT_LDS_VERSION,
    unicode_version: str = DEFAULT_UNICODE_VERSION,
) -> bytes:
    body = (
        tlv.encode(TAG_LDS_VERSION, lds_version.encode("ascii"))
        + tlv.encode(TAG_UNICODE_VERSION, unicode_version.encode("ascii"))
        + tlv.encode(TAG_LIST, data_group_tags)
    )
    return tlv.encode(EF_COM.tag, body)
