"""Reading register entries from JSON: the scenario format of issue 2 and the persona file.

An entry is ``{"cpr", "given_names", "surname"}`` plus optional ``address``,
``previous_addresses``, ``mother``, ``father``, ``spouse``, ``children``, ``birth_place``,
``citizenship``, ``in_denmark_since`` (ISO date) or ``in_denmark_since_days_ago``,
``danish_passport``, ``danish_driving_licence``, ``home_bound`` and ``nemid`` =
``{"number", "active_since" | "active_days_ago", "password", "code_card": {key: code}}``.
Relative days are resolved against ``today`` so synthetic data stays true on any date. A
malformed entry raises ScenarioError naming the entry and the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from stdnum.dk import cpr as stdnum_cpr
from stdnum.exceptions import ValidationError

from kiosk.errors import ScenarioError
from kiosk.identity.people import Person
from kiosk.storage.cpr_ref import mask_cpr

TEXT_FIELDS = ("address", "mother", "father", "spouse", "birth_place")
LIST_FIELDS = ("previous_addresses", "children")
FLAG_FIELDS = ("danish_passport", "danish_driving_licence", "home_bound")
ENTRY_KEYS = frozenset(
    {"cpr", "given_names", "surname", "citizenship", "in_denmark_since"}
    | {"in_denmark_since_days_ago", "nemid"}
    | set(TEXT_FIELDS + LIST_FIELDS + FLAG_FIELDS)
)
NEMID_KEYS = frozenset(
    {"number", "active_since", "active_days_ago", "password", "code_card", "card_serial"}
)
NEMID_NUMBER_DIGITS = 9
SEED_SERIAL_PREFIX = "NKS"


@dataclass(frozen=True)
class NemIdSeed:
    """A NemID to seed, with its test-data secrets (hashed before they are stored)."""

    number: str
    active_since: date
    card_serial: str
    password: str = field(repr=False)
    code_card: dict[str, str] = field(repr=False, default_factory=dict)


@dataclass(frozen=True)
class RegisterEntry:
    person: Person
    nemid: NemIdSeed | None


def parse_entries(entries: object, today: date, where: str = "register") -> list[RegisterEntry]:
    """Every entry of a JSON list, checked; duplicate CPR or NemID numbers are refused."""
    if not isinstance(entries, list):
        raise ScenarioError(f"{where}: must be a list of persons")
    parsed = [parse_entry(raw, today, f"{where}[{i}]") for i, raw in enumerate(entries)]
    seen_cpr: set[str] = set()
    seen_numbers: set[str] = set()
    for index, entry in enumerate(parsed):
        if entry.person.cpr in seen_cpr:
            raise ScenarioError(f"{where}[{index}]: CPR {mask_cpr(entry.person.cpr)} appears twice")
        seen_cpr.add(entry.person.cpr)
        if entry.nemid and entry.nemid.number in seen_numbers:
            raise ScenarioError(f"{where}[{index}].nemid.number: {entry.nemid.number} twice")
        if entry.nemid:
            seen_numbers.add(entry.nemid.number)
    return parsed


def parse_entry(raw: object, today: date, where: str) -> RegisterEntry:
    if not isinstance(raw, Mapping):
        raise ScenarioError(f"{where}: must be an object")
    unknown = sorted(set(raw) - ENTRY_KEYS)
    if unknown:
        raise ScenarioError(f"{where}: unknown key(s) {', '.join(unknown)}")
    cpr = parse_cpr(raw.get("cpr"), today, f"{where}.cpr")
    given_names = _text(raw, "given_names", where, required=True)
    surname = _text(raw, "surname", where, required=True)
    citizenship = _citizenship(raw, where)
    in_denmark_since = _since(raw, today, where)
    texts = {name: _text(raw, name, where) for name in TEXT_FIELDS}
    lists = {name: _text_list(raw, name, where) for name in LIST_FIELDS}
    flags = {name: _flag(raw, name, where) for name in FLAG_FIELDS}
    nemid = _nemid(raw["nemid"], today, f"{where}.nemid") if "nemid" in raw else None
    person = Person(
        cpr,
        given_names,
        surname,
        address=texts["address"],
        previous_addresses=lists["previous_addresses"],
        mother=texts["mother"],
        father=texts["father"],
        spouse=texts["spouse"],
        children=lists["children"],
        birth_place=texts["birth_place"],
        citizenship=citizenship,
        in_denmark_since=in_denmark_since,
        danish_passport=flags["danish_passport"],
        danish_driving_licence=flags["danish_driving_licence"],
        home_bound=flags["home_bound"],
    )
    return RegisterEntry(person, nemid)


def parse_cpr(value: object, today: date, where: str) -> str:
    """The 10 digits of a CPR number with a real birth date not after ``today``."""
    if not isinstance(value, str):
        raise ScenarioError(f"{where}: a CPR number is required (a string)")
    digits = value.replace("-", "").strip()
    if len(digits) != 10 or not digits.isdigit():
        raise ScenarioError(f"{where}: {mask_cpr(value)!r} is not 10 digits")
    try:
        born = stdnum_cpr.get_birth_date(digits)
    except ValidationError as exc:
        raise ScenarioError(f"{where}: {mask_cpr(digits)} has no valid birth date") from exc
    if born > today:
        raise ScenarioError(f"{where}: {mask_cpr(digits)} is born after {today.isoformat()}")
    return digits


def _text(raw: Mapping[str, object], name: str, where: str, *, required: bool = False) -> str:
    value = raw.get(name, "")
    if not isinstance(value, str):
        raise ScenarioError(f"{where}.{name}: must be a string, not {value!r}")
    if required and not value.strip():
        raise ScenarioError(f"{where}.{name}: is required")
    return value.strip()


def _text_list(raw: Mapping[str, object], name: str, where: str) -> tuple[str, ...]:
    value = raw.get(name, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ScenarioError(f"{where}.{name}: must be a list of strings")
    return tuple(item.strip() for item in value if item.strip())


def _flag(raw: Mapping[str, object], name: str, where: str) -> bool:
    flag = raw.get(name, False)
    if not isinstance(flag, bool):
        raise ScenarioError(f"{where}.{name}: must be true or false, not {flag!r}")
    return flag


def _citizenship(raw: Mapping[str, object], where: str) -> str:
    value = raw.get("citizenship", "DNK")
    if not isinstance(value, str) or len(value) != 3 or not value.isalpha():
        raise ScenarioError(f"{where}.citizenship: a 3-letter country code, not {value!r}")
    return value.upper()


def _date(value: object, where: str) -> date:
    if not isinstance(value, str):
        raise ScenarioError(f"{where}: must be an ISO date string (YYYY-MM-DD)")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ScenarioError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from exc


def _days_ago(value: object, today: date, where: str) -> date:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ScenarioError(f"{where}: must be a whole number of days, 0 or more")
    return today - timedelta(days=value)


def _since(raw: Mapping[str, object], today: date, where: str) -> date | None:
    if "in_denmark_since" in raw and "in_denmark_since_days_ago" in raw:
        raise ScenarioError(f"{where}: give in_denmark_since or in_denmark_since_days_ago")
    if "in_denmark_since_days_ago" in raw:
        return _days_ago(
            raw["in_denmark_since_days_ago"], today, f"{where}.in_denmark_since_days_ago"
        )
    if raw.get("in_denmark_since") is None:
        return None
    return _date(raw["in_denmark_since"], f"{where}.in_denmark_since")


def _nemid(raw: object, today: date, where: str) -> NemIdSeed:
    if not isinstance(raw, Mapping):
        raise ScenarioError(f"{where}: must be an object")
    unknown = sorted(set(raw) - NEMID_KEYS)
    if unknown:
        raise ScenarioError(f"{where}: unknown key(s) {', '.join(unknown)}")
    number = raw.get("number")
    if not isinstance(number, str) or len(number) != NEMID_NUMBER_DIGITS or not number.isdigit():
        raise ScenarioError(f"{where}.number: a NemID number is {NEMID_NUMBER_DIGITS} digits")
    if "active_since" in raw and "active_days_ago" in raw:
        raise ScenarioError(f"{where}: give active_since or active_days_ago, not both")
    if "active_days_ago" in raw:
        since = _days_ago(raw["active_days_ago"], today, f"{where}.active_days_ago")
    elif "active_since" in raw:
        since = _date(raw["active_since"], f"{where}.active_since")
    else:
        since = today
    if since > today:
        raise ScenarioError(f"{where}.active_since: {since.isoformat()} is after today")
    password = raw.get("password", "")
    if not isinstance(password, str):
        raise ScenarioError(f"{where}.password: must be a string")
    serial = raw.get("card_serial", SEED_SERIAL_PREFIX + number)
    if not isinstance(serial, str) or not serial:
        raise ScenarioError(f"{where}.card_serial: must be a non-empty string")
    return NemIdSeed(number, since, serial, password, _code_card(raw.get("code_card"), where))


def _code_card(raw: object, where: str) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ScenarioError(f"{where}.code_card: must be an object of key -> code")
    for key, code in raw.items():
        if not (isinstance(key, str) and key.isdigit()):
            raise ScenarioError(f"{where}.code_card: key {key!r} must be digits")
        if not (isinstance(code, str) and code.isdigit()):
            raise ScenarioError(f"{where}.code_card[{key}]: the code must be digits")
    return dict(raw)
