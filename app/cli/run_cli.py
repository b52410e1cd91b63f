"""``kiosk run`` (the kiosk, full screen, on the configured devices) and ``kiosk demo`` (a window
on the simulators with a control panel, or ``--headless --script NAME --out DIR``).

The screens are built by the composition root's UI half (:mod:`app.ui`); this module parses
the arguments and picks the config.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from app.cli.main import EXIT_BAD_INPUT
from kiosk.config import KioskConfig, load_config
from kiosk.errors import BadInputError
from kiosk.logs import configure_logging

DEMO_SCRIPTS = (
    "questions",
    "witness-declaration",
    "witness-nemid",
    "post",
    "refusal",
    "timeout",
    "staff-login",
    "staff-queue",
    "staff-exemption",
    "staff-outreach",
    "staff-statistics",
    "technician-diagnostics",
    "technician-test-print",
)
DEFAULT_DEMO_SCRIPT = "questions"
# The timeout script waits for real: short timeouts keep the demo brief.
DEMO_TIMEOUTS = {"inactivity_seconds": 8.0, "warning_seconds": 4.0}


def register(subparsers: Any) -> None:
    run = subparsers.add_parser("run", help="the kiosk, full screen, on the configured devices")
    run.add_argument("--config", default=argparse.SUPPRESS, help="kiosk.toml to use")
    run.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    run.set_defaults(handler=run_kiosk)
    demo = subparsers.add_parser("demo", help="the kiosk on simulators, with a control panel")
    demo.add_argument("--config", default=argparse.SUPPRESS, help="kiosk.toml to use")
    demo.add_argument("--headless", action="store_true", help="no display: run a script")
    demo.add_argument("--script", choices=DEMO_SCRIPTS, help="the journey to play headless")
    demo.add_argument(
        "--all",
        action="store_true",
        help="every script in every language, one folder each under --out (headless)",
    )
    demo.add_argument("--out", help="folder for screenshots and printouts (headless)")
    demo.add_argument("--language", choices=("da", "en"), default="", help="start language")
    demo.set_defaults(handler=run_demo)


def _config(args: argparse.Namespace) -> KioskConfig:
    return load_config(Path(args.config) if getattr(args, "config", None) else None)


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_kiosk(args: argparse.Namespace) -> int:
    from app.production import production_problems

    config = _config(args)
    problems = production_problems(config)
    for problem in problems:
        print(f"kiosk: {problem}", file=sys.stderr)
    if problems:
        return EXIT_BAD_INPUT
    from app.ui import run_kiosk as run_on_screen

    configure_logging(config.logging)
    return run_on_screen(config, fullscreen=not args.windowed)


def run_demo(args: argparse.Namespace) -> int:
    headless = args.headless or not has_display()
    if (args.script or args.all) and not headless:
        raise BadInputError("--script and --all need --headless (or no display)")
    if args.all and args.script:
        raise BadInputError("--all plays every script: leave out --script")
    if getattr(args, "config", None):
        config = _config(args)
    else:
        data = Path(tempfile.mkdtemp(prefix="nemid-kiosk-demo-"))
        config = KioskConfig().replace(
            storage={"database": str(data / "kiosk.sqlite"), "outbox": str(data / "outbox")},
            security={"kiosk_key_file": str(data / "kiosk.key")},
        )
    configure_logging(config.logging)
    if headless:
        return _headless(args, config)
    from app.ui import run_demo_window

    return run_demo_window(config)


def _headless_all(args: argparse.Namespace) -> int:
    """Every script in every language, each in its own process (Kivy runs one App a process)."""
    from app.ui import run_every_script

    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="nemid-kiosk-demo-all-"))
    config = Path(args.config) if getattr(args, "config", None) else None
    languages = (args.language,) if args.language else ("da", "en")
    started = time.monotonic()
    failed = run_every_script(DEMO_SCRIPTS, languages, out, config)
    runs = len(DEMO_SCRIPTS) * len(languages)
    for name, message in failed.items():
        print(f"kiosk demo: {name} failed: {message}", file=sys.stderr)
    print(
        f"kiosk demo: played {runs - len(failed)} of {runs} script runs headless in "
        f"{time.monotonic() - started:.0f} s, one folder each in {out}"
    )
    return 1 if failed else 0


def _headless(args: argparse.Namespace, config: KioskConfig) -> int:
    from app.ui import DemoFailed, run_headless_demo

    if args.all:
        return _headless_all(args)
    script = args.script or DEFAULT_DEMO_SCRIPT
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="nemid-kiosk-demo-out-"))
    if script == "timeout":
        config = config.replace(timeouts=DEMO_TIMEOUTS)
    if script == "staff-outreach":  # R8 is offered where the municipality drives out
        config = config.replace(municipality={"outreach_identification": True})
    started = time.monotonic()
    try:
        summary = run_headless_demo(script, out, config, language=args.language)
    except DemoFailed as exc:
        print(f"kiosk demo: {script} failed: {exc}; screenshots in {out}", file=sys.stderr)
        return 1
    print(
        f"kiosk demo: played '{script}' headless through the real UI in "
        f"{time.monotonic() - started:.0f} s: {len(summary['screens'])} screenshots and "
        f"{len(summary['printouts'])} printout files in {out}"
    )
    return 0
