"""Privacy in memory: a timed-out visit leaves no personal data reachable from the journey.

The session's object graph is walked with ``gc.get_referents`` from the JourneySession the
screens hold, stopping at the long-lived services it was given (register, authority, storage,
printer: the register holds every citizen by design), the config, the clock, and at classes,
modules and function globals (code, not a visit's data). Every string, bytes and number met is
searched for the citizen's CPR number, names, address, document number and MRZ lines. As a
positive control the same walk finds them while the visit is still open.
"""

from __future__ import annotations

import gc
import random
import types
from collections.abc import Iterator
from dataclasses import fields
from datetime import date

import pytest

from app.bootstrap import App, build_app
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.journey.session import JourneySession
from kiosk.storage.personas import Persona, persona

TODAY = date(2026, 11, 23)
RICH = persona("rich_register")
NEWCOMER = persona("newcomer")
WITNESS = persona("witness_declaration")
CODE = (types.CodeType, types.ModuleType, type)


@pytest.fixture
def app(config: KioskConfig) -> Iterator[App]:
    clock = FixedClock.on(TODAY)
    with build_app(config, clock=clock, rng=random.Random(3)) as built:
        yield built


def long_lived(app: App) -> set[int]:
    """The ids of what outlives a visit: the services and their parts, config, clock, rng."""
    services = app.services
    parts = [getattr(services, f.name) for f in fields(services)]
    return {id(obj) for obj in (services, *parts, app.config, app.clock, app.rng, app)}


def reachable(root: object, stop: set[int]) -> Iterator[object]:
    seen: set[int] = set()
    stack = [root]
    while stack:
        obj = stack.pop()
        if id(obj) in seen or id(obj) in stop or isinstance(obj, CODE):
            continue
        seen.add(id(obj))
        yield obj
        if isinstance(obj, types.FunctionType):
            # A function's globals are its module: code, not the visit's data.
            stack.extend(cell.cell_contents for cell in obj.__closure__ or ())
            stack.extend(obj.__defaults__ or ())
            continue
        stack.extend(gc.get_referents(obj))


def personal_data(who: Persona) -> set[str]:
    cpr = who.cpr
    return {
        cpr,
        f"{cpr[:6]}-{cpr[6:]}",
        who.given_names,
        who.surname,
        f"{who.given_names} {who.surname}",
        str(who.entry["address"]),
        who.document.number,
        *who.mrz_lines(),
    }


def found_in_journey(session: JourneySession, app: App, who: Persona) -> set[str]:
    needles = personal_data(who)
    found = set()
    for obj in reachable(session, long_lived(app)):
        if isinstance(obj, (bytes, bytearray)):
            text = bytes(obj).decode("utf-8", "replace")
        elif isinstance(obj, (str, int)):
            text = str(obj)
        else:
            continue
        found |= {needle for needle in needles if needle in text}
    return found


def time_out(app: App, session: JourneySession) -> None:
    assert isinstance(app.clock, FixedClock)
    app.clock.advance(app.config.timeouts.inactivity_seconds)
    assert session.tick() is True
    assert session.state == "welcome"


def test_a_timed_out_question_round_leaves_no_personal_data(app: App) -> None:
    session = app.new_session()
    session.start()
    session.scan_document(RICH.mrz_lines(), RICH.document_cpr)
    session.confirm()
    session.choose("questions")  # questions built from the register: family, addresses
    session.answer(0)
    open_visit = found_in_journey(session, app, RICH)
    assert RICH.cpr in open_visit and RICH.surname in open_visit  # the walk finds them
    time_out(app, session)
    assert found_in_journey(session, app, RICH) == set()


def test_a_timed_out_witness_visit_leaves_no_data_of_citizen_or_witness(app: App) -> None:
    session = app.new_session()
    session.start()
    session.scan_document(NEWCOMER.mrz_lines(), NEWCOMER.document_cpr)
    session.scan_health_card(NEWCOMER.cpr)  # R1: the CPR number from the yellow card
    session.confirm()
    session.choose("witness")
    session.witness_scan(WITNESS.mrz_lines(), WITNESS.cpr)
    assert session.state == "witness_signing"
    assert WITNESS.surname in found_in_journey(session, app, WITNESS)
    time_out(app, session)
    assert found_in_journey(session, app, NEWCOMER) == set()
    assert found_in_journey(session, app, WITNESS) == set()
