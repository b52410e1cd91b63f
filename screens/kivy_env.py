"""Kivy's environment, set before Kivy is first imported (it reads these at import time).

No command-line parsing, no user config file, a private KIVY_HOME, and the SDL offscreen driver
when there is no display, so the same kiosk renders for real on a touchscreen, under Xvfb, or
headless in CI. KIVY_NO_CONSOLELOG stays unset: it would swallow tracebacks.
"""

from __future__ import annotations

import os
import sys
import tempfile


def prepare_kivy_environment(*, headless: bool | None = None, fullscreen: bool = False) -> None:
    """Set Kivy's variables; ``headless=None`` means offscreen exactly when there is no display."""
    if "kivy" in sys.modules:
        return
    os.environ["KIVY_NO_ARGS"] = "1"
    os.environ["KIVY_NO_CONFIG"] = "1"
    os.environ["KIVY_NO_FILELOG"] = "1"
    os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="nemid-kiosk-kivy-"))
    os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")
    if headless is None:
        headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if headless:
        os.environ["SDL_VIDEODRIVER"] = "offscreen"
    if fullscreen:
        os.environ["KIVY_WINDOW_FULLSCREEN"] = "1"


def apply_kiosk_window_settings(*, fullscreen: bool) -> None:
    """Kiosk settings: no escape key, no close, no cursor, no multitouch dots, no screensaver."""
    from kivy.config import Config

    Config.set("kivy", "exit_on_escape", "0")
    Config.set("input", "mouse", "mouse,disable_multitouch")
    Config.set("graphics", "show_cursor", "0" if fullscreen else "1")
    Config.set("graphics", "fullscreen", "auto" if fullscreen else "0")
    Config.set("graphics", "allow_screensaver", "0")
    Config.set("graphics", "resizable", "0" if fullscreen else "1")
