"""The one error tree of the kiosk.

Every error carries a stable ``code`` (written to the audit log and the journal) and a
``message_id`` (a gettext key the UI and the CLI translate). Drivers translate library errors
into these with ``raise ... from exc``.
"""

from __future__ import annotations


class KioskError(Exception):
    """Root of every error the kiosk raises on purpose."""

    code: str = "kiosk_error"

    def __init__(self, detail: str = "", *, code: str | None = None) -> None:
        super().__init__(detail or self.__class__.__name__)
        if code is not None:
            self.code = code
        self.detail = detail

    @property
    def message_id(self) -> str:
        return f"error.{self.code}"


class DomainError(KioskError):
    """A business rule refused something; ``code`` is the reason code shown to the citizen."""

    code = "domain_error"


class BadInputError(KioskError):
    """Input from outside (a file, an argument, a line) that cannot be understood."""

    code = "bad_input"


class MRZError(BadInputError):
    """A machine-readable zone whose structure is wrong (length, line count, characters)."""

    code = "document_invalid"


class CprError(BadInputError):
    """A string that is not a valid CPR number."""

    code = "cpr_invalid"


class ScenarioError(BadInputError):
    """A journey scenario file that is malformed."""

    code = "scenario_invalid"


class ConfigError(KioskError):
    """A configuration that is malformed or names something unusable."""

    code = "config_invalid"


class StorageError(KioskError):
    """The database failed or is in a state the kiosk cannot use."""

    code = "storage_error"


class SchemaVersionError(StorageError):
    """The database was written by a newer kiosk than this one."""

    code = "schema_too_new"


class AuditChainError(StorageError):
    """The audit log's hash chain is broken."""

    code = "audit_chain_broken"


class DeviceError(KioskError):
    """A device failed or is unreachable."""

    code = "device_error"


class DeviceUnavailable(DeviceError):
    code = "device_unavailable"


class DeviceTimeout(DeviceError):
    code = "device_timeout"


class ReadError(DeviceError):
    """A device answered, but what it sent cannot be used (garbage, a torn read)."""

    code = "read_error"


class CardRemoved(DeviceError):
    code = "card_removed"


class PrinterError(DeviceError):
    code = "printer_error"


class PaperOut(PrinterError):
    code = "paper_out"


class CoverOpen(PrinterError):
    code = "cover_open"


class PrinterOffline(PrinterError):
    code = "printer_offline"


class ChipError(DeviceError):
    code = "chip_error"


class AccessDenied(ChipError):
    """BAC failed: the chip did not accept the access key from the MRZ."""

    code = "chip_access_denied"


class SecureMessagingError(ChipError):
    """A secure-messaging response failed its MAC or is malformed."""

    code = "chip_secure_messaging"


class PassiveAuthenticationError(ChipError):
    code = "chip_passive_authentication"


class StaffCardError(DeviceError):
    code = "staff_card_error"


class PinBlocked(StaffCardError):
    code = "pin_blocked"


class WrongPin(StaffCardError):
    code = "wrong_pin"

    def __init__(self, tries_left: int) -> None:
        super().__init__(f"wrong PIN, {tries_left} tries left")
        self.tries_left = tries_left
