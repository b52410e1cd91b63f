"""The ``kiosk`` console script: one sub-command module per command, registered below.

Every command exits 0 on success and 2 on bad input with one line on stderr (or a JSON error on
stdout with ``--json``); a traceback means a bug, never bad input.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version

from kiosk.errors import DeviceError, KioskError

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
DISTRIBUTION = "nemid-kiosk"

# Sub-command modules under app/cli/; each has register(subparsers) setting ``handler``.
COMMAND_MODULES: tuple[str, ...] = (
    "mrz_cli",
    "document_cli",
    "face_cli",
    "cpr_cli",
    "journey_cli",
    "audit_cli",
    "db_cli",
    "config_cli",
    "keys_cli",
    "sim_cli",
    "diag_cli",
    "print_cli",
    "chip_cli",
    "trust_cli",
    "run_cli",
    "authority_cli",
)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of exiting, so errors keep the one-line contract."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(message)


class UsageError(KioskError):
    code = "usage"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="kiosk", description="NemID self-service kiosk")
    parser.add_argument("--config", help="kiosk.toml to use (default: built-in defaults)")
    parser.add_argument("--version", action="version", version=f"%(prog)s {kiosk_version()}")
    subparsers = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"app.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"app.cli.{name}":
                raise
            continue
        module.register(subparsers)
    return parser


def kiosk_version() -> str:
    """The installed distribution's version (pyproject.toml's), or "unknown" outside one."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    wants_json = "--json" in args_list
    try:
        args = build_parser().parse_args(args_list)
        return int(args.handler(args) or EXIT_OK)
    except KioskError as exc:
        report_error(exc, as_json=wants_json)
        # A device that fails is not bad input: exit 1 so scripts can tell the two apart.
        return EXIT_FAILED if isinstance(exc, DeviceError) else EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


def report_error(exc: KioskError, *, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"error": exc.code, "message": str(exc)}, ensure_ascii=False))
    else:
        print(f"kiosk: {exc.code}: {exc}", file=sys.stderr)


def emit_json(payload: object) -> None:
    """One JSON document on stdout, UTF-8, keys in insertion order."""
    print(json.dumps(payload, ensure_ascii=False, default=str))


if __name__ == "__main__":
    sys.exit(main())
