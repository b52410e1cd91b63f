"""``StaffWorker``: the one thread that runs the admin services' calls for the staff mode.

Calls run in order (the services share one database connection and one card reader, and a
card check or a print may take seconds); each result or refusal comes back to the UI thread
through ``post`` (``Clock.schedule_once``). ``busy`` counts the calls not yet answered.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from typing import Any

from kiosk.errors import KioskError

LOG = logging.getLogger("screens.staff")
STOP_WAIT_SECONDS = 5.0
UNEXPECTED = "unexpected"

Post = Callable[[Callable[[], None]], None]


class StaffWorker:
    def __init__(self, post: Post) -> None:
        self._post = post
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._waiting = 0  # touched on the UI thread only

    @property
    def busy(self) -> bool:
        return self._waiting > 0

    def start(self) -> None:
        self._thread = threading.Thread(target=self._work, name="kiosk-staff", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._jobs.put(None)
        if self._thread is not None:
            self._thread.join(timeout=STOP_WAIT_SECONDS)

    def put(self, job: Callable[[], None]) -> None:
        """A job that answers by itself (a periodic check)."""
        self._jobs.put(job)

    def run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[KioskError], None],
    ) -> None:
        """``work()`` on the worker; then ``done(result)`` or ``failed(error)`` on the UI thread.
        An error that is not a KioskError is a bug: logged, and shown as ``unexpected``."""
        self._waiting += 1

        def answer(callback: Callable[[Any], None], value: Any) -> None:
            self._waiting -= 1
            callback(value)

        def job() -> None:
            try:
                result = work()
            except KioskError as exc:
                refused = exc
                self._post(lambda: answer(failed, refused))
                return
            except Exception as exc:  # a bug must not freeze admin mode: show it, log it
                LOG.exception("unexpected error in a staff action")
                error = KioskError(str(exc), code=UNEXPECTED)
                self._post(lambda: answer(failed, error))
                return
            self._post(lambda: answer(done, result))

        self._jobs.put(job)

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            job()
