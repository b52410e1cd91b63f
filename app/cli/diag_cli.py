"""``kiosk diag [--json] [--device NAME] [--config F] [--profile P]``: self-test of each device.

Every configured device is tested through its real driver (:mod:`app.diagnostics`), all at
once, each within ``timeouts.device_seconds``: scanner framing and read, reader list and card
ATR, printer status, identity (profile, model, firmware, confirmation strategy) and a test page,
camera frame and face detection. Without ``--config`` the config ``kiosk sim start`` wrote is
used while its simulators run; the output says which config was used. ``--json`` prints one
object with the config and a result per device (``status``: ok, fault, in_use, unavailable or
not_fitted; ``detail``, ``elapsed_ms``, ``url``, ``required``, ``facts``). Exit 0 when no device
is at fault and every required device passed, 1 otherwise: a required device that fails takes
the kiosk out of service (config ``devices.required``).
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path
from typing import Any

from app.cli.main import EXIT_FAILED, EXIT_OK, emit_json
from kiosk.config import DeviceSettings
from kiosk.i18n import gettext

DEVICES = tuple(f.name for f in dataclasses.fields(DeviceSettings) if f.name != "required")
STATUS_FAULT = "fault"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("diag", help="self-test every configured device")
    parser.add_argument("--json", action="store_true", help="one JSON object on stdout")
    parser.add_argument(
        "--device", action="append", choices=DEVICES, metavar="NAME", help="test only this device"
    )
    parser.add_argument("--config", default=argparse.SUPPRESS, help="kiosk.toml to use")
    parser.add_argument("--no-print", action="store_true", help="skip the printer's test page")
    parser.add_argument("--profile", help="the printer's profile (python-escpos), over the config")
    parser.add_argument("--language", choices=("da", "en"), help="language of the text output")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.diagnostics import diagnostics_config, run_diagnostics
    from app.printing import check_profile

    if args.profile:
        check_profile(args.profile)
    explicit = Path(args.config) if getattr(args, "config", None) else None
    config, config_path = diagnostics_config(explicit)
    language = args.language or config.languages.default
    results = run_diagnostics(
        config,
        config_path,
        print_test_page=not args.no_print,
        language=language,
        only=args.device,
        printer_profile=args.profile,
    )
    out_of_service = [r.device for r in results if r.takes_kiosk_out_of_service]
    ok = not out_of_service and all(r.status != STATUS_FAULT for r in results)
    if args.json:
        emit_json(
            {
                "kiosk_id": config.kiosk_id,
                "config": str(config_path) if config_path else None,
                "ok": ok,
                "out_of_service": out_of_service,
                "devices": [result.to_json() for result in results],
            }
        )
        return EXIT_OK if ok else EXIT_FAILED
    if config_path:
        print(gettext(language, "diag.config.file", path=config_path))
    else:
        print(gettext(language, "diag.config.defaults"))
    for result in results:
        name = gettext(language, f"diag.device.{result.device}")
        status = gettext(language, f"diag.status.{result.status}")
        required = f" [{gettext(language, 'diag.required')}]" if result.required else ""
        print(f"{name:<16} {status:<16} {result.elapsed_ms:>8.0f} ms  {result.detail}{required}")
    if out_of_service:
        print(gettext(language, "diag.summary.failed", devices=", ".join(out_of_service)))
    elif ok:
        print(gettext(language, "diag.summary.ok"))
    return EXIT_OK if ok else EXIT_FAILED
