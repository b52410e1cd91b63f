"""The ports: what the core needs from the outside world, as small Protocols.

Drivers in ``drivers/`` implement the device ports over real transports; the embedded SQLite
implementations in ``kiosk/storage`` implement the register and authority ports. Every method
takes and returns domain types, never a pyserial, pyscard or escpos object, and raises only
errors from :mod:`kiosk.errors`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Protocol

from kiosk.clock import Clock
from kiosk.devices.health import DeviceHealth
from kiosk.devices.printouts import CodeCard, PasswordSlip, PostalReceipt, RulesLeaflet
from kiosk.identity.camera_documents import CameraDocument
from kiosk.identity.faces import FaceComparison
from kiosk.identity.people import NemIdHolding, Person
from kiosk.identity.readings import ChipReading, ScannedDocument

__all__ = ["ChipReading", "Clock", "ScannedDocument"]


@dataclass(frozen=True)
class StaffIdentity:
    staff_id: str
    name: str
    role: str = "staff"  # staff | technician


class Device(Protocol):
    def health(self) -> DeviceHealth: ...

    def close(self) -> None: ...


class DocumentReader(Device, Protocol):
    def read_document(self, timeout: float) -> ScannedDocument | None:
        """The next document laid on the reader, or None after ``timeout`` seconds.

        Raises ReadError for a torn or garbled read and DeviceUnavailable when unplugged.
        """


class ChipReader(Device, Protocol):
    def chip_present(self) -> bool: ...

    def read_chip(self, mrz_lines: tuple[str, ...]) -> ChipReading:
        """BAC with the key from the printed MRZ, then DG1, DG2, SOD and the verdicts.

        Raises AccessDenied, SecureMessagingError, CardRemoved or ChipError.
        """


class StaffCardReader(Device, Protocol):
    def card_present(self) -> bool: ...

    def authenticate(self, pin: str) -> StaffIdentity:
        """Verify the PIN on the card and the card's challenge-response.

        Raises WrongPin (with tries left), PinBlocked, CardRemoved or StaffCardError.
        """


class ReceiptPrinter(Device, Protocol):
    """Every print method returns only when the printer confirmed the whole job.

    Each raises PaperOut, CoverOpen, PrinterOffline or PrinterError otherwise, so the
    issuance transaction never activates a credential that was not printed whole.
    """

    def print_password_slip(self, slip: PasswordSlip) -> None: ...

    def print_code_card(self, card: CodeCard) -> None: ...

    def print_postal_receipt(self, receipt: PostalReceipt) -> None: ...

    def print_rules_leaflet(self, leaflet: RulesLeaflet) -> None: ...

    def print_test_page(self) -> None: ...


class Camera(Device, Protocol):
    def capture_still(self) -> bytes:
        """One JPEG frame. Raises DeviceUnavailable."""

    def face_present(self, jpeg: bytes) -> bool: ...


class DocumentCamera(Device, Protocol):
    """A camera looking down at the glass a citizen lays a card on (licence, health card)."""

    def read_card(self, today: date | None = None) -> CameraDocument:
        """Photograph the card on the glass and read it (``today`` dates a CPR number's century).

        Raises CardUnreadable when no card can be read, DeviceUnavailable when no picture comes.
        """


class FaceMatcher(Protocol):
    """Compares the face in front of the kiosk with the photo on the document."""

    threshold: float

    def compare(self, live: bytes, document: bytes) -> FaceComparison:
        """The two photos' faces compared (JPEG, PNG or JPEG 2000 bytes).

        Raises NoFace naming the photo without a face, DeviceUnavailable without the model.
        """


class Speaker(Device, Protocol):
    """Read-aloud of a screen's text (espeak-ng where installed)."""

    @property
    def available(self) -> bool: ...

    def say(self, text: str, language: str) -> None:
        """Start speaking ``text`` ("da" or "en"), stopping what was being said; never blocks."""

    def headset_connected(self) -> bool | None:
        """Whether headphones are in the jack; None when the sound card does not say."""


DEVICE_NAMES = (
    "document_reader",
    "card_reader",
    "chip_reader",
    "printer",
    "camera",
    "document_camera",
)


@dataclass
class Devices:
    """The kiosk's devices, one port each; None where a device is not fitted or did not start.

    The field names are the keys of the config's ``[devices]`` section.
    """

    document_reader: DocumentReader | None = None
    card_reader: StaffCardReader | None = None
    chip_reader: ChipReader | None = None
    printer: ReceiptPrinter | None = None
    camera: Camera | None = None
    document_camera: DocumentCamera | None = None

    def named(self) -> dict[str, Device | None]:
        """Every device by its config name, in the order of :data:`DEVICE_NAMES`."""
        return {spec.name: getattr(self, spec.name) for spec in fields(self)}

    def get(self, name: str) -> Device | None:
        """The device of config name ``name``. Raises KeyError for a name that is no device."""
        if name not in DEVICE_NAMES:
            raise KeyError(name)
        device: Device | None = getattr(self, name)
        return device


class CprRegister(Protocol):
    def find(self, cpr: str) -> Person | None: ...

    def others(self, exclude_cpr: str, limit: int) -> list[Person]:
        """Other register entries, for plausible distractors in control questions."""


class NemIdAuthority(Protocol):
    def holding(self, cpr: str) -> NemIdHolding | None:
        """The person's active NemID, if any."""

    def verify_password(self, nemid_number: str, password: str) -> bool: ...

    def verify_code(self, nemid_number: str, key: str, code: str) -> bool: ...

    def card_keys(self, nemid_number: str) -> list[str]:
        """The keys of the holder's active code card, so the kiosk can pick one to ask for."""
