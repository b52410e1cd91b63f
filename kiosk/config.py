"""The kiosk's one configuration object: a frozen dataclass tree loaded once from TOML.

Every key has a default here and a line of documentation in ``kiosk/assets/kiosk.example.toml``.
:func:`load_config` reports every unknown key and bad value of a file in one ``ConfigError``,
so a broken file never starts a half-working kiosk. Nothing here is a module-level singleton:
the composition root loads the config and passes it down.
"""

from __future__ import annotations

import dataclasses
import math
import re
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeGuard, TypeVar

from kiosk.config_checks import range_problems
from kiosk.errors import ConfigError
from kiosk.input_limits import nesting_problem, too_deep

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

StandardOrder = Literal["both_by_post", "counter_and_post"]
CounterPart = Literal["password", "code_card"]
Language = Literal["da", "en"]
Unconfirmed = Literal["refuse", "ask"]
Headset = Literal["auto", "present", "absent"]
CHIP_EXCEPTION = re.compile(r"[A-Z<]{3}:[A-Z]")  # documents.chip_exceptions: ISSUER:TYPE
Settings = TypeVar("Settings", bound="DataclassInstance")


@dataclass(frozen=True)
class MunicipalitySettings:
    name: str = "Eksempel Kommune"
    service_centre: str = "Borgerservice, Rådhuspladsen 1, 1550 København V"
    service_centre_phone: str = "33 66 33 66"
    # R2 is the default; R2b ("counter_and_post") hands one part out and posts the other.
    standard_order: StandardOrder = "both_by_post"
    counter_part: CounterPart = "password"
    # R8: udkørende identifikation, only where the municipality offers it.
    outreach_identification: bool = False
    # R11: requests for exemption from Digital Post go to the staff queue.
    exemption_requests: bool = True


@dataclass(frozen=True)
class RuleSettings:
    """The numbers of RULES.md, 'Facts and decisions beyond the seeds'."""

    minimum_age: int = 15
    witness_minimum_age: int = 18  # R7
    witness_nemid_minimum_days: int = 30  # R7b
    witness_limit: int = 3
    witness_window_days: int = 120
    questions_first_round: int = 2  # R3: 2-4 control questions
    questions_second_round: int = 2
    questions_lockout_hours: int = 24
    question_choices: int = 4
    delivery_earliest_working_days: int = 3  # R2
    delivery_latest_working_days: int = 11  # R2
    counter_and_post_days: int = 14  # R2b: "within approx. 2 weeks"
    nemid_number_digits: int = 9
    password_digits: int = 6
    code_card_size: int = 148
    code_card_key_digits: int = 4  # R12: the key shown on screen
    code_card_code_digits: int = 6  # R12: the code printed beside it
    card_serial_digits: int = 10
    newcomer_days: int = 730  # R6: 'lived in Denmark only a short time'
    one_visit_per_citizen: bool = True  # R1: a scan replayed at another kiosk mid-visit is refused


@dataclass(frozen=True)
class TimeoutSettings:
    inactivity_seconds: float = 90.0
    warning_seconds: float = 20.0
    admin_idle_seconds: float = 120.0
    device_seconds: float = 10.0


@dataclass(frozen=True)
class LanguageSettings:
    default: Language = "da"
    available: tuple[Language, ...] = ("da", "en")


@dataclass(frozen=True)
class DisplaySettings:
    """The touchscreen's size, from which the screens size everything in millimetres."""

    diagonal_inches: float = 15.6  # the glass's diagonal; with the window's resolution: px per mm


@dataclass(frozen=True)
class AudioSettings:
    """Read-aloud: personal data (CPR number, names, address) is spoken only into a headset."""

    # "auto": the sound card's headphone jack says (ALSA / PulseAudio); "present" or "absent"
    # override it (a kiosk whose jack is not reported, or one with no jack at all).
    headset: Headset = "auto"


