"""Chip versus print: what the journey makes of a passport or ID-card chip reading (R1).

A printed MRZ can be forged; the chip's DG1 is signed. :func:`chip_matches_print` says whether
the chip holds the MRZ the document scanner read; the journey refuses a document whose chip
disagrees (reason ``chip_mismatch``). :func:`chip_refusal` adds the verdicts: a failed passive
or active authentication refuses too (``chip_invalid``). :func:`chip_audit` lists which checks
ran and their outcome, for the audit log. Pure functions over the port's ``ChipReading``.
"""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.errors import MRZError
from kiosk.identity.mrz import parse_mrz
from kiosk.ports import ChipReading

REASON_CHIP_MISMATCH = "chip_mismatch"
REASON_CHIP_INVALID = "chip_invalid"
INVALID_PREFIX = "invalid"


def _normalised(lines: Sequence[str]) -> tuple[str, ...] | None:
    try:
        return parse_mrz(list(lines)).lines
    except MRZError:
        return None


def chip_matches_print(reading: ChipReading, printed_mrz: Sequence[str]) -> bool:
    """R1: whether the chip's DG1 is the printed MRZ, character for character.

    Both sides go through the MRZ parser first, so an OCR slip the parser repairs on the printed
    side (``O`` read for ``0`` in a date) is no mismatch. Unparseable lines never match.
    """
    chip, printed = _normalised(reading.dg1_mrz), _normalised(printed_mrz)
    return chip is not None and chip == printed


def chip_refusal(reading: ChipReading, printed_mrz: Sequence[str]) -> str | None:
    """The reason code to refuse the document for, or None when the chip supports it.

    ``unknown_issuer`` is no refusal here: a country whose CSCA the kiosk lacks is a policy
    question, and the audit records it.
    """
    if not chip_matches_print(reading, printed_mrz):
        return REASON_CHIP_MISMATCH
    if reading.passive_authentication.startswith(INVALID_PREFIX):
        return REASON_CHIP_INVALID
    if reading.active_authentication == "invalid":
        return REASON_CHIP_INVALID
    return None


def chip_audit(reading: ChipReading, printed_mrz: Sequence[str]) -> dict[str, str]:
    """Which chip checks ran and how they came out, for the audit entry of the document step."""
    return {
        "chip_matches_print": "yes" if chip_matches_print(reading, printed_mrz) else "no",
        "passive_authentication": reading.passive_authentication,
        "active_authentication": reading.active_authentication,
        "apdus": str(reading.apdu_count),
    }
