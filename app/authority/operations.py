"""The authority's operations: what each ``/v1`` call does, as plain functions of the repositories.

Each takes the calling kiosk's repositories and the request's JSON body and returns the JSON
answer; a refusal raises the core's errors. :data:`OPERATIONS` names them with their HTTP path,
whether they change state (those need an ``Idempotency-Key``) and their fields, for the routes
and the OpenAPI document. CPR numbers travel in bodies, never in paths, so no access log holds one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import cast

from kiosk.errors import BadInputError
from kiosk.identity.people import Person
from kiosk.rules.witness import VouchingMethod
from kiosk.storage.postgres.store import KioskRepositories
from kiosk.storage.records import HoldingRecord, Vouching

Body = Mapping[str, object]
Handler = Callable[[KioskRepositories, Body], dict[str, object]]


@dataclass(frozen=True)
class Operation:
    path: str
    summary: str
    fields: tuple[str, ...]
    changes_state: bool
    handler: Handler


def text(body: Body, name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value:
        raise BadInputError(f"'{name}' must be a non-empty string")
    return value


def plain(value: object) -> object:
    """A record's value as JSON: dates and times as ISO text, tuples as lists."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def person_json(person: Person | None) -> dict[str, object]:
    if person is None:
        return {"person": None}
    fields = cast(dict[str, object], plain(asdict(person)))
    return {"person": fields}


def holding_json(record: HoldingRecord) -> dict[str, object]:
    return {"holding": plain(asdict(record))}


def vouching_json(vouching: Vouching) -> dict[str, object]:
    return {"vouching": plain(asdict(vouching))}


def _find(repos: KioskRepositories, body: Body) -> dict[str, object]:
    return person_json(repos.register.find(text(body, "cpr")))


def _others(repos: KioskRepositories, body: Body) -> dict[str, object]:
    limit = body.get("limit", 3)
    if not isinstance(limit, int) or not 0 <= limit <= 500:
        raise BadInputError("'limit' must be a whole number from 0 to 500")
    people = repos.register.others(text(body, "exclude_cpr"), limit)
    return {"people": [person_json(p)["person"] for p in people]}


def _count(repos: KioskRepositories, body: Body) -> dict[str, object]:
    return {"count": repos.register.count()}


def _holding(repos: KioskRepositories, body: Body) -> dict[str, object]:
    found = repos.holdings.holding(text(body, "cpr"))
    return {"holding": None if found is None else plain(asdict(found))}


def _verify_password(repos: KioskRepositories, body: Body) -> dict[str, object]:
    return {"valid": repos.holdings.verify_password(text(body, "number"), text(body, "password"))}


def _verify_code(repos: KioskRepositories, body: Body) -> dict[str, object]:
    holdings = repos.holdings
    valid = holdings.verify_code(text(body, "number"), text(body, "key"), text(body, "code"))
    return {"valid": valid}


def _card_keys(repos: KioskRepositories, body: Body) -> dict[str, object]:
    return {"keys": repos.holdings.card_keys(text(body, "number"))}


def _code_key(repos: KioskRepositories, body: Body) -> dict[str, object]:
    keys = repos.holdings.keys
    return {"current": keys.current, "keys": {str(v): m.hex() for v, m in keys.masters.items()}}


def _reserve(repos: KioskRepositories, body: Body) -> dict[str, object]:
    codes = body.get("code_hmacs")
    if not isinstance(codes, dict) or not all(isinstance(v, str) for v in codes.values()):
        raise BadInputError("'code_hmacs' must be an object of key -> HMAC")
    record = repos.holdings.reserve(
        text(body, "cpr"),
        text(body, "number"),
        text(body, "password_hash"),
        text(body, "card_serial"),
        {str(k): str(v) for k, v in codes.items()},
    )
    return holding_json(record)


def _activate(repos: KioskRepositories, body: Body) -> dict[str, object]:
    return holding_json(repos.holdings.activate(text(body, "number")))


def _void(repos: KioskRepositories, body: Body) -> dict[str, object]:
    return holding_json(repos.holdings.void(text(body, "number")))


def _record(repos: KioskRepositories, body: Body) -> dict[str, object]:
    return holding_json(repos.holdings.record(text(body, "number")))


def _in_status(repos: KioskRepositories, body: Body) -> dict[str, object]:
    records = repos.holdings.holdings_in_status(text(body, "status"))
    return {"holdings": [holding_json(r)["holding"] for r in records]}


def _exists(repos: KioskRepositories, body: Body) -> dict[str, object]:
    number, serial = body.get("number"), body.get("serial")
    if isinstance(number, str) and number:
        return {"exists": repos.holdings.number_exists(number)}
    if isinstance(serial, str) and serial:
        return {"exists": repos.holdings.serial_exists(serial)}
    raise BadInputError("give 'number' or 'serial'")


def _method(body: Body) -> VouchingMethod:
    method = body.get("method")
    if method not in ("declaration", "nemid"):
        raise BadInputError("'method' must be 'declaration' or 'nemid'")
    return cast(VouchingMethod, method)


def _vouch(repos: KioskRepositories, body: Body) -> dict[str, object]:
    vouching = repos.witnesses.record_within_limit(
        text(body, "witness_cpr"),
        text(body, "applicant_cpr"),
        _method(body),
        text(body, "declaration_version"),
        text(body, "signature_hash"),
    )
    return vouching_json(vouching)


