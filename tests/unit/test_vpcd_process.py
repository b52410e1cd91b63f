"""The stdin control lines of ``python -m drivers.sim.cards.vpcd``, on a runner not started."""

from __future__ import annotations

import io

from drivers.sim.cards.test_card import TestCard
from drivers.sim.cards.vpcd import apply_command, serve_commands
from drivers.sim.cards.vpcd_runner import Fault, VpcdCardRunner


def _runner() -> VpcdCardRunner:
    return VpcdCardRunner(TestCard(), port=1)  # never started: no socket is opened


def test_insert_and_remove_toggle_the_card() -> None:
    runner = _runner()
    assert apply_command(runner, "insert") == "ok insert"
    assert runner.inserted
    assert apply_command(runner, "remove") == "ok remove"
    assert not runner.inserted


def test_fault_lines_arm_the_fault_with_a_count() -> None:
    runner = _runner()
    assert apply_command(runner, "pull 3") == "ok pull"
    assert (runner._fault.fault, runner._fault.after_apdus) == (Fault.PULL, 3)
    apply_command(runner, "clear")
    assert runner._fault.fault is Fault.NONE


def test_bad_lines_get_an_error_reply_and_change_nothing() -> None:
    runner = _runner()
    assert apply_command(runner, "pull many").startswith("error: pull takes a whole number")
    assert apply_command(runner, "explode").startswith("error: unknown command 'explode'")
    assert runner._fault.fault is Fault.NONE
    assert apply_command(runner, "   ") == ""


def test_serve_stops_at_quit() -> None:
    out = io.StringIO()
    serve_commands(_runner(), ["insert\n", "quit\n", "remove\n"], out)
    assert out.getvalue() == "ok insert\n"
