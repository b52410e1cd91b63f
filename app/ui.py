"""The kiosk's screen on a composed app: ``kiosk run``, the demo window and the headless demo.

The composition root's UI half: it prepares Kivy, builds the app's devices and core through
:mod:`app.bootstrap` (or the demo rig of :mod:`app.demo`), picks the speaker and hands them to
``screens``. The command line (``app/cli/run_cli.py``) only parses arguments and calls here.
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Any

from app.bootstrap import build_app
from app.demo import start_rig
from app.notify import SystemdNotifier
from kiosk.config import KioskConfig
from kiosk.harness import hook_variable
from kiosk.ports import Speaker
from screens.demo.headless import DemoFailed

__all__ = ["DemoFailed", "run_demo_window", "run_every_script", "run_headless_demo", "run_kiosk"]

HANG_ENV = "KIOSK_HANG_UI_AFTER"  # test harness only: block the UI main loop after N seconds
KIOSK_SIZE = (1280, 800)  # the kiosk's screen
DEMO_SIZE = (1700, 800)  # the kiosk's screen and the simulator control panel beside it


def _speaker() -> Speaker:
    from drivers.speech import EspeakSpeaker

    return EspeakSpeaker()


def run_kiosk(config: KioskConfig, *, fullscreen: bool) -> int:
    """The kiosk on its configured devices until the window closes or SIGTERM.

    systemd hears READY once the first screen is drawn and WATCHDOG from a UI-loop interval, so
    a hung UI stops the pings. Under the test harness only (:mod:`kiosk.harness`),
    ``KIOSK_HANG_UI_AFTER=<seconds>`` blocks the UI main loop then, to prove the watchdog.
    """
    from screens.launch import kiosk_app, prepare
    from screens.ui_thread import run_on_ui_after, run_on_ui_every

    notifier = SystemdNotifier()
    prepare(headless=None, fullscreen=fullscreen)
    core = build_app(config)
    app = kiosk_app(core, speaker=_speaker())
    app.first_frame_callbacks.append(lambda: notifier.ready("first screen drawn"))
    if notifier.watchdog_seconds:
        run_on_ui_every(notifier.watchdog_seconds, notifier.watchdog)
    hang_after = hook_variable(HANG_ENV)  # "" unless under the test harness
    if hang_after:
        run_on_ui_after(float(hang_after), _hang_forever)
    signal.signal(signal.SIGTERM, lambda *_: run_on_ui_after(0, app.stop))
    try:
        app.run()
    finally:
        notifier.stopping()
        core.close()
    return 0


def _hang_forever() -> None:
    """TEST ONLY (KIOSK_HANG_UI_AFTER): the UI main loop stops turning, as in a real hang."""
    threading.Event().wait()


def run_demo_window(config: KioskConfig) -> int:
    """The kiosk on simulators in a window, beside the simulator control panel."""
    from screens.demo.panel import ControlPanel
    from screens.launch import kiosk_app, prepare

    prepare(headless=False, fullscreen=False, size=DEMO_SIZE)
    rig = start_rig(config)
    app = kiosk_app(rig.app, speaker=_speaker(), side_panel=ControlPanel(rig))
    try:
        app.run()
    finally:
        rig.close()
    return 0


def run_headless_demo(
    script: str, out: Path, config: KioskConfig, *, language: str = ""
) -> dict[str, Any]:
    """Play ``script`` through the real UI offscreen; the summary. Raises DemoFailed."""
    from screens.demo.headless import printouts_folder, run_headless
    from screens.launch import prepare

    prepare(headless=True, fullscreen=False, size=KIOSK_SIZE)
    rig = start_rig(config, printouts_folder(out))
    return run_headless(rig, script, out, speaker=_speaker(), language=language)


def run_every_script(
    scripts: tuple[str, ...], languages: tuple[str, ...], out: Path, config: Path | None
) -> dict[str, str]:
    """``kiosk demo --headless --all``: each script in each language in its own process (Kivy
    runs one App a process), into ``out/<script>-<language>``; the failed runs and why."""
    import subprocess
    import sys

    failed: dict[str, str] = {}
    for script in scripts:
        for language in languages:
            name = f"{script}-{language}"
            command = [sys.executable, "-m", "app.cli.main", "demo", "--headless"]
            command += ["--script", script, "--language", language, "--out", str(out / name)]
            if config is not None:
                command += ["--config", str(config)]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                failed[name] = (done.stderr.strip().splitlines() or ["no output"])[-1]
    return failed
