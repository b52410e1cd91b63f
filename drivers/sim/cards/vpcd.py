"""``python -m drivers.sim.cards.vpcd --card staff --port 35963``: one emulated card as a process.

The bare runner for a technician or the demo: it starts pcscd when it can, claims the vpcd
slot of ``--port`` (the same fcntl lock the tests use), inserts the card and then reads
commands from stdin, one a line: ``insert``, ``remove``, ``pull [N]`` (pull the card instead
of answering the APDU after N more), ``nonsense [N]``, ``clear`` and ``quit``. Card kinds are
those of :data:`drivers.sim.cards.card_process.CARD_KINDS` (``kiosk sim`` runs cards through that
module, with a control socket, instead).
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Iterable
from typing import TextIO

from drivers.sim.cards.card_process import CARD_KINDS
from drivers.sim.cards.card_slot import DEFAULT_PCSCD_LOG
from drivers.sim.cards.pcscd import claim_slot, ensure_pcscd, vpcd_slots
from drivers.sim.cards.vpcd_runner import VPCD_HOST, VPCD_PORT_SLOT0, Fault, VpcdCardRunner
from kiosk.errors import DeviceError

FAULT_COMMANDS = {"pull": Fault.PULL, "nonsense": Fault.NONSENSE, "clear": Fault.NONE}


def apply_command(runner: VpcdCardRunner, line: str) -> str:
    """Carry out one control line; returns the reply to print. ``quit`` returns "quit"."""
    words = line.split()
    if not words:
        return ""
    verb, args = words[0].lower(), words[1:]
    if verb == "insert":
        runner.insert()
    elif verb == "remove":
        runner.remove()
    elif verb in FAULT_COMMANDS:
        after = args[0] if args else "0"
        if not after.isdigit():
            return f"error: {verb} takes a whole number of APDUs, not {after!r}"
        runner.arm_fault(FAULT_COMMANDS[verb], int(after))
    elif verb == "quit":
        return "quit"
    else:
        return f"error: unknown command {verb!r} (insert, remove, pull, nonsense, clear, quit)"
    return f"ok {verb}"


def serve_commands(runner: VpcdCardRunner, lines: Iterable[str], out: TextIO) -> None:
    for line in lines:
        reply = apply_command(runner, line)
        if reply == "quit":
            return
        if reply:
            print(reply, file=out, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m drivers.sim.cards.vpcd")
    parser.add_argument("--card", choices=sorted(CARD_KINDS), required=True)
    parser.add_argument("--port", type=int, default=VPCD_PORT_SLOT0)
    parser.add_argument("--removed", action="store_true", help="start with the card out")
    parser.add_argument("--wait", type=float, default=10.0, help="seconds to wait for the slot")
    args = parser.parse_args(argv)
    slots = [slot for slot in vpcd_slots() if slot.port == args.port]
    if not slots:
        print(f"vpcd: no vpcd slot listens on port {args.port}", file=sys.stderr)
        return 2
    try:
        ensure_pcscd(DEFAULT_PCSCD_LOG)
    except DeviceError as exc:
        print(f"vpcd: {exc.detail}; the card waits for pcscd", file=sys.stderr)
    card = CARD_KINDS[args.card](argparse.Namespace(persona="", trust_dir=None))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        with claim_slot(slots, timeout=args.wait) as slot:
            runner = VpcdCardRunner(card, slot.port, VPCD_HOST)
            runner.start(inserted=not args.removed)
            print(f"vpcd: {args.card} card in {slot.reader_name} (port {slot.port})", flush=True)
            try:
                serve_commands(runner, sys.stdin, sys.stdout)
            finally:
                runner.stop()
    except DeviceError as exc:
        print(f"vpcd: {exc.detail}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
