"""Chip versus print: what the journey makes of a passport or ID-card chip reading (R1).

A printed MRZ can be forged; the chip's DG1 is signed. :func:`compare_chip` parses the chip's DG1
once and compares it with the printed document the journey already parsed: the journey refuses a
document whose chip disagrees (reason ``chip_mismatch``), or whose passive authentication or
clone detection (chip or active authentication) failed (``chip_invalid``), and the audit log
lists which checks ran and their outcome. :func:`chip_matches_print`, :func:`chip_refusal` and
:func:`chip_audit` read one part of that comparison. Pure functions over the port's
``ChipReading`` and the parsed ``Mrz``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from kiosk.errors import MRZError
from kiosk.identity.mrz import Mrz, parse_mrz
from kiosk.identity.readings import ChipReading

REASON_CHIP_MISMATCH = "chip_mismatch"
REASON_CHIP_INVALID = "chip_invalid"
REASON_CHIP_REQUIRED = "chip_required"  # no readable chip where one must be read: the counter
REASON_CHIP_UNVERIFIED = "chip_unverified"  # no trust anchor for the issuer: the staff decide
PA_VALID = "valid"
PA_UNKNOWN_ISSUER = "unknown_issuer"
# MRZ document types whose first letter marks a passport (P) or an ID card (I, A, C).
CHIP_DOCUMENT_TYPES = frozenset("PIAC")
INVALID_PREFIX = "invalid"
CLONE_CHECK_FAILED = "invalid"
NOT_RUN_VERDICTS = frozenset({"not_run", "not_supported"})


@dataclass(frozen=True)
class ChipComparison:
    """The chip's own document (None when its DG1 does not parse) and what it says of the print."""

    chip_document: Mrz | None
    matches_print: bool
    refusal: str | None
    audit: dict[str, str]


def chip_required(printed: Mrz, required: bool, exceptions: tuple[str, ...]) -> bool:
    """R1: whether this document must pass the chip read and passive authentication: every
    passport and ID card when ``required``, but for the ``ISSUER:TYPE`` pairs in ``exceptions``."""
    kind = printed.document_type[:1]
    if not required or kind not in CHIP_DOCUMENT_TYPES:
        return False
    return f"{printed.issuing_state}:{kind}" not in exceptions


def compare_chip(
    reading: ChipReading, printed: Mrz, today: date | None = None, *, required: bool = False
) -> ChipComparison:
    """R1: the chip's DG1 against the printed MRZ, character for character, and the verdicts.

    Both sides are compared as the MRZ parser repaired them, so an OCR slip the parser repairs on
    the printed side (``O`` read for ``0`` in a date) is no mismatch; a DG1 that does not parse
    never matches. ``unknown_issuer`` (no trusted CSCA for the issuer) is no refusal unless the
    chip is ``required``: then it is ``chip_unverified`` (the staff decide), and any other
    passive-authentication verdict short of ``valid`` is ``chip_required``. ``today`` decides the
    DG1's birth-date century.
    """
    try:
        chip_document: Mrz | None = parse_mrz(list(reading.dg1_mrz), today=today)
    except MRZError:
        chip_document = None
    matches = chip_document is not None and chip_document.lines == printed.lines
    audit = {
        "chip_matches_print": "yes" if matches else "no",
        "passive_authentication": reading.passive_authentication,
        "active_authentication": reading.active_authentication,
        "chip_authentication": reading.chip_authentication,
        "clone_check": clone_check(reading),
        "access_control": reading.access_control or "none",
        "apdus": str(reading.apdu_count),
    }
    audit["chip_required"] = "yes" if required else "no"
    refusal = _refusal(reading, matches, required)
    return ChipComparison(chip_document, matches, refusal, audit)


def _refusal(reading: ChipReading, matches_print: bool, required: bool) -> str | None:
    if not matches_print:
        return REASON_CHIP_MISMATCH
    if reading.passive_authentication.startswith(INVALID_PREFIX):
        return REASON_CHIP_INVALID
    if CLONE_CHECK_FAILED in (reading.active_authentication, reading.chip_authentication):
        return REASON_CHIP_INVALID
    if required and reading.passive_authentication == PA_UNKNOWN_ISSUER:
        return REASON_CHIP_UNVERIFIED
    if required and reading.passive_authentication != PA_VALID:
        return REASON_CHIP_REQUIRED
    return None


def clone_check(reading: ChipReading) -> str:
    """Which clone detection ran and how it ended, for the audit: ``chip_authentication:valid``,
    ``active_authentication:invalid``, ... or ``none`` when the chip offers neither."""
    ran = [
        f"{name}:{verdict}"
        for name, verdict in (
            ("chip_authentication", reading.chip_authentication),
            ("active_authentication", reading.active_authentication),
        )
        if verdict not in NOT_RUN_VERDICTS
    ]
    return ",".join(ran) or "none"


def chip_matches_print(reading: ChipReading, printed: Mrz) -> bool:
    """R1: whether the chip's DG1 is the printed MRZ (see :func:`compare_chip`)."""
    return compare_chip(reading, printed).matches_print


def chip_refusal(reading: ChipReading, printed: Mrz) -> str | None:
    """The reason code to refuse the document for, or None when the chip supports it."""
    return compare_chip(reading, printed).refusal


def chip_audit(reading: ChipReading, printed: Mrz) -> dict[str, str]:
    """Which chip checks ran and how they came out, for the audit entry of the document step."""
    return compare_chip(reading, printed).audit
