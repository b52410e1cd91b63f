"""``kiosk authority init|serve|enrol|revoke|load-register|status``: the fleet's authority.

``serve`` runs the national authority service over PostgreSQL with mutual TLS; ``init``
creates or migrates its schema (and the fleet CA with ``--tls-dir``); ``enrol`` issues a kiosk
its certificate and ``revoke`` refuses it from then on; ``load-register`` loads register entries
(a list, or a scenario's ``register``; the built-in personas without a file), hashing NemID
secrets on the way in; ``status`` lists the kiosks, their last contact and the open work.
"""

from __future__ import annotations

import argparse
import logging
import os
from pathlib import Path

from app.authority import admin, fleet_ca

DATABASE_ENV = "KIOSK_AUTHORITY_DATABASE"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("authority", help="the fleet's national authority service")
    actions = parser.add_subparsers(dest="authority_action", required=True)
    init = actions.add_parser("init", help="create or migrate the authority database")
    _database(init)
    init.add_argument("--tls-dir", type=Path, help="also create the fleet CA here when absent")
    init.set_defaults(handler=run_init)
    serve = actions.add_parser("serve", help="run the authority service (mutual TLS)")
    _database(serve)
    serve.add_argument("--listen", default="127.0.0.1:8443", help="HOST:PORT (default %(default)s)")
    serve.add_argument("--tls-dir", type=Path, required=True, help="the fleet CA's folder")
    serve.set_defaults(handler=run_serve)
    enrol = actions.add_parser("enrol", help="issue a kiosk its client certificate")
    enrol.add_argument("kiosk_id", metavar="KIOSK_ID")
    enrol.add_argument("--tls-dir", type=Path, required=True, help="the fleet CA's folder")
    enrol.add_argument("--out", type=Path, required=True, help="where to write the kiosk's files")
    enrol.set_defaults(handler=run_enrol)
    revoke = actions.add_parser("revoke", help="refuse a kiosk's certificates from now on")
    revoke.add_argument("kiosk_id", metavar="KIOSK_ID")
    revoke.add_argument("--tls-dir", type=Path, required=True, help="the fleet CA's folder")
    revoke.set_defaults(handler=run_revoke)
    load = actions.add_parser("load-register", help="load register entries (JSON)")
    _database(load)
    load.add_argument(
        "file", nargs="?", type=Path, help="entries or a scenario (default: personas)"
    )
    load.set_defaults(handler=run_load)
    status = actions.add_parser("status", help="kiosks, their last contact, open work")
    _database(status)
    status.add_argument("--tls-dir", type=Path, help="the fleet CA's folder (enrolled kiosks)")
    status.set_defaults(handler=run_status)


def _database(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--database",
        default=os.environ.get(DATABASE_ENV, ""),
        help=f"PostgreSQL URL (default: ${DATABASE_ENV})",
    )
    parser.add_argument("--json", action="store_true", help="errors as JSON")


def _url(args: argparse.Namespace) -> str:
    from app.cli.main import UsageError

    if not args.database:
        raise UsageError(f"give --database URL (or set {DATABASE_ENV})")
    return str(args.database)


def run_init(args: argparse.Namespace) -> int:
    from app.cli.main import EXIT_OK, emit_json

    emit_json(admin.init(_url(args), args.tls_dir))
    return EXIT_OK


def run_serve(args: argparse.Namespace) -> int:
    from app.authority.server import parse_listen, serve
    from app.cli.main import EXIT_OK, kiosk_version

    # One JSON line per request (request id, path, status, ms) on stderr, for the journal.
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("kiosk.authority").setLevel(logging.INFO)
    serve(_url(args), args.tls_dir, parse_listen(args.listen), version=kiosk_version())
    return EXIT_OK


def run_enrol(args: argparse.Namespace) -> int:
    from app.cli.main import EXIT_OK, emit_json

    enrolment = fleet_ca.enrol(args.tls_dir, args.kiosk_id, args.out)
    emit_json(
        {
            "kiosk_id": enrolment.kiosk_id,
            "serial": str(enrolment.serial),
            "files": [
                str(args.out / name)
                for name in (fleet_ca.CA_CERT, fleet_ca.KIOSK_CERT, fleet_ca.KIOSK_KEY)
            ],
        }
    )
    return EXIT_OK


def run_revoke(args: argparse.Namespace) -> int:
    from app.cli.main import EXIT_OK, emit_json

    fleet_ca.revoke(args.tls_dir, args.kiosk_id)
    emit_json({"kiosk_id": args.kiosk_id, "revoked": True})
    return EXIT_OK


def run_load(args: argparse.Namespace) -> int:
    from app.cli.main import EXIT_OK, emit_json

    emit_json({"loaded": admin.load_register(_url(args), args.file)})
    return EXIT_OK


def run_status(args: argparse.Namespace) -> int:
    from app.cli.main import EXIT_OK, emit_json

    emit_json(admin.status(_url(args), args.tls_dir))
    return EXIT_OK
