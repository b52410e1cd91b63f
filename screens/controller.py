"""The UI's controller: runs the journey session and the devices off the UI thread.

Screens never call the session or a device; they call :meth:`KioskController.act` with the name
of a session action. One worker thread runs every session call in order (the session is not
thread-safe, and an action may print for seconds), one reader thread waits for documents on
the reader while the journey expects one, and one watches the document camera's glass for a
driving licence (instead of a passport) or the yellow health card (instead of typing). Results
reach the UI thread through ``post`` (``Clock.schedule_once`` in the app), as calls on a
:class:`UiListener`: a new view, a problem, a reader status, or that a required device went down
(out of service) or came back.
"""

from __future__ import annotations

import functools
import logging
import queue
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from kiosk.config import KioskConfig
from kiosk.errors import ChipError, DeviceError, DeviceUnavailable, KioskError, ReadError
from kiosk.identity.camera_documents import DK_DRIVING_LICENCE, DK_HEALTH_CARD
from kiosk.identity.card_text import CardUnreadable
from kiosk.identity.readings import ChipReading
from kiosk.issuance.print_jobs import PrintJob, PrintJobs
from kiosk.journey.chip_step import LayDocumentAgain, read_document_chip
from kiosk.journey.session import JourneySession, JourneyStateError
from kiosk.journey.view import JourneyView
from kiosk.ports import Devices

LOG = logging.getLogger("screens.controller")
READ_POLL_SECONDS = 0.3
HEALTH_INTERVAL_SECONDS = 5.0
RECHECK_SECONDS = 1.0  # how often a reader that went away is tried again
IDLE_WAIT_SECONDS = 0.1
# Journey states in which a document on the reader means something.
READING_STATES = ("document", "witness")
# The card the document camera looks for in each journey state, and the session action for it.
CARD_STATES = {"document": DK_DRIVING_LICENCE, "health_card": DK_HEALTH_CARD}
CARD_ACTIONS = {"document": "scan_licence", "health_card": "scan_health_card"}
CARD_POLL_SECONDS = 0.7
# Reader statuses shown on the document and witness screens (gettext keys ui.reader.<status>).
WAITING, READING, CHIP, READ_ERROR, UNAVAILABLE = (
    "waiting",
    "reading",
    "chip",
    "read_error",
    "unavailable",
)


class UnexpectedError(KioskError):
    code = "unexpected"


class UiListener(Protocol):
    def show(self, view: JourneyView, problem: KioskError | None = None) -> None: ...

    def show_reader_status(self, status: str) -> None: ...

    def out_of_service(self, devices: list[str]) -> None: ...

    def back_in_service(self) -> None: ...