def _vouch_count(repos: KioskRepositories, body: Body) -> dict[str, object]:
    ledger = repos.witnesses
    return {"count": ledger.count_since(text(body, "witness_cpr"), ledger.window_since())}


def _vouchings(repos: KioskRepositories, body: Body) -> dict[str, object]:
    found = repos.witnesses.vouchings_by(text(body, "witness_cpr"))
    return {"vouchings": [vouching_json(v)["vouching"] for v in found]}


def _lock(repos: KioskRepositories, body: Body) -> dict[str, object]:
    return {"locked_until": repos.lockouts.lock_now(text(body, "cpr")).isoformat()}


def _locked_until(repos: KioskRepositories, body: Body) -> dict[str, object]:
    until = repos.lockouts.locked_until(text(body, "cpr"))
    return {"locked_until": None if until is None else until.isoformat()}


def _clear_lock(repos: KioskRepositories, body: Body) -> dict[str, object]:
    return {"cleared": repos.lockouts.clear(text(body, "cpr"))}


def _claim(repos: KioskRepositories, body: Body) -> dict[str, object]:
    return {"claimed": repos.open_visits.claim(text(body, "cpr"), text(body, "visit_id"))}


def _release(repos: KioskRepositories, body: Body) -> dict[str, object]:
    repos.open_visits.release(text(body, "visit_id"))
    return {"released": True}


def _release_kiosk(repos: KioskRepositories, body: Body) -> dict[str, object]:
    return {"released": repos.open_visits.release_kiosk()}


def _holder(repos: KioskRepositories, body: Body) -> dict[str, object]:
    return {"visit_id": repos.open_visits.holder(text(body, "cpr"))}


def _audit_last(repos: KioskRepositories, body: Body) -> dict[str, object]:
    seq, digest = repos.audit.last()
    return {"last_seq": seq, "last_hash": digest}


def _audit_append(repos: KioskRepositories, body: Body) -> dict[str, object]:
    entries = body.get("entries")
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise BadInputError("'entries' must be a list of audit entries")
    return {"last_seq": repos.audit.append(entries)}


def _op(path: str, summary: str, fields: str, handler: Handler, changes: bool = False) -> Operation:
    return Operation(path, summary, tuple(fields.split()), changes, handler)


OPERATIONS: tuple[Operation, ...] = (
    _op("/v1/register/find", "A person of the CPR register, or null", "cpr", _find),
    _op(
        "/v1/register/others",
        "Other people, for question distractors",
        "exclude_cpr limit",
        _others,
    ),
    _op("/v1/register/count", "How many people the register holds", "", _count),
    _op("/v1/holdings/active", "The person's active NemID, or null", "cpr", _holding),
    _op(
        "/v1/holdings/verify-password",
        "Whether the password is the NemID's",
        "number password",
        _verify_password,
    ),
    _op(
        "/v1/holdings/verify-code",
        "Whether the code stands beside the key",
        "number key code",
        _verify_code,
    ),
    _op("/v1/holdings/card-keys", "The keys of the NemID's code card", "number", _card_keys),
    _op("/v1/holdings/code-key", "The HMAC key codes are stored under", "", _code_key),
    _op(
        "/v1/holdings/reserve",
        "A new NemID, printing, leased to this kiosk",
        "cpr number password_hash card_serial code_hmacs",
        _reserve,
        True,
    ),
    _op("/v1/holdings/activate", "printing -> active", "number", _activate, True),
    _op("/v1/holdings/void", "printing or active -> voided", "number", _void, True),
    _op("/v1/holdings/record", "One holding (no secrets)", "number", _record),
    _op(
        "/v1/holdings/in-status",
        "Holdings in a status (printing: this kiosk's)",
        "status",
        _in_status,
    ),
    _op(
        "/v1/holdings/exists",
        "Whether a number or serial was ever issued",
        "number serial",
        _exists,
    ),
    _op(
        "/v1/witnesses/vouch",
        "R7: a vouching within the witness limit",
        "witness_cpr applicant_cpr method declaration_version signature_hash",
        _vouch,
        True,
    ),
    _op("/v1/witnesses/count", "Vouchings in the service's window", "witness_cpr", _vouch_count),
    _op("/v1/witnesses/vouchings", "Every vouching of a witness", "witness_cpr", _vouchings),
    _op(
        "/v1/lockouts/lock",
        "R3: lock control questions for the service's lockout time",
        "cpr",
        _lock,
        True,
    ),
    _op("/v1/lockouts/status", "The end of the person's lock, or null", "cpr", _locked_until),
    _op("/v1/lockouts/clear", "Lift a lock (staff)", "cpr", _clear_lock, True),
    _op("/v1/visits/claim", "R1: claim the citizen for a visit", "cpr visit_id", _claim, True),
    _op("/v1/visits/release", "End a visit's claims", "visit_id", _release, True),
    _op("/v1/visits/release-kiosk", "End every claim of this kiosk", "", _release_kiosk, True),
    _op("/v1/audit/last", "Where this kiosk's streamed audit chain ends", "", _audit_last),
    _op(
        "/v1/audit/append",
        "More of this kiosk's audit chain, verified on receipt",
        "entries",
        _audit_append,
        True,
    ),
    _op("/v1/visits/holder", "The visit holding the citizen, or null", "cpr", _holder),
)
