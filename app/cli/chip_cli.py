"""``kiosk chip read --reader R (--mrz LINE... | --can NNNNNN)``: read a passport or ID-card chip
and check it; PACE when the chip offers it (with the MRZ or the card access number), else BAC.

Prints the chip's MRZ fields, the face image's size and format, the passive- and
active-authentication verdicts, and how many APDUs, bytes and milliseconds the read took (as
JSON with ``--json``); ``--save-photo FILE`` writes the face image. ``--reader`` is
``pcsc://<reader name>`` (or just the name), or ``sim://`` for an in-process emulated chip made
from the given MRZ and signed by a fresh test PKI. The CSCA trust store is ``--trust DIR``, else
``security.trust_store`` of the config. Exit 2 for a bad MRZ, trust folder or photo path; exit 1
when the chip or reader fails (access denied, bad MAC, card removed). The composition root
(:func:`app.devices.read_chip_document`) opens the reader.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.main import emit_json
from app.devices import PCSC_PREFIX, read_chip_document
from app.devices import SIMULATED as SIM_URL
from kiosk.clock import SystemClock
from kiosk.config import load_config
from kiosk.errors import BadInputError
from kiosk.i18n import gettext
from kiosk.identity.mrz import parse_mrz

CAN_DIGITS = 6


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("chip", help="read an eMRTD chip (passport, ID card)")
    actions = parser.add_subparsers(dest="action", required=True)
    read = actions.add_parser("read", help="BAC, data groups, passive and active authentication")
    read.add_argument("--reader", required=True, help="pcsc://<reader name>, a name, or sim://")
    key = read.add_mutually_exclusive_group(required=True)
    key.add_argument("--mrz", nargs="+", metavar="LINE", help="the printed MRZ")
    key.add_argument("--can", metavar="NNNNNN", help="the 6-digit card access number (PACE)")
    read.add_argument("--trust", type=Path, help="folder of CSCA certificates and master lists")
    read.add_argument("--json", action="store_true", help="JSON out (errors too)")
    read.add_argument("--save-photo", type=Path, metavar="FILE", help="write the face image")
    read.add_argument("--language", choices=("da", "en"), default="da")
    read.set_defaults(handler=run)


def _trust_folder(args: argparse.Namespace) -> Path | None:
    if args.trust is not None:
        return Path(args.trust)
    configured = load_config(Path(args.config) if args.config else None).security.trust_store
    return Path(configured) if configured else None


def _report(document: Any) -> dict[str, Any]:
    face = document.face
    return {
        "mrz": parse_mrz(list(document.mrz_lines)).to_json(),
        "dg1_lines": list(document.mrz_lines),
        "data_groups": list(document.com.data_groups),
        "photo": {
            "format": face.image_format if face else "",
            "bytes": len(face.image) if face else 0,
            "width": face.width if face else 0,
            "height": face.height if face else 0,
        },
        "access_control": document.access_control,
        "passive_authentication": document.passive_verdict,
        "passive_checks": dict(document.passive.checks) if document.passive else {},
        "active_authentication": document.active,
        "chip_authentication": document.chip_authentication,
        "apdu_count": document.stats.apdu_count,
        "bytes_sent": document.stats.bytes_sent,
        "bytes_received": document.stats.bytes_received,
        "extended_length": document.stats.extended_length,
        "length_fallbacks": document.stats.fallbacks,
        "elapsed_ms": round(document.stats.elapsed_ms, 1),
    }


def _print_text(report: dict[str, Any], language: str) -> None:
    mrz = report["mrz"]
    for field in ("document_number", "surname", "given_names", "nationality", "birth_date"):
        print(f"{gettext(language, 'chip.cli.field.' + field)}: {mrz[field]}")
    print(f"{gettext(language, 'chip.cli.field.expiry_date')}: {mrz['expiry_date']}")
    photo = report["photo"]
    print(gettext(language, "chip.cli.photo", size=photo["bytes"], format=photo["format"] or "-"))
    print(gettext(language, "chip.cli.passive", verdict=report["passive_authentication"]))
    print(gettext(language, "chip.cli.active", verdict=report["active_authentication"]))
    print(gettext(language, "chip.cli.chip_auth", verdict=report["chip_authentication"]))
    print(gettext(language, "chip.cli.access", protocol=report["access_control"].upper()))
    print(
        gettext(
            language,
            "chip.cli.stats",
            apdus=report["apdu_count"],
            bytes=report["bytes_received"],
            ms=report["elapsed_ms"],
        )
    )


def run(args: argparse.Namespace) -> int:
    lines = tuple(row for arg in args.mrz or () for row in arg.split())
    can = args.can or ""
    if args.can is not None:
        if len(can) != CAN_DIGITS or not can.isascii() or not can.isdigit():
            raise BadInputError(gettext(args.language, "chip.cli.bad_can"))
    else:
        parse_mrz(list(lines))  # a bad MRZ is bad input before any device is touched
    if args.reader != SIM_URL and "://" in args.reader and not args.reader.startswith(PCSC_PREFIX):
        raise BadInputError(f"--reader {args.reader!r}: use pcsc://<reader name> or sim://")
    trust = None if args.reader == SIM_URL else _trust_folder(args)
    document = read_chip_document(args.reader, lines, trust, SystemClock(), can=can)
    report = _report(document)
    if args.save_photo is not None:
        if document.face is None:
            raise BadInputError(gettext(args.language, "chip.cli.no_photo"))
        try:
            args.save_photo.write_bytes(document.face.image)
        except OSError as exc:
            raise BadInputError(f"cannot write {args.save_photo}: {exc.strerror}") from exc
        report["photo"]["saved_to"] = str(args.save_photo)
    if args.json:
        emit_json(report)
    else:
        _print_text(report, args.language)
    return 0
