"""Staff admin mode: the screens a staff member sees after their card and PIN (see mode.py)."""

from __future__ import annotations

from typing import Any


def enable_staff_mode(app: Any, core: Any) -> Any:
    """Build the admin services on ``core`` and plug staff mode into ``app`` when it starts.

    ``core`` is the composed :class:`kiosk.composed.App`; returns the StaffMode.
    """
    from kiosk.admin.build import build_admin
    from screens.staff.mode import StaffMode
    from screens.ui_thread import post_to_ui

    mode = StaffMode(build_admin(core), post_to_ui)

    # Kivy stops dispatching at a handler that returns True: these return None, so the app's
    # own on_start and on_stop still run.
    def started(*_args: Any) -> None:
        mode.install(app)

    def stopped(*_args: Any) -> None:
        mode.uninstall()
        mode.admin.close()

    app.bind(on_start=started, on_stop=stopped)
    return mode