@dataclass(frozen=True)
class DeviceSettings:
    """Devices by URL; ``sim://`` starts the simulator, an empty string means 'not fitted'."""

    document_reader: str = "sim://"
    card_reader: str = "sim://"
    chip_reader: str = "sim://"
    printer: str = "sim://"
    camera: str = "sim://"
    document_camera: str = "sim://"  # the camera over the glass cards are laid on (OCR)
    # Devices whose failure takes the kiosk out of service.
    required: tuple[str, ...] = ("document_reader", "printer")


@dataclass(frozen=True)
class PrinterSettings:
    """The receipt printer beyond its URL: its profile and what to do when it cannot confirm."""

    # A profile of python-escpos's capabilities database (TM-T88V, TM-T20II, POS-5890, ...);
    # empty: ask the printer (GS I) and fall back to "default".
    profile: str = ""
    # A printer that answers nothing cannot confirm a job: "refuse" credential printing (out of
    # service for immediate issuance, post still open) or "ask" the citizen on screen.
    unconfirmed: Unconfirmed = "refuse"


@dataclass(frozen=True)
class StorageSettings:
    """Empty paths mean the platform data directory (platformdirs)."""

    database: str = ""
    outbox: str = ""
    backups: str = ""
    backup_interval_hours: float = 24.0


@dataclass(frozen=True)
class SecuritySettings:
    # The key of the CPR pseudonyms in the kiosk database; created with a new database only.
    kiosk_key_file: str = ""
    # The authority's versioned keys (code-card HMAC, password pepper): `kiosk keys init`. Empty:
    # systemd's $CREDENTIALS_DIRECTORY/authority.key when given, else beside the database.
    authority_key_file: str = ""
    # The password KDF (scrypt): N (a power of two), r, p; benchmarks/bench_password_kdf.py.
    password_scrypt_n: int = 2**15
    password_scrypt_r: int = 8
    password_scrypt_p: int = 1
    trust_store: str = ""  # folder of CSCA certificates for passive authentication
    technician_pin_hash: str = ""  # scrypt hash; empty disables the PIN (card only)
    staff_card_aid: str = "D2080000014E454D4944"
    # PEM file of the staff-card CA certificate(s) trusted for pcsc:// staff cards; empty means
    # only the sim:// reader (which trusts the synthetic demo CA) can authenticate staff.
    staff_card_ca: str = ""


@dataclass(frozen=True)
class DocumentSettings:
    """R1 and the document's chip: passports and ID cards must pass the chip read and passive
    authentication, except those whose issuing state and document type are listed here
    (``"XXA:P"``: issuer, colon, the MRZ document type's first letter)."""

    chip_required: bool = True
    chip_exceptions: tuple[str, ...] = ()


@dataclass(frozen=True)
class AuthoritySettings:
    """Fleet mode: the national authority service this kiosk uses (empty url: embedded SQLite)."""

    url: str = ""  # https://authority.example:8443
    ca: str = ""  # the fleet CA's certificate (PEM)
    cert: str = ""  # this kiosk's certificate, from `kiosk authority enrol`
    key: str = ""  # its private key
    timeout_seconds: float = 10.0


@dataclass(frozen=True)
class LoggingSettings:
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    journal: bool = True  # to the systemd journal when running under systemd


