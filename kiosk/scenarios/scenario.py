"""Scenario files for ``kiosk journey``: reading and checking them (issue 2's format).

A scenario is a JSON object with an optional ``today`` (ISO date), optional ``settings``
(municipality, rule, timeout or documents keys of the config by their bare names), optional
``register`` entries (the format of :mod:`kiosk.storage.register_entries`) and the ``steps`` the
citizen takes. A ``scan`` holds the ``mrz`` lines, optionally the printed ``cpr`` and the
document's ``chip`` (:mod:`kiosk.scenarios.chips`: ``"valid"`` when absent).
Any other top-level key (such as ``expect``, used by the test suite) is ignored. Every problem
raises one ScenarioError naming where it is, so the CLI can exit 2 with one clear line.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kiosk.config import KioskConfig, config_from_mapping
from kiosk.errors import ConfigError, ScenarioError
from kiosk.input_limits import nesting_problem, too_deep
from kiosk.rules.policy import Path as JourneyPath
from kiosk.scenarios.camera_cards import HEALTH_CARD, LICENCE, check_health_card, check_licence
from kiosk.scenarios.chips import CHIP_KINDS, CHIP_VALID
from kiosk.scenarios.faces import FACE, check_face
from kiosk.storage.register_entries import parse_entries

# Config sections whose keys a scenario's "settings" may set by their bare names.
SETTINGS_SECTIONS = ("municipality", "rules", "timeouts", "documents")
ANSWERS = ("correct", "wrong")
FROM_CARD = "from_card"
STEP_KINDS = (
    "scan",
    "scan_health_card",
    "choose",
    "answer",
    "witness_scan",
    "witness_sign",
    "request_exemption",
    "request_outreach",
    "language",
    "printer_fault",
    "help",
    "back",
    "timeout",
    "cancel",
)
FLAG_STEPS = ("help", "back", "timeout", "cancel")
PRINTER_FAULTS = ("paper_out", "offline", "cover_open")


@dataclass(frozen=True)
class NemIdSignature:
    """A witness's NemID signing as a scenario writes it (``code`` may be ``from_card``)."""

    number: str
    password: str
    code: str


@dataclass(frozen=True)
class Step:
    """One step: its kind and its JSON value as written, checked for that kind."""

    kind: str
    value: object
    where: str

    @property
    def text(self) -> str:
        """The value of a one-word step (``choose``, ``answer``, ``language`` and the like)."""
        return self.value if isinstance(self.value, str) else ""

    def field(self, name: str) -> str | None:
        """A text field of an object step (``cpr``, ``contact``, ``note``), None if absent."""
        found = self.value.get(name) if isinstance(self.value, dict) else None
        return found if isinstance(found, str) else None

    @property
    def mrz(self) -> list[str]:
        """The MRZ lines of a ``scan`` or ``witness_scan`` step."""
        lines = self.value.get("mrz") if isinstance(self.value, dict) else None
        return [line for line in lines if isinstance(line, str)] if isinstance(lines, list) else []

    def card(self, name: str) -> dict[str, object] | None:
        """The printed fields of a camera card (``licence``, ``health_card``), None if absent."""
        card = self.value.get(name) if isinstance(self.value, dict) else None
        return card if isinstance(card, dict) else None

    @property
    def nemid(self) -> NemIdSignature | None:
        """The NemID signing of a ``witness_sign`` step; None for the declaration."""
        nemid = self.value.get("nemid") if isinstance(self.value, dict) else None
        if not isinstance(nemid, dict):
            return None
        return NemIdSignature(str(nemid["number"]), str(nemid["password"]), str(nemid["code"]))


@dataclass(frozen=True)
class Scenario:
    today: date | None
    settings: dict[str, dict[str, object]]
    register: list[object]
    steps: tuple[Step, ...]
    raw: dict[str, object] = field(repr=False, default_factory=dict)

    def config(self, base: KioskConfig) -> KioskConfig:
        """``base`` with the scenario's settings applied."""
        return base.replace(**self.settings) if self.settings else base


def load_scenario(path: Path) -> Scenario:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"cannot read {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{path}: not UTF-8 text") from exc
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(f"{path}: not valid JSON: {exc}") from exc
    except RecursionError as exc:
        raise ScenarioError(f"{path}: {too_deep()}") from exc
    if problem := nesting_problem(raw):
        raise ScenarioError(f"{path}: {problem}")
    return parse_scenario(raw)


def parse_scenario(raw: object) -> Scenario:
    if not isinstance(raw, dict):
        raise ScenarioError("a scenario must be a JSON object")
    today = _today(raw.get("today"))
    settings = _settings(raw.get("settings", {}))
    register = raw.get("register", [])
    if not isinstance(register, list):
        raise ScenarioError("register: must be a list of entries")
    # Checked here, before any database is opened, so a bad entry changes nothing.
    parse_entries(register, today or date.today())
    if "steps" not in raw:
        raise ScenarioError("missing field 'steps'")
    steps = raw["steps"]
    if not isinstance(steps, list):
        raise ScenarioError("steps: must be a list")
    parsed = tuple(_step(item, f"steps[{i}]") for i, item in enumerate(steps))
    return Scenario(today, settings, register, parsed, raw)


