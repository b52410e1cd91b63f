"""Calls onto the Kivy UI thread: once at the next frame, once after a delay, or at an interval.

Device threads and the composition root hand work to the UI through these (thread-safe).
"""

from __future__ import annotations

from collections.abc import Callable


def post_to_ui(callback: Callable[[], None]) -> None:
    """Run ``callback`` on the UI thread at the next frame (thread-safe)."""
    run_on_ui_after(0, callback)


def run_on_ui_after(seconds: float, callback: Callable[[], None]) -> None:
    """Run ``callback`` once on the UI thread after ``seconds`` (thread-safe)."""
    from kivy.clock import Clock

    Clock.schedule_once(lambda _dt: callback(), seconds)


def run_on_ui_every(seconds: float, callback: Callable[[], None]) -> None:
    """Run ``callback`` from the UI main loop every ``seconds``: a hung loop stops the calls."""
    from kivy.clock import Clock

    Clock.schedule_interval(lambda _dt: callback(), seconds)
