"""``kiosk trust import FILE`` and ``kiosk trust list``: the CSCA trust store of passive
authentication, in the folder ``security.trust_store`` of the config names.

``import`` takes an ICAO/BSI master list (its signature checked), a CSCA or link certificate, or a
CRL (PEM or DER) and says what it added; ``list`` shows each CSCA, link certificate and CRL with
its country, subject, validity and key (``--json`` for one JSON array). Exit 2 with a clear
message for a file that is none of these, does not verify, or chains to no trusted CSCA.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import Any

from app.cli.main import emit_json
from app.trust import import_file, list_store, trust_folder
from kiosk.config import load_config
from kiosk.i18n import gettext


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("trust", help="the CSCA trust store (master lists, CRLs)")
    actions = parser.add_subparsers(dest="action", required=True)
    importing = actions.add_parser("import", help="add a master list, CSCA certificate or CRL")
    importing.add_argument("file", type=Path, help="master list (.ml), certificate or CRL")
    listing = actions.add_parser("list", help="show the trust store")
    for sub in (importing, listing):
        sub.add_argument("--json", action="store_true", help="JSON out (errors too)")
        sub.add_argument("--language", choices=("da", "en"), default="da")
    importing.set_defaults(handler=run_import)
    listing.set_defaults(handler=run_list)


def _folder(args: argparse.Namespace) -> Path:
    config = load_config(Path(args.config) if args.config else None)
    return trust_folder(config, args.language)


def run_import(args: argparse.Namespace) -> int:
    folder = _folder(args)
    result = import_file(args.file, folder, args.language)
    if args.json:
        emit_json({**dataclasses.asdict(result), "trust_store": str(folder)})
        return 0
    kind = gettext(args.language, f"trust.cli.kind.{result.kind}")
    print(
        gettext(
            args.language,
            "trust.cli.imported",
            kind=kind,
            added=len(result.added),
            present=result.already_present,
            folder=folder,
        )
    )
    return 0


def run_list(args: argparse.Namespace) -> int:
    entries = list_store(_folder(args))
    if args.json:
        emit_json([dataclasses.asdict(entry) for entry in entries])
        return 0
    if not entries:
        print(gettext(args.language, "trust.cli.empty"))
    for entry in entries:
        print(
            f"{entry.kind:5} {entry.country:3} {entry.valid_until:10} {entry.key:40} "
            f"{entry.subject}"
        )
    return 0
