"""``kiosk audit verify`` and ``kiosk audit export``: the audit log's hash chain, for staff.

``verify`` exits 0 when the chain is intact and 2 when it is not, naming the first bad entry
and whether it was edited, deleted, inserted or reordered (one line, or JSON with ``--json``).
``export`` writes every entry as JSON lines. Both open the kiosk database read-only in effect:
they never create or migrate it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.main import EXIT_BAD_INPUT, EXIT_OK, emit_json
from kiosk.clock import SystemClock
from kiosk.config import load_config
from kiosk.errors import BadInputError
from kiosk.storage.audit_signing import AUDIT_KEY_FILE_NAME, AuditVerifier, load_or_create_signer
from kiosk.storage.sqlite.audit_log import SqliteAuditLog
from kiosk.storage.sqlite.database import Database
from kiosk.storage.stores import kiosk_database_path


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("audit", help="check or export the audit log")
    actions = parser.add_subparsers(dest="audit_action", required=True)
    verify = actions.add_parser("verify", help="check the audit log's hash chain")
    verify.add_argument("--db", help="the kiosk database (default: from the config)")
    verify.add_argument("--json", action="store_true", help="the report as JSON")
    verify.add_argument(
        "--public-key",
        help="the kiosk's Ed25519 public key (64 hex digits; default: from its audit.key)",
    )
    verify.set_defaults(handler=run_verify)
    export = actions.add_parser("export", help="write the audit log as JSON lines")
    export.add_argument("--db", help="the kiosk database (default: from the config)")
    export.add_argument("--out", required=True, help="the file to write")
    export.add_argument("--json", action="store_true", help="errors as JSON")
    export.set_defaults(handler=run_export)


def _open(args: argparse.Namespace) -> Database:
    config = load_config(Path(args.config) if args.config else None)
    path = Path(args.db) if args.db else kiosk_database_path(config)
    return Database.open(path, "kiosk", migrate=False)


def _verifier(args: argparse.Namespace, database: Path) -> AuditVerifier | None:
    """The public key to check signatures with: given, or the kiosk's key file beside the
    database (never the copy the database itself records). None: no key to check with."""
    if args.public_key:
        try:
            return AuditVerifier.from_raw(bytes.fromhex(args.public_key))
        except ValueError as exc:
            raise BadInputError("--public-key must be 64 hex digits (Ed25519)") from exc
    key_file = database.with_name(AUDIT_KEY_FILE_NAME)
    if not key_file.exists():
        return None
    return load_or_create_signer(key_file, create=False).verifier


def run_verify(args: argparse.Namespace) -> int:
    config = load_config(Path(args.config) if args.config else None)
    with _open(args) as db:
        verifier = _verifier(args, db.path)
        report = SqliteAuditLog(db, SystemClock(), config.kiosk_id, verifier=verifier).verify()
    if args.json:
        emit_json(
            {
                "database": str(db.path),
                "signatures_checked": verifier is not None,
                **report.to_json(),
            }
        )
    elif report.problem:
        problem = report.problem
        print(
            f"kiosk: audit_chain_broken: entry {problem.seq} {problem.kind}: {problem.detail}",
            file=sys.stderr,
        )
    else:
        signed = "signatures checked" if verifier else "chain only: no audit.key or --public-key"
        print(f"{db.path}: audit log intact, {report.entries} entries ({signed})")
    return EXIT_OK if report.intact else EXIT_BAD_INPUT


def run_export(args: argparse.Namespace) -> int:
    config = load_config(Path(args.config) if args.config else None)
    with _open(args) as db:
        count = SqliteAuditLog(db, SystemClock(), config.kiosk_id).export(Path(args.out))
    emit_json({"database": str(db.path), "out": args.out, "entries": count})
    return EXIT_OK