class KioskController:
    def __init__(
        self,
        session: JourneySession,
        devices: Devices,
        config: KioskConfig,
        post: Callable[[Callable[[], None]], None],
        speaker: Any = None,
        print_jobs: PrintJobs | None = None,
    ) -> None:
        self.session = session
        self._devices = devices
        self._config = config
        self._post = post
        self.speaker = speaker
        self._print_jobs = print_jobs
        self._ui: UiListener | None = None
        self._jobs: queue.Queue[Callable[[], None] | None] = queue.Queue()
        self._stopped = threading.Event()
        self._reading = ""
        self._card_state = ""
        self._down: set[str] = set()
        self.witness_cpr: str | None = None
        self._threads: list[threading.Thread] = []
        session.add_observer(self._on_transition)

    # Set-up, from the UI thread.
    def attach(self, ui: UiListener) -> None:
        self._ui = ui

    def initial_faults(self) -> list[str]:
        """Required devices that are missing or unusable now (before the first screen)."""
        down = [name for name in self._config.devices.required if not self._usable(name)]
        self._down = set(down)
        return down

    def start(self) -> None:
        threads = (
            ("kiosk-journey", self._work),
            ("kiosk-reader", self._read),
            ("kiosk-card-camera", self._read_cards),
        )
        for name, target in threads:
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)
        self.refresh()

    def stop(self) -> None:
        self._stopped.set()
        self._jobs.put(None)
        for thread in self._threads:
            thread.join(timeout=2)

    # Citizen actions, from the UI thread.
    def act(self, action: str, *args: Any) -> None:
        """Run ``session.<action>(*args)`` on the worker, then show the new view."""
        method = getattr(self.session, action)
        self._jobs.put(lambda: method(*args))

    def refresh(self) -> None:
        self._jobs.put(lambda: None)

    def tick(self) -> None:
        """The inactivity timer: the session wipes the visit when it has been idle too long."""
        self._jobs.put(self.session.tick)

    def keep_alive(self) -> None:
        """'I need more time': the session's idle time starts again; the new view drops the
        warning (the help panel and the screen stay as they are)."""
        self._jobs.put(self.session.still_here)

    def follow_print_jobs(self, listener: Callable[[PrintJob], None]) -> Callable[[], None]:
        """``listener`` hears of each print job on the UI thread; returns how to stop it."""
        if self._print_jobs is None:
            return lambda: None
        post = self._post
        return self._print_jobs.listen(lambda job: post(lambda: listener(job)))

    def headset(self) -> bool:
        """Whether personal data may be spoken: headphones in the jack, or the config says so."""
        setting = self._config.audio.headset
        if setting != "auto":
            return setting == "present"
        check = getattr(self.speaker, "headset_connected", None)
        return bool(check()) if check is not None else False

    def say(self, text: str, language: str) -> None:
        if self.speaker is not None:
            threading.Thread(target=self.speaker.say, args=(text, language), daemon=True).start()

    # Worker thread.
    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            problem: KioskError | None = None
            try:
                job()
            except JourneyStateError as exc:
                # A tap meant for the screen before (a double tap, a tap as the screen changed):
                # the citizen sees the screen they are on, not an error about the one they left.
                LOG.info("stale tap ignored: %s", exc)
            except KioskError as exc:
                problem = exc
            except Exception as exc:  # a bug must not freeze the screen: show it, log it
                LOG.exception("unexpected error in a journey action")
                problem = UnexpectedError(str(exc))
            self._check_other_devices()
            self._publish(self.session.view, problem)

    def _on_transition(self, event: str, source: str, target: str, view: JourneyView) -> None:
        LOG.info("journey %s: %s -> %s", event, source, target, extra={"state": target})
        self._publish(view, None)

    def _publish(self, view: JourneyView, problem: KioskError | None) -> None:
        self._reading = view.state if view.state in READING_STATES else ""
        self._card_state = view.state if view.state in CARD_STATES else ""
        self._to_ui(lambda ui: ui.show(view, problem))

    def _check_other_devices(self) -> None:
        """Required devices but the document reader (its own thread watches it)."""
        for name in self._config.devices.required:
            if name != "document_reader":
                self._mark(name, self._usable(name))

    # Reader thread.
    def _read(self) -> None:
        reader = self._devices.get("document_reader")
        checked = time.monotonic()
        while not self._stopped.is_set():
            state = self._reading
            if reader is None or not state:
                down = reader is not None and "document_reader" in self._down
                if down and time.monotonic() - checked > RECHECK_SECONDS:
                    checked = time.monotonic()
                    self._mark("document_reader", self._usable("document_reader"))
                self._stopped.wait(IDLE_WAIT_SECONDS)
                continue
            try:
                document = reader.read_document(READ_POLL_SECONDS)
            except ReadError:
                self._status(READ_ERROR)
                continue
            except DeviceUnavailable as exc:
                LOG.warning("document reader unavailable: %s", exc, extra={"device": "reader"})
                self._status(UNAVAILABLE)
                self._mark("document_reader", False)
                self._stopped.wait(HEALTH_INTERVAL_SECONDS / 5)
                continue
            self._mark("document_reader", True)
            if document is None or self._reading != state:
                continue
            self._status(READING)
            lines = tuple(document.lines)
            if state == "document":
                try:
                    chip = self._read_chip(lines)
                except LayDocumentAgain:  # the chip went away or garbled mid-read: no refusal
                    self._status(READ_ERROR)
                    continue
                self._jobs.put(functools.partial(self.session.scan_document, lines, None, chip))
            else:
                self._jobs.put(
                    functools.partial(self.session.witness_scan, lines, self.witness_cpr)
                )
            self._reading = ""

    # Document camera thread.
    def _read_cards(self) -> None:
        """A licence on the glass while the journey waits for a document, the health card while
        it waits for one; any other card, or none, is not for this screen (R1)."""
        camera = self._devices.document_camera
        while camera is not None and not self._stopped.wait(CARD_POLL_SECONDS):
            state = self._card_state
            if not state:
                continue
            try:
                card = camera.read_card()
            except CardUnreadable:
                continue  # nothing on the glass yet, or a card still being laid down
            except KioskError as exc:
                LOG.warning("document camera: %s", exc, extra={"device": "document_camera"})
                self._stopped.wait(HEALTH_INTERVAL_SECONDS)
                continue
            if card.type != CARD_STATES[state] or self._card_state != state:
                continue
            self._card_state = ""
            self._jobs.put(functools.partial(getattr(self.session, CARD_ACTIONS[state]), card))

    def _read_chip(self, lines: tuple[str, ...]) -> ChipReading | None:
        """The passport chip's reading for the journey (R1: chip versus print), where a chip
        reader is fitted and a chip lies on it. Raises LayDocumentAgain."""
        chip = self._devices.get("chip_reader")
        try:
            if chip is None or not chip.chip_present():
                return None
        except (ChipError, DeviceError) as exc:
            LOG.warning("chip not read: %s", exc, extra={"device": "chip_reader"})
            return None
        self._status(CHIP)
        return read_document_chip(chip, lines)

    def _status(self, status: str) -> None:
        self._to_ui(lambda ui: ui.show_reader_status(status))

    # Device health.
    def _usable(self, name: str) -> bool:
        device = self._devices.get(name)
        if device is None:
            return False
        try:
            return bool(device.health().usable)
        except KioskError:
            return False

    def _mark(self, name: str, usable: bool) -> None:
        if name not in self._config.devices.required:
            return
        was_down = bool(self._down)
        if usable:
            self._down.discard(name)
        else:
            self._down.add(name)
        if was_down == bool(self._down):
            return
        down = sorted(self._down)
        self._to_ui(lambda ui: ui.out_of_service(down) if down else ui.back_in_service())

    def _to_ui(self, call: Callable[[UiListener], None]) -> None:
        """Post ``call`` to the UI thread; dropped there if this controller stopped meanwhile."""
        ui = self._ui
        if ui is None:
            return

        def deliver() -> None:
            if not self._stopped.is_set():
                call(ui)

        self._post(deliver)
