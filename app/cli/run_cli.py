"""``kiosk run`` (the kiosk, full screen, on the configured devices) and ``kiosk demo`` (a window
on the simulators with a control panel, or ``--headless --script NAME --out DIR``).

``kiosk run`` tells systemd READY only once the devices are initialised and the first screen is
drawn, and sends WATCHDOG from a Clock interval in the UI main loop, so a hung UI stops the pings
and systemd restarts it. TEST ONLY: ``KIOSK_HANG_UI_AFTER=<seconds>`` blocks the UI main loop
after that many seconds, to prove the watchdog; never set it on a kiosk.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from app.logs import configure_logging
from app.notify import SystemdNotifier
from kiosk.config import KioskConfig, load_config
from kiosk.errors import BadInputError

HANG_ENV = "KIOSK_HANG_UI_AFTER"  # test only: block the UI main loop after N seconds
DEMO_SCRIPTS = (
    "questions",
    "witness-declaration",
    "witness-nemid",
    "post",
    "refusal",
    "timeout",
)
DEFAULT_DEMO_SCRIPT = "questions"
# The timeout script waits for real: short timeouts keep the demo brief.
DEMO_TIMEOUTS = {"inactivity_seconds": 8.0, "warning_seconds": 4.0}
KIOSK_SIZE = (1280, 800)  # the kiosk's screen
DEMO_SIZE = (1700, 800)  # the kiosk's screen and the simulator control panel beside it


def register(subparsers: Any) -> None:
    run = subparsers.add_parser("run", help="the kiosk, full screen, on the configured devices")
    run.add_argument("--config", default=argparse.SUPPRESS, help="kiosk.toml to use")
    run.add_argument("--windowed", action="store_true", help="a window instead of full screen")
    run.set_defaults(handler=run_kiosk)
    demo = subparsers.add_parser("demo", help="the kiosk on simulators, with a control panel")
    demo.add_argument("--config", default=argparse.SUPPRESS, help="kiosk.toml to use")
    demo.add_argument("--headless", action="store_true", help="no display: run a script")
    demo.add_argument("--script", choices=DEMO_SCRIPTS, help="the journey to play headless")
    demo.add_argument("--out", help="folder for screenshots and printouts (headless)")
    demo.add_argument("--language", choices=("da", "en"), default="", help="start language")
    demo.set_defaults(handler=run_demo)


def _config(args: argparse.Namespace) -> KioskConfig:
    return load_config(Path(args.config) if getattr(args, "config", None) else None)


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_kiosk(args: argparse.Namespace) -> int:
    config = _config(args)
    configure_logging(config.logging)
    notifier = SystemdNotifier()
    from screens.launch import prepare

    prepare(headless=None, fullscreen=not args.windowed)
    from kivy.clock import Clock

    from drivers.sim.rig.demo_rig import start_rig
    from drivers.speech import EspeakSpeaker
    from screens.launch import kiosk_app

    rig = start_rig(config)
    app = kiosk_app(rig.app, speaker=EspeakSpeaker())
    app.first_frame_callbacks.append(lambda: notifier.ready("first screen drawn"))
    if notifier.watchdog_seconds:
        # From the UI main loop: when the loop hangs, the pings stop and systemd restarts us.
        Clock.schedule_interval(lambda _dt: notifier.watchdog(), notifier.watchdog_seconds)
    hang_after = os.environ.get(HANG_ENV, "")
    if hang_after:
        Clock.schedule_once(lambda _dt: _hang_forever(), float(hang_after))
    signal.signal(signal.SIGTERM, lambda *_: Clock.schedule_once(lambda _dt: app.stop(), 0))
    try:
        app.run()
    finally:
        notifier.stopping()
        rig.close()
    return 0


def _hang_forever() -> None:
    """TEST ONLY (KIOSK_HANG_UI_AFTER): the UI main loop stops turning, as in a real hang."""
    threading.Event().wait()


def run_demo(args: argparse.Namespace) -> int:
    headless = args.headless or not has_display()
    if args.script and not headless:
        raise BadInputError("--script needs --headless (or no display)")
    if getattr(args, "config", None):
        config = _config(args)
    else:
        data = Path(tempfile.mkdtemp(prefix="nemid-kiosk-demo-"))
        config = KioskConfig().replace(
            storage={"database": str(data / "kiosk.sqlite"), "outbox": str(data / "outbox")},
            security={"kiosk_key_file": str(data / "kiosk.key")},
        )
    configure_logging(config.logging)
    from screens.launch import prepare

    prepare(headless=headless, fullscreen=False, size=KIOSK_SIZE if headless else DEMO_SIZE)
    if headless:
        return _headless(args, config)
    from drivers.sim.rig.demo_rig import start_rig
    from screens.demo.panel import ControlPanel
    from screens.launch import kiosk_app

    rig = start_rig(config)
    panel = ControlPanel(rig)
    from drivers.speech import EspeakSpeaker

    app = kiosk_app(rig.app, speaker=EspeakSpeaker(), side_panel=panel)
    try:
        app.run()
    finally:
        rig.close()
    return 0


def _headless(args: argparse.Namespace, config: KioskConfig) -> int:
    from screens.demo.headless import DemoFailed, run_headless

    script = args.script or DEFAULT_DEMO_SCRIPT
    out = Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="nemid-kiosk-demo-out-"))
    if script == "timeout":
        config = config.replace(timeouts=DEMO_TIMEOUTS)
    started = time.monotonic()
    try:
        summary = run_headless(script, out, config, language=args.language)
    except DemoFailed as exc:
        print(f"kiosk demo: {script} failed: {exc}; screenshots in {out}", file=sys.stderr)
        return 1
    print(
        f"kiosk demo: played '{script}' headless through the real UI in "
        f"{time.monotonic() - started:.0f} s: {len(summary['screens'])} screenshots and "
        f"{len(summary['printouts'])} printout files in {out}"
    )
    return 0
