"""The journey's door (R1): what a document scan and a health card make of the citizen.

The session parses a scan's MRZ once, as it enters the journey, and :meth:`Admission.scan`
passes the parsed document on: to the chip-versus-print check where the document's chip was
read (:mod:`kiosk.journey.chip_step`, audited), to the R1 identification against the register,
then to the refusals about the person (minimum age, an active NemID) and to the claim of the
citizen's one open visit across kiosks. The session keeps the parsed document for the
health-card step and sends each result to the machine. Holds no citizen data itself: one lives
as long as its session.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kiosk.config import KioskConfig
from kiosk.errors import CprError
from kiosk.identity.camera_documents import CameraDocument
from kiosk.identity.chip_checks import chip_required
from kiosk.identity.cpr import parse_cpr
from kiosk.identity.documents import CPR_MISMATCH, document_problem
from kiosk.identity.faces import FaceVerdict
from kiosk.identity.mrz import Mrz
from kiosk.identity.readings import ChipReading
from kiosk.journey.camera_cards import health_card_cpr, sure_licence
from kiosk.journey.chip_step import CHIP_AUDIT_EVENT, check_chip, missing_chip
from kiosk.journey.face_step import FACE_AUDIT_EVENT, audit_fields, face_refusal
from kiosk.journey.identification import (
    CPR_INVALID,
    NOT_IN_REGISTER,
    Identification,
    identify,
    identify_licence,
)
from kiosk.journey.services import JourneyServices
from kiosk.rules.policy import refusal_for

VISIT_ALREADY_OPEN = "visit_already_open"  # R1: the citizen's visit is open at another kiosk


class Admission:
    """Identifies, screens and claims; the session decides what to send."""

    def __init__(self, services: JourneyServices, config: KioskConfig) -> None:
        self._services = services
        self._config = config

    def scan(
        self,
        document: Mrz | None,
        printed_cpr: str | None,
        chip: ChipReading | None,
        today: date,
        visit_id: str,
        face: FaceVerdict | None = None,
    ) -> tuple[Mrz | None, Identification]:
        """R1: (the document the journey keeps, None when its MRZ does not parse; the
        identification). ``document`` is the printed MRZ, parsed once as the scan entered.

        A chip that disagrees with the print or fails its checks refuses the document, and a chip
        that supports the print gives the document data; the checks that ran are audited. A
        passport or ID card that must pass its chip (``[documents]``) and brought none that could
        be read is refused as ``chip_required``: the citizen goes to the counter.
        """
        refused = None
        if document is not None and document_problem(document, today) is None:
            settings = self._config.documents
            required = chip_required(document, settings.chip_required, settings.chip_exceptions)
            if chip is not None:
                document, refused, checks = check_chip(document, chip, today, required=required)
                self._services.audit.append(CHIP_AUDIT_EVENT, **checks)
            elif required:
                refused, checks = missing_chip(document)
                self._services.audit.append(CHIP_AUDIT_EVENT, **checks)
        register = self._services.register
        found = refused or identify(document, printed_cpr, None, register, today)
        return document, self._claimed(self._screened(self._faced(found, face), today), visit_id)

    def licence(
        self, card: CameraDocument, today: date, visit_id: str, face: FaceVerdict | None = None
    ) -> Identification:
        """R1: the Danish driving licence the document camera read, its CPR number from field
        4d. Raises CardNotRead for another card or an unsure reading (the citizen lays it again)."""
        found = identify_licence(sure_licence(card), self._services.register, today)
        return self._claimed(self._screened(self._faced(found, face), today), visit_id)

    def health_card(
        self,
        document: Mrz | None,
        printed_cpr: str | None,
        cpr: str | CameraDocument,
        today: date,
        visit_id: str,
    ) -> Identification:
        """R1: the document scanned before, with the CPR number of the yellow health card, typed
        or read by the document camera (CardNotRead when unsure: the citizen types it instead)."""
        number = cpr if isinstance(cpr, str) else health_card_cpr(cpr)
        found = identify(document, printed_cpr, number, self._services.register, today)
        return self._claimed(self._screened(found, today), visit_id)

    def _faced(self, found: Identification, face: FaceVerdict | None) -> Identification:
        """R1: the face in front of the kiosk is the document's (None: not checked). Audited,
        the decision and distance only; a mismatch or no face refuses, to the counter."""
        if face is None or found.reason:
            return found
        self._services.audit.append(FACE_AUDIT_EVENT, **audit_fields(face))
        reason = face_refusal(face)
        return found if reason is None else replace(found, reason=reason, rule="R1")

    def _screened(self, found: Identification, today: date) -> Identification:
        """After R1 holds: refusals about the person (minimum age, an active NemID)."""
        if not found.identified or found.person is None:
            return found
        refusal = refusal_for(found.person, today, self._config)
        if refusal is None:
            return found
        return replace(found, reason=refusal.reason, rule=refusal.rule)

    def _claimed(self, found: Identification, visit_id: str) -> Identification:
        """R1: one open visit per citizen across kiosks; a replayed scan elsewhere is refused."""
        claims = self._services.open_visits
        if not self._config.rules.one_visit_per_citizen or claims is None:
            return found
        if not found.identified or found.person is None:
            return found
        if claims.claim(found.person.cpr, visit_id):
            return found
        return replace(found, reason=VISIT_ALREADY_OPEN, rule="R1")


# R1: a typed CPR number that cannot be the citizen's (no such date, or another birth date than
# the document's, whether or not someone in the register has it) is a typing slip: it is typed
# again, up to CPR_RETRIES times, before the visit is refused. A number with the document's birth
# date that the register does not know is no slip: R9 refuses it at once.
CPR_RETRIES = 2  # three tries in all


def typing_slip(found: Identification, typed: str | None, retries: int) -> str:
    """The reason to show when ``found`` (for the ``typed`` CPR number) is a slip the citizen
    may correct; "" when it is not."""
    if typed is None or retries >= CPR_RETRIES:
        return ""
    if found.reason in (CPR_INVALID, CPR_MISMATCH):
        return found.reason
    if found.reason != NOT_IN_REGISTER or found.mrz is None:
        return ""
    try:
        born = parse_cpr(typed).birth_date
    except CprError:
        return CPR_INVALID
    return CPR_MISMATCH if born != found.mrz.birth_date else ""
