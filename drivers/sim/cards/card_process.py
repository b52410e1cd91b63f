"""An emulated smart card in a vpcd slot of the shared pcscd, run as a process for ``kiosk sim``.

``python -m drivers.sim.cards.card_process --card test|staff|epassport --slot N --ready-file F
--control
S`` makes sure pcscd runs, claims the vpcd slot (the fcntl lock other users respect), writes a staff
card's CA to ``--ca-file`` (for ``security.staff_card_ca``), inserts the card, waits until pcscd
sees it, writes ``{"url": "pcsc://<reader>", ...}`` to the ready file, and then takes commands on
the unix control socket: ``insert``, ``remove``, ``status`` and, for the ePassport, ``persona`` (lay
another persona's passport on the reader). ``--chip-kind`` lays the specimen's chip of a
generation from :data:`~drivers.sim.cards.epassport_chips.CHIP_KINDS` (PACE-only, with chip
authentication, refusing extended length...), ``--pki-kind`` chooses the test PKI's keys, and
``--trust-dir`` receives the CSCA (PEM) and a test master list signed under it. On SIGTERM it
pulls the card, waits until pcscd sees the slot empty, and frees the slot. Card kinds are built by
:data:`CARD_KINDS`; a kind whose emulator is not in the tree fails with a clear message instead of
a traceback.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drivers.sim.cards.virtual_card import VirtualCard
from drivers.sim.control_channel import ControlServer, JsonObject
from kiosk.errors import KioskError

if TYPE_CHECKING:
    from drivers.sim.cards.staff_pki import StaffCardPki


def _test_card(_: argparse.Namespace) -> VirtualCard:
    from drivers.sim.cards.test_card import TestCard

    return TestCard()


def _staff_card(args: argparse.Namespace) -> VirtualCard:
    from drivers.sim.cards.staff_card import demo_staff_card

    return demo_staff_card(_staff_pki(args))


def _technician_card(args: argparse.Namespace) -> VirtualCard:
    from drivers.sim.cards.staff_card import demo_technician_card

    return demo_technician_card(_staff_pki(args))


def _staff_pki(args: argparse.Namespace) -> StaffCardPki:
    """The staff-card PKI the card is issued under; its CA goes to ``--ca-file`` when given, so
    the kiosk trusts exactly the CA that signed the emulated card's certificate."""
    from drivers.sim.cards.staff_pki import StaffCardPki

    pki = StaffCardPki()
    if args.ca_file:
        args.ca_file.parent.mkdir(parents=True, exist_ok=True)
        args.ca_file.write_bytes(pki.ca_pem())
    return pki


def _epassport(args: argparse.Namespace) -> VirtualCard:
    from drivers.emrtd.pki import make_test_pki, sign_master_list
    from drivers.sim.cards.epassport_chips import (
        SPECIMEN_MRZ,
        kind_card,
        make_chip,
        persona_chip,
    )

    pki = make_test_pki(datetime.now(UTC), kind=args.pki_kind)
    if args.trust_dir:
        from cryptography.hazmat.primitives.serialization import Encoding

        args.trust_dir.mkdir(parents=True, exist_ok=True)
        pem = pki.csca_certificate.public_bytes(Encoding.PEM)
        (args.trust_dir / "sim-csca.pem").write_bytes(pem)
        master_list = sign_master_list(pki, [pki.csca_certificate])
        (args.trust_dir / "sim-master-list.ml").write_bytes(master_list)
    if args.chip_kind:
        card = kind_card(args.chip_kind, SPECIMEN_MRZ, pki)
    else:
        chip = persona_chip(args.persona, pki) if args.persona else make_chip(SPECIMEN_MRZ, pki)
        card = chip.card()
    card.sim_pki = pki  # type: ignore[attr-defined]  # kept for the `persona` command
    return card


CARD_KINDS: dict[str, Callable[[argparse.Namespace], VirtualCard]] = {
    "test": _test_card,
    "staff": _staff_card,
    "technician": _technician_card,
    "epassport": _epassport,
}


class CardControl:
    """The control-channel commands of one inserted card."""

    def __init__(self, inserted: Any, kind: str) -> None:
        self.inserted = inserted
        self.kind = kind

    def handle(self, request: JsonObject) -> JsonObject:
        command = request.get("command")
        try:
            if command == "insert":
                self.inserted.insert()
            elif command == "remove":
                self.inserted.remove()
            elif command == "persona" and self.kind == "epassport":
                self._lay_persona(str(request.get("persona", "")))
            elif command != "status":
                return {"ok": False, "error": f"unknown command {command!r}"}
        except KioskError as exc:
            return {"ok": False, "error": str(exc)}
        return {
            "ok": True,
            "card": self.kind,
            "url": self.inserted.url,
            "inserted": self.inserted.runner.inserted,
        }

    def _lay_persona(self, persona_id: str) -> None:
        from drivers.emrtd.bac import mrz_information_from_lines
        from drivers.sim.cards.epassport_chips import persona_chip

        card = self.inserted.card
        chip = persona_chip(persona_id, card.sim_pki)
        card.swap(chip.image, mrz_information_from_lines(chip.mrz_lines))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="an emulated card in a vpcd slot of pcscd")
    parser.add_argument("--card", choices=sorted(CARD_KINDS), required=True)
    parser.add_argument("--slot", type=int, default=None, help="preferred vpcd slot index")
    parser.add_argument("--ready-file", type=Path, required=True)
    parser.add_argument("--control", type=Path, required=True, help="unix control socket path")
    parser.add_argument("--persona", default="", help="ePassport: the persona's passport")
    parser.add_argument(
        "--trust-dir", type=Path, help="ePassport: write the test CSCA and a master list here"
    )
    parser.add_argument(
        "--chip-kind", default="", help="ePassport: the specimen's chip of this kind (pace-ca...)"
    )
    parser.add_argument(
        "--pki-kind",
        default="ec",
        choices=("ec", "ec-explicit", "rsa-pss"),
        help="ePassport: CSCA and signer keys (ec-explicit: brainpool, explicit parameters)",
    )
    parser.add_argument("--ca-file", type=Path, help="staff cards: write the staff CA (PEM) here")
    parser.add_argument("--pcscd-log", type=Path, default=None)
    args = parser.parse_args(argv)
    from drivers.sim.cards.card_slot import DEFAULT_PCSCD_LOG, emulated_card

    try:
        card = CARD_KINDS[args.card](args)
    except (ModuleNotFoundError, KioskError) as exc:
        print(f"card_process: cannot build the {args.card} card: {exc}", file=sys.stderr)
        return 1
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    try:
        with emulated_card(card, args.slot, pcscd_log=args.pcscd_log or DEFAULT_PCSCD_LOG) as held:
            control = CardControl(held, args.card)
            with ControlServer(args.control, control.handle):
                ready = {"url": held.url, "reader": held.reader_name, "card": args.card}
                args.ready_file.write_text(json.dumps(ready) + "\n", encoding="utf-8")
                stopping.wait()
    except KioskError as exc:
        print(f"card_process: {exc.code}: {exc}", file=sys.stderr)
        return 1
    finally:
        args.ready_file.unlink(missing_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
