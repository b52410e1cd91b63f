"""Camera documents in scenario files: the Danish driving licence and the yellow health card
with their printed fields, as the document camera would read them.

``{"scan": {"licence": {"surname": ..., "given_names": ..., "birth_date": "YYYY-MM-DD",
"cpr": "DDMMYYSSSS", "expiry_date": "YYYY-MM-DD"}}}`` lays a licence on the camera (fields 1, 2,
3, 4d, 4b; optional ``issue_date``, ``document_number``); ``{"scan_health_card": {"health_card":
{"cpr": ..., "surname": ..., "given_names": ..., "address": [...]}}}`` lays the health card
instead of typing its number. The runner hands the printed card to the journey as a sure reading;
the camera's own reading of such cards is tested on rendered photos.
"""

from __future__ import annotations

from datetime import date

from kiosk.errors import ScenarioError
from kiosk.identity.camera_documents import DK_DRIVING_LICENCE, DK_HEALTH_CARD, CameraDocument
from kiosk.identity.cpr import CPR_FORMAT

LICENCE = "licence"
HEALTH_CARD = "health_card"
LICENCE_REQUIRED = ("surname", "given_names", "birth_date", "cpr", "expiry_date")
LICENCE_OPTIONAL = ("issue_date", "document_number")
HEALTH_CARD_REQUIRED = ("cpr",)
HEALTH_CARD_OPTIONAL = ("surname", "given_names", "address")
DATE_FIELDS = ("birth_date", "expiry_date", "issue_date")


def check_licence(value: object, where: str) -> None:
    _check(value, where, LICENCE_REQUIRED, LICENCE_OPTIONAL)


def check_health_card(value: object, where: str) -> None:
    _check(value, where, HEALTH_CARD_REQUIRED, HEALTH_CARD_OPTIONAL)


def printed_licence(value: dict[str, object]) -> CameraDocument:
    """The licence a scenario lays on the camera (checked by :func:`check_licence`)."""
    return CameraDocument(
        type=DK_DRIVING_LICENCE,
        surname=str(value["surname"]),
        given_names=str(value["given_names"]),
        birth_date=_date(value.get("birth_date")),
        cpr=_digits(value["cpr"]),
        expiry_date=_date(value.get("expiry_date")),
        issue_date=_date(value.get("issue_date")),
        document_number=str(value.get("document_number", "")),
    )


def printed_health_card(value: dict[str, object]) -> CameraDocument:
    """The health card a scenario lays on the camera (checked by :func:`check_health_card`)."""
    cpr = _digits(value["cpr"])
    address = value.get("address", [])
    return CameraDocument(
        type=DK_HEALTH_CARD,
        surname=str(value.get("surname", "")),
        given_names=str(value.get("given_names", "")),
        birth_date=None,
        cpr=cpr,
        address=tuple(str(line) for line in address) if isinstance(address, list) else (),
    )


def _check(value: object, where: str, required: tuple[str, ...], optional: tuple[str, ...]) -> None:
    if not isinstance(value, dict):
        raise ScenarioError(f"{where}: must be an object with {', '.join(required)}")
    missing = [name for name in required if name not in value]
    if missing:
        raise ScenarioError(f"{where}: missing field(s) {', '.join(missing)}")
    unknown = sorted(set(value) - set(required) - set(optional))
    if unknown:
        raise ScenarioError(f"{where}: unknown field(s) {', '.join(unknown)}")
    for name, item in value.items():
        if name == "address":
            if not isinstance(item, list) or not all(isinstance(line, str) for line in item):
                raise ScenarioError(f"{where}.address: must be a list of lines (strings)")
        elif not isinstance(item, str):
            raise ScenarioError(f"{where}.{name}: must be a string")
        elif name in DATE_FIELDS:
            _date(item, f"{where}.{name}")
        elif name == "cpr" and not CPR_FORMAT.fullmatch(item):
            raise ScenarioError(f"{where}.cpr: must be DDMMYY-SSSS or ten digits, not {item!r}")


def _date(value: object, where: str = "") -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ScenarioError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from exc


def _digits(value: object) -> str:
    return str(value).replace("-", "")
