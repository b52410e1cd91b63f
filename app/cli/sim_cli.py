"""``kiosk sim start|stop|status``: run the device simulators as background processes.

``start`` launches every simulator (or those named with ``--only``) in a runtime folder
(``--runtime-dir``, ``$KIOSK_SIM_DIR`` or a per-user temp folder), starts pcscd when a card
simulator needs it, and writes the device URLs to ``kiosk-sim.toml`` there, which
``kiosk --config <that file> run`` or ``kiosk diag`` then uses. ``stop`` ends them cleanly;
``status`` reports each as text or, with ``--json``, as one JSON object.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from app.cli.main import EXIT_FAILED, EXIT_OK, emit_json
from kiosk.i18n import gettext

FAILED_STATES = ("failed",)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("sim", help="run the device simulators in the background")
    actions = parser.add_subparsers(dest="sim_action", required=True)
    for name, help_text in (
        ("start", "start the simulators and write their device URLs to a config file"),
        ("stop", "stop the simulators started here"),
        ("status", "report what runs"),
    ):
        action = actions.add_parser(name, help=help_text)
        action.add_argument("--runtime-dir", type=Path, help="folder for pid files, logs, config")
        action.add_argument("--json", action="store_true", help="one JSON object on stdout")
        action.add_argument("--language", choices=("da", "en"), default="en")
        if name == "start":
            action.add_argument(
                "--only", nargs="+", metavar="NAME", help="start only these simulators"
            )
        action.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.simulators import simulator_supervisor

    supervisor = simulator_supervisor(args.runtime_dir)
    if args.sim_action == "start":
        statuses = supervisor.start(args.only)
    elif args.sim_action == "stop":
        statuses = supervisor.stop()
    else:
        statuses = supervisor.status()
    failed = any(status.state in FAILED_STATES for status in statuses)
    config = supervisor.config_path if supervisor.config_path.exists() else None
    if args.json:
        emit_json(
            {
                "action": args.sim_action,
                "runtime_dir": str(supervisor.runtime_dir),
                "config": str(config) if config else None,
                "simulators": [status.to_json() for status in statuses],
                "ok": not failed,
            }
        )
    else:
        language = args.language
        for status in statuses:
            state = gettext(language, f"sim.state.{status.state}")
            pid = f" pid {status.pid}" if status.pid else ""
            print(f"{status.name:<12} {state}{pid}  {status.detail}".rstrip())
            for device, url in status.urls.items():
                print(f"{'':<12} {device} = {url}")
        if not statuses:
            print(gettext(language, "sim.nothing_running"))
        if config:
            print(gettext(language, "sim.config_written", path=str(config)))
    return EXIT_FAILED if failed else EXIT_OK
