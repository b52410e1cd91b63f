"""What the document reader and the chip reader deliver, before the journey makes sense of it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ScannedDocument:
    """The raw MRZ lines a document reader delivered, before parsing."""

    lines: tuple[str, ...]


@dataclass(frozen=True)
class ChipReading:
    """What an eMRTD chip said and how far it could be trusted (ICAO 9303 parts 10-11)."""

    dg1_mrz: tuple[str, ...]
    photo: bytes = field(default=b"", repr=False)
    photo_format: str = ""  # "jpeg" | "jpeg2000" | ""
    passive_authentication: str = "not_run"  # valid | invalid:<check> | unknown_issuer | not_run
    active_authentication: str = "not_run"  # valid | invalid | not_supported | not_run
    chip_authentication: str = "not_run"  # valid | invalid | failed | not_supported | not_run
    access_control: str = ""  # "pace" | "bac" | "" (not read)
    apdu_count: int = 0
    bytes_read: int = 0
    elapsed_ms: float = 0.0
