"""The document's chip in the journey: chip versus print (R1, issue 4 item 5).

A printed MRZ can be forged; the chip's DG1 is signed. When a chip was read, the journey refuses
a document whose chip disagrees with its print (``chip_mismatch``) or whose chip fails passive or
active authentication (``chip_invalid``), else it identifies the citizen from the chip's DG1.
:func:`read_document_chip` turns what a ChipReader does into what the session takes: a reading,
a reading that stands for "the printed MRZ does not open the chip" (BAC refused: a mismatch), or
:class:`LayDocumentAgain` for a chip pulled or garbled mid-read, which is no refusal.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date

from kiosk.errors import AccessDenied, CardRemoved, DeviceError, SecureMessagingError
from kiosk.identity.chip_checks import REASON_CHIP_MISMATCH, REASON_CHIP_REQUIRED, compare_chip
from kiosk.identity.mrz import Mrz
from kiosk.identity.readings import ChipReading
from kiosk.journey.identification import Identification
from kiosk.ports import ChipReader

LOG = logging.getLogger("kiosk.journey.chip")
CHIP_AUDIT_EVENT = "journey.chip_checks"
LAY_AGAIN = "chip_lay_again"
# R1: BAC refused the key from the printed MRZ, so the print does not belong to this chip. The
# reading holds no DG1, which never matches a print: chip_refusal says chip_mismatch.
ACCESS_DENIED = ChipReading(dg1_mrz=(), passive_authentication="not_run:access_denied")


class LayDocumentAgain(DeviceError):
    """The chip went away or its answers failed their MAC mid-read: lay the document again."""

    code = LAY_AGAIN


def read_document_chip(reader: ChipReader | None, lines: Sequence[str]) -> ChipReading | None:
    """The reading for ``session.scan_document(..., chip=)``, or None when there is no chip
    reader, no chip on it, or the chip cannot be read at all (the print alone then decides).

    AccessDenied gives :data:`ACCESS_DENIED` (refused as ``chip_mismatch``); CardRemoved and
    SecureMessagingError raise :class:`LayDocumentAgain`; any other device error gives None.
    """
    if reader is None:
        return None
    try:
        if not reader.chip_present():
            return None
        return reader.read_chip(tuple(lines))
    except AccessDenied:
        return ACCESS_DENIED
    except (CardRemoved, SecureMessagingError) as exc:
        raise LayDocumentAgain(str(exc)) from exc
    except DeviceError as exc:
        LOG.warning("chip not read, the print decides: %s", exc.code, extra={"device": "chip"})
        return None


def check_chip(
    printed: Mrz, chip: ChipReading, today: date, *, required: bool = False
) -> tuple[Mrz, Identification | None, dict[str, str]]:
    """R1: (the document to identify from, a refusal or None, the audit of the chip checks).

    ``printed`` is the document parsed once as the scan entered the journey; a print that does
    not parse never gets here (the document rules refuse it, with no chip verdict). A refusal
    comes from :func:`~kiosk.identity.chip_checks.compare_chip`, and a chip that supports the
    print gives its own DG1 as the document data.
    """
    comparison = compare_chip(chip, printed, today, required=required)
    if comparison.refusal is None and comparison.chip_document is not None:
        return comparison.chip_document, None, comparison.audit
    reason = comparison.refusal or REASON_CHIP_MISMATCH
    return printed, Identification(mrz=printed, reason=reason, rule="R1"), comparison.audit


def missing_chip(printed: Mrz) -> tuple[Identification, dict[str, str]]:
    """R1: a document that must pass its chip, but no chip was read: to the counter."""
    audit = {"chip_read": "no", "chip_required": "yes"}
    return Identification(mrz=printed, reason=REASON_CHIP_REQUIRED, rule="R1"), audit
