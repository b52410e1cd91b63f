"""The storage Protocols over the authority's ``/v1`` API: register, NemID holdings, witness
ledger, question lockouts and open visits, as the service decides them.

Time rules are the service's: a window start or a lock's end the core passes in is not sent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import cast

from app.fleet.client import AuthorityClient
from kiosk.identity.people import NemIdHolding, Person
from kiosk.rules.witness import VouchingMethod
from kiosk.storage.authority_keys import AuthorityKeys
from kiosk.storage.records import HoldingRecord, Vouching


def _date(value: object) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) and value else None


def _time(value: object) -> datetime:
    return datetime.fromisoformat(str(value))


def _dict(value: object) -> dict[str, object]:
    return cast(dict[str, object], value) if isinstance(value, dict) else {}


def person_from_json(raw: object) -> Person | None:
    if not isinstance(raw, dict):
        return None
    nemid = _dict(raw.get("nemid"))
    since = _date(nemid.get("active_since"))
    holding = NemIdHolding(str(nemid["number"]), since) if nemid and since else None
    return Person(
        cpr=str(raw["cpr"]),
        given_names=str(raw["given_names"]),
        surname=str(raw["surname"]),
        address=str(raw.get("address", "")),
        previous_addresses=tuple(str(a) for a in raw.get("previous_addresses", [])),
        mother=str(raw.get("mother", "")),
        father=str(raw.get("father", "")),
        spouse=str(raw.get("spouse", "")),
        children=tuple(str(c) for c in raw.get("children", [])),
        birth_place=str(raw.get("birth_place", "")),
        citizenship=str(raw.get("citizenship", "")),
        in_denmark_since=_date(raw.get("in_denmark_since")),
        danish_passport=bool(raw.get("danish_passport")),
        danish_driving_licence=bool(raw.get("danish_driving_licence")),
        home_bound=bool(raw.get("home_bound")),
        nemid=holding,
    )


def holding_from_json(raw: object) -> HoldingRecord:
    fields = _dict(raw)
    return HoldingRecord(
        number=str(fields["number"]),
        masked_cpr=str(fields["masked_cpr"]),
        status=str(fields["status"]),
        card_serial=str(fields["card_serial"]),
        active_since=_date(fields.get("active_since")),
        created_at=_time(fields["created_at"]),
        status_changed_at=_time(fields["status_changed_at"]),
    )


def vouching_from_json(raw: object) -> Vouching:
    fields = _dict(raw)
    return Vouching(
        int(str(fields["id"])),
        str(fields["witness_masked"]),
        str(fields["applicant_masked"]),
        str(fields["method"]),
        str(fields["declaration_version"]),
        str(fields["signature_hash"]),
        _time(fields["time"]),
    )


class RemoteRegister:
    """The Register Protocol: the service's CPR register."""

    def __init__(self, client: AuthorityClient) -> None:
        self._client = client

    def find(self, cpr: str) -> Person | None:
        return person_from_json(self._client.ask("/v1/register/find", cpr=cpr).get("person"))

    def others(self, exclude_cpr: str, limit: int) -> list[Person]:
        answer = self._client.ask("/v1/register/others", exclude_cpr=exclude_cpr, limit=limit)
        people = answer.get("people")
        found = [person_from_json(p) for p in (people if isinstance(people, list) else [])]
        return [p for p in found if p is not None]

    def count(self) -> int:
        return int(str(self._client.ask("/v1/register/count")["count"]))


