"""DG2, the encoded face (ICAO 9303 part 10 section 4.7.2): a biometric information template
group (7F61) of templates (7F60), each a biometric header template (A1) and a biometric data
block (5F2E, or 7F2E) holding an ISO/IEC 19794-5:2005 facial record whose image is JPEG or JPEG
2000. Only the first face is returned; chips rarely hold more.
"""

from __future__ import annotations

from dataclasses import dataclass

from drivers.emrtd import tlv
from drivers.emrtd.lds.files import DG2
from drivers.emrtd.tlv import TlvError

TAG_TEMPLATE_GROUP = 0x7F61
TAG_TEMPLATE_COUNT = 0x02
TAG_TEMPLATE = 0x7F60
TAG_HEADER = 0xA1
TAG_DATA_BLOCK = 0x5F2E
TAG_DATA_BLOCK_ENCIPHERED = 0x7F2E
TAG_HEADER_VERSION = 0x80
TAG_BIOMETRIC_TYPE = 0x81
TAG_FORMAT_OWNER = 0x87
TAG_FORMAT_TYPE = 0x88
BIOMETRIC_TYPE_FACE = b"\x02"
FORMAT_OWNER_ISO_SC37 = b"\x01\x01"
FORMAT_TYPE_FACE = b"\x00\x08"
HEADER_VERSION = b"\x01\x01"

FACIAL_RECORD_MAGIC = b"FAC\x00"
FACIAL_RECORD_VERSION = b"010\x00"
RECORD_HEADER_SIZE = 14
FACIAL_INFORMATION_SIZE = 20
FEATURE_POINT_SIZE = 8
IMAGE_INFORMATION_SIZE = 12
IMAGE_TYPE_JPEG = 0
IMAGE_TYPE_JPEG2000 = 1
FACE_IMAGE_TYPE_FULL_FRONTAL = 1
JPEG_MAGIC = b"\xff\xd8"
JPEG2000_MAGICS = (b"\x00\x00\x00\x0cjP  ", b"\xff\x4f\xff\x51")
FORMAT_NAMES = {IMAGE_TYPE_JPEG: "jpeg", IMAGE_TYPE_JPEG2000: "jpeg2000"}


@dataclass(frozen=True)
class FaceImage:
    image: bytes
    image_format: str  # "jpeg" | "jpeg2000"
    width: int
    height: int


def sniff_format(image: bytes) -> str:
    """'jpeg' or 'jpeg2000' from the image's magic bytes, '' when neither."""
    if image.startswith(JPEG_MAGIC):
        return "jpeg"
    if image.startswith(JPEG2000_MAGICS):
        return "jpeg2000"
    return ""


def parse_dg2(data: bytes) -> FaceImage:
    """The first face image in DG2; raises TlvError when the structure or record is malformed."""
    group = tlv.require(tlv.unwrap(data, DG2.tag), TAG_TEMPLATE_GROUP)
    template = tlv.require(group, TAG_TEMPLATE)
    block = tlv.find(template, TAG_DATA_BLOCK)
    if block is None:
        if tlv.find(template, TAG_DATA_BLOCK_ENCIPHERED) is not None:
            raise TlvError("DG2 face is enciphered (extended access control)")
        raise TlvError("DG2 holds no biometric data block")
    return parse_facial_record(block)


def parse_facial_record(record: bytes) -> FaceImage:
    """The first image of an ISO/IEC 19794-5 facial record."""
    if not record.startswith(FACIAL_RECORD_MAGIC):
        raise TlvError("biometric data block is not an ISO 19794-5 facial record")
    offset = RECORD_HEADER_SIZE
    info = record[offset : offset + FACIAL_INFORMATION_SIZE]
    if len(info) < FACIAL_INFORMATION_SIZE:
        raise TlvError("facial record ends inside its information block")
    block_length = int.from_bytes(info[0:4], "big")
    feature_points = int.from_bytes(info[4:6], "big")
    offset += FACIAL_INFORMATION_SIZE + feature_points * FEATURE_POINT_SIZE
    image_info = record[offset : offset + IMAGE_INFORMATION_SIZE]
    if len(image_info) < IMAGE_INFORMATION_SIZE:
        raise TlvError("facial record ends inside its image information")
    image_start = offset + IMAGE_INFORMATION_SIZE
    image_length = (
        block_length
        - FACIAL_INFORMATION_SIZE
        - feature_points * FEATURE_POINT_SIZE
        - IMAGE_INFORMATION_SIZE
    )
    image = record[image_start : image_start + image_length]
    if image_length <= 0 or len(image) != image_length:
        raise TlvError("facial record image is truncated")
    declared = FORMAT_NAMES.get(image_info[1], "")
    sniffed = sniff_format(image)
    if not sniffed or (declared and declared != sniffed):
        raise TlvError(f"face image is not the {declared or 'JPEG/JPEG 2000'} it claims to be")
    width = int.from_bytes(image_info[2:4], "big")
    height = int.from_bytes(image_info[4:6], "big")
    return FaceImage(image, sniffed, width, height)


def encode_facial_record(face: FaceImage) -> bytes:
    """An ISO/IEC 19794-5 record of one full-frontal face with no feature points."""
    image_type = IMAGE_TYPE_JPEG2000 if face.image_format == "jpeg2000" else IMAGE_TYPE_JPEG
    image_info = (
        bytes([FACE_IMAGE_TYPE_FULL_FRONTAL, image_type])
        + face.width.to_bytes(2, "big")
        + face.height.to_bytes(2, "big")
        + bytes(6)  # colour space, source type, device type, quality: unspecified
    )
    block_length = FACIAL_INFORMATION_SIZE + IMAGE_INFORMATION_SIZE + len(face.image)
    info = block_length.to_bytes(4, "big") + bytes(FACIAL_INFORMATION_SIZE - 4)
    total = RECORD_HEADER_SIZE + block_length
    header = (
        FACIAL_RECORD_MAGIC + FACIAL_RECORD_VERSION + total.to_bytes(4, "big") + (1).to_bytes(2)
    )
    return header + info + image_info + face.image


def encode_dg2(face: FaceImage) -> bytes:
    header = (
        tlv.encode(TAG_HEADER_VERSION, HEADER_VERSION)
        + tlv.encode(TAG_BIOMETRIC_TYPE, BIOMETRIC_TYPE_FACE)
        + tlv.encode(TAG_FORMAT_OWNER, FORMAT_OWNER_ISO_SC37)
        + tlv.encode(TAG_FORMAT_TYPE, FORMAT_TYPE_FACE)
    )
    template = tlv.encode(TAG_HEADER, header) + tlv.encode(
        TAG_DATA_BLOCK, encode_facial_record(face)
    )
    group = tlv.encode(TAG_TEMPLATE_COUNT, b"\x01") + tlv.encode(TAG_TEMPLATE, template)
    return tlv.encode(DG2.tag, tlv.encode(TAG_TEMPLATE_GROUP, group))
