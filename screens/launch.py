"""Builds the Kivy kiosk on a composed core app (:class:`kiosk.composed.App`).

``prepare(headless=..., fullscreen=...)`` must run before anything imports Kivy; then
:func:`kiosk_app` makes the session, the controller and the :class:`~screens.app.KioskApp`.
``kiosk run``, ``kiosk demo``, the headless demo and the UI tests all come through here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from screens.kivy_env import apply_kiosk_window_settings, prepare_kivy_environment
from screens.ui_thread import post_to_ui

if TYPE_CHECKING:
    from kiosk.composed import App
    from kiosk.ports import Speaker
    from screens.app import KioskApp

KIOSK_WINDOW_SIZE = (1280, 800)


def prepare(
    *, headless: bool | None, fullscreen: bool, size: tuple[int, int] = KIOSK_WINDOW_SIZE
) -> None:
    """Kivy's environment and window settings; call before the first Kivy import."""
    prepare_kivy_environment(headless=headless, fullscreen=fullscreen)
    apply_kiosk_window_settings(fullscreen=fullscreen)
    from kivy.config import Config

    if not fullscreen:
        Config.set("graphics", "width", str(size[0]))
        Config.set("graphics", "height", str(size[1]))
    if headless:
        # Offscreen nobody watches frames: draw as fast as scripts and tests drive the loop.
        Config.set("graphics", "maxfps", "0")


def kiosk_app(core: App, *, speaker: Speaker | None = None, side_panel: Any = None) -> KioskApp:
    from screens.app import KioskApp
    from screens.controller import KioskController

    controller = KioskController(
        core.new_session(),
        core.devices,
        core.config,
        post_to_ui,
        speaker=speaker,
        print_jobs=core.print_jobs,
    )
    app = KioskApp(controller, core.config, side_panel=side_panel)
    from screens.staff import enable_staff_mode

    enable_staff_mode(app, core)  # staff admin mode and technician diagnostics (screens.staff)
    return app
