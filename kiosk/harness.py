"""Whether this process runs under the test harness, the only place test hooks are armed.

Crash points (``KIOSK_CRASH_AT``) and the UI hang (``KIOSK_HANG_UI_AFTER``) are read from the
environment only after :func:`arm`, which the test entry point ``tests/harness_main.py`` calls
before the kiosk's ``main``. The production ``kiosk`` command never calls it, and no variable or
option can: on a kiosk the hooks' variables are ignored.
"""

from __future__ import annotations

import os
from collections.abc import Mapping


class _Harness:
    """The process's one switch; off unless the test entry point turned it on."""

    armed = False


def arm() -> None:
    """Arm the test hooks for the rest of this process. Only the test harness calls this."""
    _Harness.armed = True


def is_armed() -> bool:
    return _Harness.armed


def hook_variable(
    name: str, environ: Mapping[str, str] | None = None, *, armed: bool | None = None
) -> str:
    """The test hook variable ``name`` stripped, or "" when the harness is not armed
    (``armed`` None: this process's switch)."""
    if not (_Harness.armed if armed is None else armed):
        return ""
    return (os.environ if environ is None else environ).get(name, "").strip()