def _today(value: object) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ScenarioError(f"today: must be an ISO date string, not {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ScenarioError(f"today: {value!r} is not a date (YYYY-MM-DD)") from exc


def _settings(value: object) -> dict[str, dict[str, object]]:
    if not isinstance(value, dict):
        raise ScenarioError("settings: must be an object")
    sections: dict[str, dict[str, object]] = {}
    defaults = KioskConfig()
    for key, setting in value.items():
        section = next(
            (
                name
                for name in SETTINGS_SECTIONS
                if key in {f.name for f in dataclasses.fields(getattr(defaults, name))}
            ),
            None,
        )
        if section is None:
            raise ScenarioError(f"settings: unknown setting {key!r}")
        sections.setdefault(section, {})[key] = setting
    try:
        config_from_mapping(sections, source="settings")
    except ConfigError as exc:
        raise ScenarioError(str(exc)) from exc
    return sections


def _step(item: object, where: str) -> Step:
    if not isinstance(item, dict) or len(item) != 1:
        raise ScenarioError(f"{where}: a step is an object with exactly one key")
    kind, value = next(iter(item.items()))
    if kind not in STEP_KINDS:
        raise ScenarioError(f"{where}: unknown step {kind!r}; known: {', '.join(STEP_KINDS)}")
    checker = _CHECKS.get(kind)
    if checker is not None:
        checker(value, f"{where}.{kind}")
    elif kind in FLAG_STEPS and value is not True:
        raise ScenarioError(f"{where}.{kind}: must be true")
    return Step(kind, value, where)


def _document(value: object, where: str) -> None:
    if not isinstance(value, dict):
        raise ScenarioError(f"{where}: must be an object with 'mrz'")
    if FACE in value and where.endswith(".scan"):
        check_face(value[FACE], f"{where}.{FACE}")
    if LICENCE in value and where.endswith(".scan"):
        if set(value) - {LICENCE, FACE}:
            raise ScenarioError(f"{where}: a licence scan holds only 'licence' and 'face'")
        check_licence(value[LICENCE], f"{where}.{LICENCE}")
        return
    if "mrz" not in value:
        raise ScenarioError(f"{where}: missing field 'mrz'")
    lines = value["mrz"]
    if not isinstance(lines, list) or not lines or not all(isinstance(x, str) for x in lines):
        raise ScenarioError(f"{where}.mrz: must be a list of MRZ lines (strings)")
    allowed = {"mrz", "cpr", "chip", FACE} if where.endswith(".scan") else {"mrz", "cpr", "chip"}
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise ScenarioError(f"{where}: unknown field(s) {', '.join(unknown)}")
    _optional_text(value.get("cpr"), f"{where}.cpr")
    chip = value.get("chip", CHIP_VALID)
    if chip not in CHIP_KINDS:
        raise ScenarioError(f"{where}.chip: must be one of {', '.join(CHIP_KINDS)}, not {chip!r}")


def _health_card(value: object, where: str) -> None:
    if isinstance(value, dict) and set(value) == {HEALTH_CARD}:
        check_health_card(value[HEALTH_CARD], f"{where}.{HEALTH_CARD}")
        return
    if not isinstance(value, dict) or not isinstance(value.get("cpr"), str):
        raise ScenarioError(f"{where}: must be an object with a 'cpr' string")


def _choice(value: object, where: str) -> None:
    paths = [p.value for p in JourneyPath]
    if value not in paths:
        raise ScenarioError(f"{where}: must be one of {', '.join(paths)}, not {value!r}")


def _answer(value: object, where: str) -> None:
    if value not in ANSWERS:
        raise ScenarioError(f"{where}: must be 'correct' or 'wrong', not {value!r}")


def _signature(value: object, where: str) -> None:
    if value == "declaration":
        return
    nemid = value.get("nemid") if isinstance(value, dict) and len(value) == 1 else None
    if not isinstance(nemid, dict):
        raise ScenarioError(f"{where}: must be 'declaration' or {{'nemid': {{...}}}}")
    for name in ("number", "password", "code"):
        if not isinstance(nemid.get(name), str):
            raise ScenarioError(f"{where}.nemid: missing field {name!r} (a string)")


def _optional_text(value: object, where: str) -> None:
    if value is not None and not isinstance(value, str):
        raise ScenarioError(f"{where}: must be a string")


Check = Callable[[object, str], None]


def _one_of(allowed: tuple[str, ...]) -> Check:
    def check(value: object, where: str) -> None:
        if value not in allowed:
            raise ScenarioError(f"{where}: must be one of {', '.join(allowed)}, not {value!r}")

    return check


def _outreach(value: object, where: str) -> None:
    if value is True:
        return
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ScenarioError(f"{where}: must be true or {{'contact': ..., 'note': ...}}")


_CHECKS: dict[str, Check] = {
    "scan": _document,
    "witness_scan": _document,
    "scan_health_card": _health_card,
    "choose": _choice,
    "answer": _answer,
    "witness_sign": _signature,
    "request_exemption": _one_of(("language_difficulties", "disability", "other")),
    "request_outreach": _outreach,
    "language": _one_of(("da", "en")),
    "printer_fault": _one_of(PRINTER_FAULTS),
}
