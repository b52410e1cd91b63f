"""``kiosk document read IMAGE``: read a Danish driving licence, a yellow health card or an MRZ
document from a photo of it, as the document camera does, and print its fields.

Prints ``type`` (dk_driving_licence, dk_health_card, mrz_document), the names, ``birth_date``,
``cpr`` (10 digits), ``expiry_date`` (ISO, as ``kiosk mrz``) and ``confidence`` per field (0..1);
one JSON object with ``--json``. Exit 2 with a message in ``--language`` when the file is no
image, shows no card, or the card's CPR number cannot be read.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from app.cli.main import emit_json
from app.devices import read_card_photo_file
from kiosk.clock import SystemClock
from kiosk.errors import BadInputError
from kiosk.i18n import gettext
from kiosk.identity.card_text import CardUnreadable

PRINTED_FIELDS = ("type", "surname", "given_names", "birth_date", "cpr", "expiry_date")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("document", help="read a licence or health card from a photo")
    actions = parser.add_subparsers(dest="action", required=True)
    read = actions.add_parser("read", help="find, straighten and OCR the card in IMAGE")
    read.add_argument("image", type=Path, metavar="IMAGE", help="a JPEG or PNG photo of the card")
    read.add_argument("--today", type=date.fromisoformat, help="date for the CPR century")
    read.add_argument("--json", action="store_true", help="JSON out (errors too)")
    read.add_argument("--language", choices=("da", "en"), default="da")
    read.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    today = args.today or SystemClock().today()
    try:
        document = read_card_photo_file(args.image, today=today)
    except (CardUnreadable, BadInputError) as exc:
        message = gettext(args.language, f"document.cli.{exc.code}", path=str(args.image))
        raise BadInputError(message, code=exc.code) from exc
    report = document.to_json()
    if args.json:
        emit_json(report)
        return 0
    for name in PRINTED_FIELDS:
        value = report[name] if report[name] is not None else "-"
        sure = report["confidence"].get(name)  # type: ignore[union-attr]
        suffix = f"  ({sure:.2f})" if sure is not None else ""
        print(f"{gettext(args.language, 'document.cli.field.' + name)}: {value}{suffix}")
    return 0