class RemoteNemIdHoldings:
    """The NemIdHoldings Protocol: the service's NemID authority."""

    def __init__(self, client: AuthorityClient) -> None:
        self._client = client
        self._keys: AuthorityKeys | None = None

    @property
    def keys(self) -> AuthorityKeys:
        if self._keys is None:
            answer = self._client.ask("/v1/holdings/code-key")
            masters = {int(v): bytes.fromhex(str(k)) for v, k in _dict(answer["keys"]).items()}
            self._keys = AuthorityKeys(masters, int(str(answer["current"])))
        return self._keys

    def holding(self, cpr: str) -> NemIdHolding | None:
        raw = _dict(self._client.ask("/v1/holdings/active", cpr=cpr).get("holding"))
        since = _date(raw.get("active_since"))
        return NemIdHolding(str(raw["number"]), since, str(raw["status"])) if since else None

    def verify_password(self, nemid_number: str, password: str) -> bool:
        path = "/v1/holdings/verify-password"
        return bool(self._client.ask(path, number=nemid_number, password=password)["valid"])

    def verify_code(self, nemid_number: str, key: str, code: str) -> bool:
        answer = self._client.ask(
            "/v1/holdings/verify-code", number=nemid_number, key=key, code=code
        )
        return bool(answer["valid"])

    def card_keys(self, nemid_number: str) -> list[str]:
        keys = self._client.ask("/v1/holdings/card-keys", number=nemid_number).get("keys")
        return [str(k) for k in keys] if isinstance(keys, list) else []

    def reserve(
        self,
        cpr: str,
        nemid_number: str,
        password_hash: str,
        card_serial: str,
        code_hmacs: Mapping[str, str] | Iterable[tuple[str, str]],
    ) -> HoldingRecord:
        codes = dict(code_hmacs.items() if isinstance(code_hmacs, Mapping) else code_hmacs)
        answer = self._client.change(
            "/v1/holdings/reserve",
            cpr=cpr,
            number=nemid_number,
            password_hash=password_hash,
            card_serial=card_serial,
            code_hmacs=codes,
        )
        return holding_from_json(answer["holding"])

    def activate(self, nemid_number: str) -> HoldingRecord:
        answer = self._client.change("/v1/holdings/activate", number=nemid_number)
        return holding_from_json(answer["holding"])

    def void(self, nemid_number: str) -> HoldingRecord:
        return holding_from_json(
            self._client.change("/v1/holdings/void", number=nemid_number)["holding"]
        )

    def holdings_in_status(self, status: str) -> list[HoldingRecord]:
        found = self._client.ask("/v1/holdings/in-status", status=status).get("holdings")
        return [holding_from_json(h) for h in (found if isinstance(found, list) else [])]

    def number_exists(self, nemid_number: str) -> bool:
        return bool(self._client.ask("/v1/holdings/exists", number=nemid_number)["exists"])

    def serial_exists(self, card_serial: str) -> bool:
        return bool(self._client.ask("/v1/holdings/exists", serial=card_serial)["exists"])

    def record(self, nemid_number: str) -> HoldingRecord:
        return holding_from_json(
            self._client.ask("/v1/holdings/record", number=nemid_number)["holding"]
        )


class RemoteWitnessLedger:
    """The WitnessLedger Protocol: the fleet's ledger; the limit and window are the service's."""

    def __init__(self, client: AuthorityClient) -> None:
        self._client = client

    def record(
        self,
        witness_cpr: str,
        applicant_cpr: str,
        method: VouchingMethod,
        declaration_version: str,
        signature_hash: str,
    ) -> Vouching:
        return self.record_within_limit(
            witness_cpr, applicant_cpr, method, declaration_version, signature_hash
        )

    def record_within_limit(
        self,
        witness_cpr: str,
        applicant_cpr: str,
        method: VouchingMethod,
        declaration_version: str,
        signature_hash: str,
        *,
        since: datetime | None = None,
        limit: int | None = None,
    ) -> Vouching:
        answer = self._client.change(
            "/v1/witnesses/vouch",
            witness_cpr=witness_cpr,
            applicant_cpr=applicant_cpr,
            method=method,
            declaration_version=declaration_version,
            signature_hash=signature_hash,
        )
        return vouching_from_json(answer["vouching"])

    def count_since(self, witness_cpr: str, since: datetime) -> int:
        return int(str(self._client.ask("/v1/witnesses/count", witness_cpr=witness_cpr)["count"]))

    def vouchings_by(self, witness_cpr: str) -> list[Vouching]:
        found = self._client.ask("/v1/witnesses/vouchings", witness_cpr=witness_cpr)["vouchings"]
        return [vouching_from_json(v) for v in (found if isinstance(found, list) else [])]


class RemoteQuestionLockouts:
    """The QuestionLockouts Protocol: locks held on every kiosk, for the service's time."""

    def __init__(self, client: AuthorityClient) -> None:
        self._client = client

    def lock(self, cpr: str, until: datetime) -> None:
        self._client.change("/v1/lockouts/lock", cpr=cpr)

    def locked_until(self, cpr: str) -> datetime | None:
        until = self._client.ask("/v1/lockouts/status", cpr=cpr).get("locked_until")
        return _time(until) if until else None

    def is_locked(self, cpr: str) -> bool:
        return self.locked_until(cpr) is not None

    def clear(self, cpr: str) -> bool:
        return bool(self._client.change("/v1/lockouts/clear", cpr=cpr)["cleared"])


class RemoteOpenVisits:
    """The OpenVisits Protocol: one open visit per citizen across the fleet."""

    def __init__(self, client: AuthorityClient) -> None:
        self._client = client

    def claim(self, cpr: str, visit_id: str) -> bool:
        return bool(self._client.change("/v1/visits/claim", cpr=cpr, visit_id=visit_id)["claimed"])

    def release(self, visit_id: str) -> None:
        self._client.change("/v1/visits/release", visit_id=visit_id)

    def release_kiosk(self) -> int:
        return int(str(self._client.change("/v1/visits/release-kiosk")["released"]))

    def holder(self, cpr: str) -> str | None:
        holder = self._client.ask("/v1/visits/holder", cpr=cpr).get("visit_id")
        return str(holder) if holder else None
