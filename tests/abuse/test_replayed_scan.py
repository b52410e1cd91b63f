"""Abuse: a document scan replayed at a second kiosk while the first visit is open (R1).

Decision: one open visit per citizen across every kiosk on the database. The second kiosk
refuses the visit with reason ``visit_already_open`` (rule R1) while the first is open; once
the first visit ends (finish, cancel, inactivity or the kiosk stopping) the citizen may start
again anywhere, and a claim left by a kiosk that died expires after ``OPEN_VISIT_MAX_SECONDS``.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from app.bootstrap import App, build_app
from drivers.sim.printer.paper_printer import PaperlessPrinter
from kiosk.clock import FixedClock
from kiosk.i18n import gettext
from kiosk.journey.session import VISIT_ALREADY_OPEN
from kiosk.ports import Devices
from kiosk.storage.sqlite.open_visits import OPEN_VISIT_MAX_SECONDS
from tests.abuse.kiosk_processes import KAREN, TODAY, run_kiosk, write_scenario
from tests.conftest import ROOT
from tests.integration.issuance_stack import config_in

PROCESS_TIMEOUT_SECONDS = 60
HOLDER_KIOSK = "kiosk-holding-the-visit"


def _kiosk(folder: Path, clock: FixedClock, kiosk_id: str = "kiosk-1") -> App:
    """One kiosk on the shared store; each has its own id (one process per id and store)."""
    config = config_in(folder).replace(kiosk_id=kiosk_id)
    return build_app(config, clock=clock, devices=Devices(printer=PaperlessPrinter()))


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock.on(date.fromisoformat(TODAY))


@pytest.fixture
def two_kiosks(tmp_path: Path, clock: FixedClock) -> Iterator[tuple[App, App]]:
    first = _kiosk(tmp_path, clock, "hall-1")
    second = _kiosk(tmp_path, clock, "hall-2")
    yield first, second
    second.close()
    first.close()


def test_r1_a_second_kiosk_refuses_the_citizen_while_the_first_visit_is_open(
    two_kiosks: tuple[App, App],
) -> None:
    first, second = (app.new_session() for app in two_kiosks)
    first.start()
    first.scan_document(KAREN["mrz"], KAREN["cpr"])
    first.confirm()
    second.start()
    second.scan_document(KAREN["mrz"], KAREN["cpr"])
    assert second.state == "refused"
    assert second.view.refusal is not None
    assert (second.view.refusal.reason, second.view.refusal.rule) == (VISIT_ALREADY_OPEN, "R1")
    assert first.state == "choosing"  # the first visit goes on untouched


@pytest.mark.parametrize("ending", ["cancel", "finish", "timeout", "close"])
def test_r1_the_citizen_may_start_again_once_the_first_visit_ends(
    two_kiosks: tuple[App, App], clock: FixedClock, ending: str
) -> None:
    app = two_kiosks[0]
    first, second = app.new_session(), two_kiosks[1].new_session()
    first.start()
    first.scan_document(KAREN["mrz"], KAREN["cpr"])
    if ending == "finish":
        first.confirm()
        first.choose("exemption")
        first.request_exemption("disability")
        first.finish()
    elif ending == "timeout":
        clock.advance(app.config.timeouts.inactivity_seconds)
        assert first.tick()
    else:
        getattr(first, ending)()
    second.start()
    second.scan_document(KAREN["mrz"], KAREN["cpr"])
    assert second.state == "confirming"


def test_r1_the_same_kiosk_may_scan_the_citizen_again_within_its_visit(
    two_kiosks: tuple[App, App],
) -> None:
    session = two_kiosks[0].new_session()
    session.start()
    session.scan_document(KAREN["mrz"], KAREN["cpr"])
    session.confirm()
    session.cancel()
    session.start()
    session.scan_document(KAREN["mrz"], KAREN["cpr"])
    assert session.state == "confirming"


def test_r1_a_claim_left_by_a_dead_kiosk_expires(
    two_kiosks: tuple[App, App], clock: FixedClock
) -> None:
    abandoned = two_kiosks[0].new_session()
    abandoned.start()
    abandoned.scan_document(KAREN["mrz"], KAREN["cpr"])  # then the kiosk dies: no cancel
    later = two_kiosks[1].new_session()
    later.start()
    later.scan_document(KAREN["mrz"], KAREN["cpr"])
    assert later.state == "refused"
    later.finish()
    clock.advance(OPEN_VISIT_MAX_SECONDS + 1)
    later.start()
    later.scan_document(KAREN["mrz"], KAREN["cpr"])
    assert later.state == "confirming"


def test_r1_the_refusal_has_a_message_in_both_languages() -> None:
    danish = gettext("da", f"reason.{VISIT_ALREADY_OPEN}")
    english = gettext("en", f"reason.{VISIT_ALREADY_OPEN}")
    assert danish != f"reason.{VISIT_ALREADY_OPEN}" and english != danish


def _holder(folder: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.abuse.visit_holder", str(folder), HOLDER_KIOSK],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_r1_replayed_scan_across_kiosk_processes(
    tmp_path: Path, kiosk_command: list[str], subprocess_env: dict[str, str]
) -> None:
    holder = _holder(tmp_path, subprocess_env)
    try:
        assert holder.stdout is not None and holder.stdin is not None
        assert json.loads(holder.stdout.readline()) == {"state": "choosing"}
        replay = write_scenario(tmp_path, "replay", [{"scan": KAREN}, {"choose": "post"}])
        database = tmp_path / "kiosk.sqlite"
        refused = run_kiosk(kiosk_command, replay, database, subprocess_env)
        assert refused[-1] == {
            "outcome": "refused",
            "rule": "R1",
            "reason": VISIT_ALREADY_OPEN,
            "handed_out": [],
            "posted": [],
        }
        assert not any(line.get("state") == "ordered" for line in refused)

        holder.stdin.write("cancel\n")
        holder.stdin.flush()
        assert json.loads(holder.stdout.readline()) == {"state": "welcome"}
        assert holder.wait(timeout=PROCESS_TIMEOUT_SECONDS) == 0
        again = run_kiosk(kiosk_command, replay, database, subprocess_env)
        assert again[-1]["outcome"] == "ordered_by_post"
    finally:
        if holder.poll() is None:
            holder.send_signal(signal.SIGKILL)
            holder.wait()


def test_r1_the_rule_can_be_switched_off_for_a_municipality(
    tmp_path: Path, clock: FixedClock
) -> None:
    config = config_in(tmp_path).replace(rules={"one_visit_per_citizen": False})
    with (
        build_app(config, clock=clock, devices=Devices(printer=PaperlessPrinter())) as first_app,
        build_app(config, clock=clock, devices=Devices(printer=PaperlessPrinter())) as second_app,
    ):
        first, second = first_app.new_session(), second_app.new_session()
        for session in (first, second):
            session.start()
            session.scan_document(KAREN["mrz"], KAREN["cpr"])
        assert (first.state, second.state) == ("confirming", "confirming")


def test_r1_a_kiosk_killed_mid_visit_releases_the_citizen_when_it_starts_again(
    tmp_path: Path, clock: FixedClock, subprocess_env: dict[str, str]
) -> None:
    holder = _holder(tmp_path, subprocess_env)
    assert holder.stdout is not None
    assert json.loads(holder.stdout.readline()) == {"state": "choosing"}
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=PROCESS_TIMEOUT_SECONDS)
    elsewhere = _kiosk(tmp_path, clock)
    try:
        blocked = elsewhere.new_session()
        blocked.start()
        blocked.scan_document(KAREN["mrz"], KAREN["cpr"])
        assert blocked.state == "refused"  # the dead kiosk's claim holds until it restarts
        restarted = build_app(
            config_in(tmp_path).replace(kiosk_id=HOLDER_KIOSK),
            clock=clock,
            devices=Devices(printer=PaperlessPrinter()),
        )
        restarted.close()
        blocked.finish()
        blocked.start()
        blocked.scan_document(KAREN["mrz"], KAREN["cpr"])
        assert blocked.state == "confirming"
    finally:
        elsewhere.close()