@dataclass(frozen=True)
class KioskConfig:
    # The demo: simulators, synthetic personas, the demo staff-card CA. No file at all is the
    # demo; a file is production unless it says ``demo = true`` (:func:`config_from_mapping`).
    demo: bool = True
    kiosk_id: str = "kiosk-1"
    municipality: MunicipalitySettings = field(default_factory=MunicipalitySettings)
    rules: RuleSettings = field(default_factory=RuleSettings)
    timeouts: TimeoutSettings = field(default_factory=TimeoutSettings)
    languages: LanguageSettings = field(default_factory=LanguageSettings)
    display: DisplaySettings = field(default_factory=DisplaySettings)
    audio: AudioSettings = field(default_factory=AudioSettings)
    devices: DeviceSettings = field(default_factory=DeviceSettings)
    printer: PrinterSettings = field(default_factory=PrinterSettings)
    storage: StorageSettings = field(default_factory=StorageSettings)
    security: SecuritySettings = field(default_factory=SecuritySettings)
    documents: DocumentSettings = field(default_factory=DocumentSettings)
    logging: LoggingSettings = field(default_factory=LoggingSettings)
    authority: AuthoritySettings = field(default_factory=AuthoritySettings)

    def replace(self, **sections: object) -> KioskConfig:
        """A copy with sections or their keys replaced: ``replace(rules={"witness_limit": 5})``."""
        # Any: replace() checks each field's value at run time, one type per section.
        changes: dict[str, Any] = {}
        for name, value in sections.items():
            current: object = getattr(self, name)
            if isinstance(value, dict) and _is_settings(current):
                value = dataclasses.replace(current, **value)
            changes[name] = value
        return dataclasses.replace(self, **changes)


def _is_settings(value: object) -> TypeGuard[DataclassInstance]:
    """Whether ``value`` is a settings section (a dataclass instance, not a class)."""
    return dataclasses.is_dataclass(value) and not isinstance(value, type)


def load_config(path: Path | None) -> KioskConfig:
    """Load and validate a TOML file; ``None`` gives the defaults. Raises ConfigError."""
    if path is None:
        return KioskConfig()
    try:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except RecursionError as exc:
        raise ConfigError(f"{path}: {too_deep()}") from exc
    if problem := nesting_problem(raw):
        raise ConfigError(f"{path}: {problem}")
    return config_from_mapping(raw, source=str(path))


def config_from_mapping(raw: Mapping[str, object], *, source: str = "config") -> KioskConfig:
    """Build a KioskConfig from parsed TOML, collecting every problem before raising. A file
    that does not say ``demo = true`` is production."""
    problems = config_problems(raw)
    if problems:
        raise ConfigError(f"{source}: " + "; ".join(problems))
    return _build(KioskConfig, _production_unless_said(raw), "", [])


def config_problems(raw: Mapping[str, object]) -> list[str]:
    """Every unknown key, bad value and inconsistency in parsed TOML, without raising."""
    return checked_config(raw)[1]


def checked_config(raw: Mapping[str, object]) -> tuple[KioskConfig, list[str]]:
    """The config parsed TOML gives (a bad value left at its default) and every problem in it."""
    problems: list[str] = []
    config = _build(KioskConfig, _production_unless_said(raw), "", problems)
    return config, problems + consistency_problems(config)


def _production_unless_said(raw: Mapping[str, object]) -> dict[str, object]:
    """``raw`` with ``demo = false`` unless it says otherwise: a file is production by default."""
    return {"demo": False, **raw}


