"""``kiosk config check`` and ``kiosk config hash-pin``: the configuration, checked in one pass."""

from __future__ import annotations

import argparse
import getpass
import tomllib
from pathlib import Path
from typing import Any

from app.cli.main import emit_json
from app.devices import device_problems
from app.printing import printer_settings_problems
from app.production import production_problems
from kiosk.config import checked_config
from kiosk.errors import BadInputError
from kiosk.input_limits import nesting_problem, too_deep
from kiosk.storage.secret_hashes import hash_password

DEFAULT_CONFIG = Path("/etc/nemid-kiosk/kiosk.toml")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("config", help="check the configuration")
    actions = parser.add_subparsers(dest="config_action", required=True)
    check = actions.add_parser("check", help="report every problem in the config file at once")
    check.add_argument("file", nargs="?", help="the TOML file (default: --config or /etc/...)")
    check.add_argument("--no-devices", action="store_true", help="do not probe the devices")
    check.add_argument("--json", action="store_true")
    check.set_defaults(handler=run_check)
    pin = actions.add_parser(
        "hash-pin", help="hash a technician PIN for security.technician_pin_hash"
    )
    pin.set_defaults(handler=run_hash_pin)


def run_check(args: argparse.Namespace) -> int:
    path = Path(args.file or args.config or DEFAULT_CONFIG)
    problems = check_file(path, probe_devices=not args.no_devices)
    if args.json:
        emit_json({"file": str(path), "ok": not problems, "problems": problems})
    elif problems:
        for problem in problems:
            print(f"{path}: {problem}")
    else:
        print(f"{path}: ok")
    return 2 if problems else 0


def check_file(path: Path, *, probe_devices: bool) -> list[str]:
    """Every problem of a config file: syntax, unknown keys, bad values, devices, and the demo
    parts a production config may not hold."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return [f"cannot read the file: {exc.strerror}"]
    except UnicodeDecodeError as exc:
        return [f"not UTF-8 text (byte {exc.start})"]
    except tomllib.TOMLDecodeError as exc:
        return [f"not valid TOML: {exc}"]
    except RecursionError:
        return [too_deep()]
    if problem := nesting_problem(raw):
        return [problem]
    config, problems = checked_config(raw)
    problems += production_problems(config)
    devices = raw.get("devices", {}) if isinstance(raw.get("devices"), dict) else {}
    problems += device_problems(devices, probe=probe_devices)
    printer = raw.get("printer", {})
    problems += printer_settings_problems(printer if isinstance(printer, dict) else {})
    return problems


def run_hash_pin(args: argparse.Namespace) -> int:
    pin = getpass.getpass("Technician PIN: ")
    if not pin.isdigit() or len(pin) < 6:
        raise BadInputError("a technician PIN is at least 6 digits")
    print(hash_password(pin))
    return 0
