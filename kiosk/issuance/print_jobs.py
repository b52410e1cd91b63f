"""What the printer is doing, for the screen's real print progress: a ReceiptPrinter that passes
every job on and tells its listeners when one starts and when the printer confirmed it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.devices.health import DeviceHealth
from kiosk.devices.printouts import CodeCard, PasswordSlip, PostalReceipt, RulesLeaflet
from kiosk.ports import ReceiptPrinter

STARTED, DONE, FAILED = "started", "done", "failed"


@dataclass(frozen=True)
class PrintJob:
    """One job: ``kind`` (password_slip, code_card, ...) and ``stage`` (started/done/failed)."""

    kind: str
    stage: str


Listener = Callable[[PrintJob], None]


class PrintJobs:
    """The listeners of the kiosk's print jobs (called on the thread that prints)."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def listen(self, listener: Listener) -> Callable[[], None]:
        """Add ``listener``; the returned function removes it."""
        with self._lock:
            self._listeners.append(listener)

        def remove() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return remove

    def tell(self, job: PrintJob) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener(job)


class ObservedPrinter:
    """``printer`` with every job reported to ``jobs``; a job is done once the printer confirmed
    it (its method returned), failed when it raised."""

    def __init__(self, printer: ReceiptPrinter, jobs: PrintJobs) -> None:
        self._printer = printer
        self.jobs = jobs

    def _run(self, kind: str, job: Callable[[], None]) -> None:
        self.jobs.tell(PrintJob(kind, STARTED))
        try:
            job()
        except BaseException:
            self.jobs.tell(PrintJob(kind, FAILED))
            raise
        self.jobs.tell(PrintJob(kind, DONE))

    def print_password_slip(self, slip: PasswordSlip) -> None:
        self._run("password_slip", lambda: self._printer.print_password_slip(slip))

    def print_code_card(self, card: CodeCard) -> None:
        self._run("code_card", lambda: self._printer.print_code_card(card))

    def print_postal_receipt(self, receipt: PostalReceipt) -> None:
        self._run("postal_receipt", lambda: self._printer.print_postal_receipt(receipt))

    def print_rules_leaflet(self, leaflet: RulesLeaflet) -> None:
        self._run("rules_leaflet", lambda: self._printer.print_rules_leaflet(leaflet))

    def print_test_page(self) -> None:
        self._run("test_page", self._printer.print_test_page)

    def health(self) -> DeviceHealth:
        return self._printer.health()

    def close(self) -> None:
        self._printer.close()
