"""``kiosk keys init`` and ``kiosk keys rotate``: the authority's key file.

``init`` creates the key file once (0600, its folder 0700) and refuses to replace one; a
production kiosk does not start without it. ``rotate`` adds a new key version that new holdings
are hashed under; the old versions stay in the file and still verify what they hashed. Keep a
backup of the key file apart from the database backups: without it no password or code verifies.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.main import EXIT_OK, emit_json
from kiosk.config import load_config
from kiosk.storage.authority_keys import AuthorityKeys, load_authority_keys, write_authority_keys
from kiosk.storage.key_files import authority_key_path, password_kdf
from kiosk.storage.stores import kiosk_database_path


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("keys", help="create or rotate the authority's key file")
    actions = parser.add_subparsers(dest="keys_action", required=True)
    for name, help_text in (
        ("init", "create the key file (once; an existing one is never replaced)"),
        ("rotate", "add a new key version for new holdings; old ones still verify"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("--json", action="store_true", help="the result as JSON")
        action.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    config = load_config(Path(args.config) if args.config else None)
    path = authority_key_path(config, kiosk_database_path(config))
    if args.keys_action == "init":
        keys = AuthorityKeys.generate(password_kdf(config))
        write_authority_keys(path, keys, replace=False)
    else:
        keys = load_authority_keys(path, password_kdf(config)).rotated()
        write_authority_keys(path, keys, replace=True)
    if args.json:
        emit_json({"action": args.keys_action, "key_file": str(path), "current": keys.current})
    else:
        print(f"kiosk keys {args.keys_action}: {path} holds key version {keys.current} (current)")
    return EXIT_OK
