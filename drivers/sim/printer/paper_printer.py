"""``PaperlessPrinter``: an in-process ReceiptPrinter that keeps each job instead of printing it.

It serves ``kiosk journey`` and the tests, which run with no hardware. Each job is kept in
:attr:`PaperlessPrinter.jobs` as the domain object the kiosk sent (the "paper" the citizen takes
away, so it holds the secrets only in memory, like paper in a tray), and optionally one JSON line
per job event is appended to a journal file that never holds a password or a code. It fails on
command: :meth:`fail_on_job` makes job N raise (paper out by default), like the ESC/POS
simulator's paper-out-mid-job fault. With :class:`kiosk.issuance.faults.FaultPoints` it reaches
``mid_password_slip`` / ``mid_code_card`` half way through those jobs, so a crash test can kill
the kiosk with half a job on paper. The real printer driver is ``EscposReceiptPrinter``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.devices.health import DeviceHealth, DeviceState, MediaState
from kiosk.devices.printouts import CodeCard, PasswordSlip, PostalReceipt, RulesLeaflet
from kiosk.errors import PaperOut, PrinterError, PrinterOffline
from kiosk.issuance.faults import FaultPoints

DEVICE_NAME = "printer"
JOURNAL_MODE = 0o600
JOB_STARTED = "started"
JOB_COMPLETED = "completed"
JOB_FAILED = "failed"
# Fault points reached half way through a job of this kind.
MID_JOB_POINTS = {"password_slip": "mid_password_slip", "code_card": "mid_code_card"}


@dataclass(frozen=True)
class PrintJob:
    """One job the printer took: its 1-based number, kind and the object sent."""

    number: int
    kind: str  # password_slip | code_card | postal_receipt | rules_leaflet | test_page
    document: Any
    completed: bool


class PaperlessPrinter:
    """A ReceiptPrinter without paper. Use as a context manager or call :meth:`close`."""

    def __init__(self, journal: Path | None = None, faults: FaultPoints | None = None) -> None:
        self.jobs: list[PrintJob] = []
        self._taken = 0  # jobs already handed over by take(), for numbering
        self._journal = journal
        # Armed by KIOSK_CRASH_AT unless given, so a kiosk built by the composition root on the
        # paperless printer can be killed mid-job too.
        self._faults = faults if faults is not None else FaultPoints.from_environment()
        self._failures: dict[int, PrinterError] = {}
        self._offline = False
        self._media = MediaState.OK

    def __enter__(self) -> PaperlessPrinter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # Commands for tests and the simulator panel.
    def fail_on_job(self, number: int, error: PrinterError | None = None) -> None:
        """Job ``number`` (1-based, counting every job) raises ``error`` (PaperOut by default)."""
        self._failures[number] = error or PaperOut(f"paper out during job {number}")

    def go_offline(self) -> None:
        self._offline = True

    def refill(self) -> None:
        """Paper loaded and the printer back online."""
        self._media = MediaState.OK
        self._offline = False

    def take(self) -> list[PrintJob]:
        """The citizen takes the paper: every job is handed over and the tray emptied, so no
        password or code stays reachable from the printer afterwards. Numbering continues."""
        taken, self.jobs = self.jobs, []
        self._taken += len(taken)
        return taken

    @property
    def completed_jobs(self) -> list[PrintJob]:
        return [job for job in self.jobs if job.completed]

    # The ReceiptPrinter port.
    def health(self) -> DeviceHealth:
        if self._offline:
            return DeviceHealth(DEVICE_NAME, DeviceState.OFFLINE, "offline", self._media)
        if self._media is MediaState.OUT:
            return DeviceHealth(DEVICE_NAME, DeviceState.USER_ERROR, "paper out", self._media)
        return DeviceHealth(DEVICE_NAME, DeviceState.ONLINE, "paperless simulator", self._media)

    def close(self) -> None:
        self._offline = False

    def print_password_slip(self, slip: PasswordSlip) -> None:
        self._run("password_slip", slip, nemid_number=slip.nemid_number)

    def print_code_card(self, card: CodeCard) -> None:
        self._run("code_card", card, nemid_number=card.nemid_number, serial=card.serial)

    def print_postal_receipt(self, receipt: PostalReceipt) -> None:
        self._run("postal_receipt", receipt, order_reference=receipt.order_reference)

    def print_rules_leaflet(self, leaflet: RulesLeaflet) -> None:
        self._run("rules_leaflet", leaflet)

    def print_test_page(self) -> None:
        self._run("test_page", None)

    def _run(self, kind: str, document: Any, **labels: str) -> None:
        number = self._taken + len(self.jobs) + 1
        if self._offline:
            raise PrinterOffline("the printer is offline")
        if self._media is MediaState.OUT:
            raise PaperOut("the printer is out of paper")
        self._log(number, kind, JOB_STARTED, labels)
        if kind in MID_JOB_POINTS:
            self._faults.reached(MID_JOB_POINTS[kind])
        failure = self._failures.pop(number, None)
        if failure is not None:
            if isinstance(failure, PaperOut):
                self._media = MediaState.OUT
            elif isinstance(failure, PrinterOffline):
                self._offline = True
            self.jobs.append(PrintJob(number, kind, document, completed=False))
            self._log(number, kind, JOB_FAILED, {**labels, "error": failure.code})
            raise failure
        self.jobs.append(PrintJob(number, kind, document, completed=True))
        self._log(number, kind, JOB_COMPLETED, labels)

    def _log(self, number: int, kind: str, state: str, labels: dict[str, str]) -> None:
        if self._journal is None:
            return
        line = json.dumps({"job": number, "kind": kind, "state": state, **labels})
        fd = os.open(self._journal, os.O_WRONLY | os.O_CREAT | os.O_APPEND, JOURNAL_MODE)
        with os.fdopen(fd, "a", encoding="utf-8") as handle:
            handle.write(line + "\n")
            handle.flush()
            os.fsync(handle.fileno())


def read_journal(path: Path) -> list[dict[str, Any]]:
    """The journal's events in order; an empty list when no job was ever started."""
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