def consistency_problems(config: KioskConfig) -> list[str]:
    """Values out of range, and values that are each fine alone but do not fit together."""
    problems: list[str] = range_problems(config)
    device_names = {f.name for f in dataclasses.fields(config.devices)} - {"required"}
    for name in config.devices.required:
        if name not in device_names:
            problems.append(f"'devices.required' names '{name}', not one of {sorted(device_names)}")
        elif not getattr(config.devices, name):
            problems.append(f"'devices.{name}' is required but has no URL")
    if not config.kiosk_id.strip():
        problems.append("'kiosk_id' is empty: name this kiosk, unique in the municipality")
    for key in ("name", "service_centre", "service_centre_phone"):
        if not getattr(config.municipality, key).strip():
            problems.append(f"'municipality.{key}' is empty: the help screens show it (R13)")
    security = config.security
    n = security.password_scrypt_n
    if n < 2**14 or n > 2**20 or n & (n - 1):
        problems.append("'security.password_scrypt_n' must be a power of two, 16384 to 1048576")
    if not 1 <= security.password_scrypt_r <= 32:
        problems.append("'security.password_scrypt_r' must be 1 to 32")
    if not 1 <= security.password_scrypt_p <= 16:
        problems.append("'security.password_scrypt_p' must be 1 to 16")
    if config.languages.default not in config.languages.available:
        problems.append("'languages.default' must be one of 'languages.available'")
    rules = config.rules
    if rules.delivery_earliest_working_days > rules.delivery_latest_working_days:
        problems.append("'rules.delivery_earliest_working_days' is after the latest")
    if rules.witness_minimum_age < rules.minimum_age:
        problems.append("'rules.witness_minimum_age' is below 'rules.minimum_age'")
    authority = config.authority
    if authority.url:
        if not authority.url.startswith("https://"):
            problems.append("'authority.url' must be an https:// URL")
        for name in ("ca", "cert", "key"):
            if not getattr(authority, name):
                problems.append(f"'authority.{name}' is needed with 'authority.url'")
    if not 3.0 <= config.display.diagonal_inches <= 100.0:
        problems.append("'display.diagonal_inches' must be a screen's diagonal (3 to 100 inches)")
    if config.timeouts.warning_seconds >= config.timeouts.inactivity_seconds:
        problems.append("'timeouts.warning_seconds' must be shorter than 'inactivity_seconds'")
    for exception in config.documents.chip_exceptions:
        if not CHIP_EXCEPTION.fullmatch(exception):
            problems.append(
                f"'documents.chip_exceptions' item {exception!r} is not ISSUER:TYPE (e.g. XXA:P)"
            )
    return problems


def _build(cls: type[Settings], raw: object, prefix: str, problems: list[str]) -> Settings:
    """The settings dataclass ``cls`` from its TOML table; each problem is added to ``problems``."""
    if not isinstance(raw, dict):
        problems.append(f"[{prefix.rstrip('.')}] must be a table")
        return cls()
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    for key in raw:
        if key not in known:
            problems.append(f"unknown key '{prefix}{key}'")
    values: dict[str, object] = {}
    for name in known & raw.keys():
        hint = hints[name]
        if isinstance(hint, type) and dataclasses.is_dataclass(hint):
            values[name] = _build(hint, raw[name], f"{prefix}{name}.", problems)
            continue
        value, error = _coerce(raw[name], hint)
        if error:
            problems.append(f"'{prefix}{name}' {error}")
        else:
            values[name] = value
    return cls(**values)


def _coerce(value: object, hint: object) -> tuple[object, str]:
    """``value`` as the type ``hint`` says, or None and what is wrong with it."""
    origin = typing.get_origin(hint)
    if origin is Literal:
        allowed = typing.get_args(hint)
        if value in allowed:
            return value, ""
        return None, f"must be one of {', '.join(repr(a) for a in allowed)}, not {value!r}"
    if origin is tuple:
        if not isinstance(value, list):
            return None, f"must be a list, not {value!r}"
        item_hint = typing.get_args(hint)[0]
        items = []
        for item in value:
            coerced, error = _coerce(item, item_hint)
            if error:
                return None, f"item {item!r}: {error}"
            items.append(coerced)
        return tuple(items), ""
    if origin in (types.UnionType, typing.Union):
        return _coerce(value, typing.get_args(hint)[0])
    if hint is bool:
        return (
            (value, "")
            if isinstance(value, bool)
            else (None, f"must be true or false, not {value!r}")
        )
    if hint is float:
        if (
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and math.isfinite(value)
            and value >= 0
        ):
            return float(value), ""
        return None, f"must be a finite number of 0 or more, not {value!r}"
    if hint is int:
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value, ""
        return None, f"must be a whole number of 0 or more, not {value!r}"
    if hint is str:
        return (value, "") if isinstance(value, str) else (None, f"must be a string, not {value!r}")
    return value, ""
