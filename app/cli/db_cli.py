"""``kiosk db backup|restore|info``: online backups of the kiosk's databases.

``backup`` copies the kiosk database and the register beside it (or the one ``--db`` names)
into the backups folder while kiosks keep running, and prunes old scheduled backups
(``--keep``). ``restore`` checks that the backup is an intact database of the right kind and of
a schema this kiosk knows, keeps a copy of the database it replaces, then copies the backup into
place. Stop the kiosk service first: a running kiosk would carry on from the restored state
without being told. ``info`` names a database file's kind and schema version.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.main import EXIT_OK, emit_json
from kiosk.config import KioskConfig, load_config
from kiosk.errors import StorageError
from kiosk.storage.audit_signing import AUDIT_KEY_FILE_NAME
from kiosk.storage.sqlite.backup import (
    DEFAULT_KEEP,
    backup_database,
    inspect_database,
    prune_backups,
    restore_database,
)
from kiosk.storage.sqlite.migrations import MIGRATIONS_BY_KIND
from kiosk.storage.stores import (
    BACKUPS_DIR_NAME,
    backup_audit_problem,
    backups_dir,
    kiosk_database_path,
    register_database_path,
)


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("db", help="back up or restore the databases")
    actions = parser.add_subparsers(dest="db_action", required=True)
    backup = actions.add_parser("backup", help="online backup of the databases")
    backup.add_argument("--db", help="one database to back up (default: kiosk and register)")
    backup.add_argument("--out", help="the folder for the backups (default: from the config)")
    backup.add_argument(
        "--keep",
        type=int,
        default=DEFAULT_KEEP,
        help=f"keep the N newest scheduled backups of each database (default {DEFAULT_KEEP}; "
        "0 keeps all)",
    )
    backup.add_argument("--json", action="store_true", help="errors as JSON")
    backup.set_defaults(handler=run_backup)
    restore = actions.add_parser("restore", help="put a backup back in place")
    restore.add_argument("backup", metavar="BACKUP", help="a file made by 'kiosk db backup'")
    restore.add_argument("--db", help="the database to replace (default: by the backup's kind)")
    restore.add_argument("--json", action="store_true", help="errors as JSON")
    restore.set_defaults(handler=run_restore)
    info = actions.add_parser("info", help="kind and schema version of a database file")
    info.add_argument("--db", help="the database (default: the kiosk database of the config)")
    info.add_argument("--json", action="store_true", help="errors as JSON")
    info.set_defaults(handler=run_info)


def run_backup(args: argparse.Namespace) -> int:
    config = load_config(Path(args.config) if args.config else None)
    if args.db:
        sources = [Path(args.db)]
        out = Path(args.out) if args.out else _backups_beside(config, sources[0])
    else:
        out = Path(args.out) if args.out else backups_dir(config)
        kiosk_db = kiosk_database_path(config)
        if not kiosk_db.is_file():
            raise StorageError(f"no kiosk database at {kiosk_db}")
        register_db = register_database_path(config)
        sources = [kiosk_db] + ([register_db] if register_db.is_file() else [])
    made = [str(backup_database(source, out)) for source in sources]
    pruned = [str(p) for source in sources for p in prune_backups(out, source.stem, args.keep)]
    emit_json({"backups": made, "pruned": pruned})
    return EXIT_OK


def run_restore(args: argparse.Namespace) -> int:
    config = load_config(Path(args.config) if args.config else None)
    info = inspect_database(Path(args.backup))
    if args.db:
        target = Path(args.db)
    elif info.kind == "register":
        target = register_database_path(config)
    else:
        target = kiosk_database_path(config)
    if info.kind == "kiosk":
        problem = backup_audit_problem(info.path, target.with_name(AUDIT_KEY_FILE_NAME))
        if problem:
            raise StorageError(f"{info.path} does not verify, not restored: {problem}")
    kept = restore_database(info.path, target, keep_dir=_backups_beside(config, target))
    emit_json(
        {
            "restored": str(target),
            "from": str(info.path),
            "kind": info.kind,
            "schema_version": info.schema_version,
            "previous_kept_as": str(kept) if kept else None,
        }
    )
    return EXIT_OK


def run_info(args: argparse.Namespace) -> int:
    config = load_config(Path(args.config) if args.config else None)
    info = inspect_database(Path(args.db) if args.db else kiosk_database_path(config))
    latest = len(MIGRATIONS_BY_KIND[info.kind])
    emit_json(
        {
            "database": str(info.path),
            "kind": info.kind,
            "schema_version": info.schema_version,
            "latest_version": latest,
            "up_to_date": info.schema_version == latest,
        }
    )
    return EXIT_OK


def _backups_beside(config: KioskConfig, database: Path) -> Path:
    """The configured backups folder, else ``backups/`` beside ``database``."""
    if config.storage.backups:
        return Path(config.storage.backups)
    return database.parent / BACKUPS_DIR_NAME
