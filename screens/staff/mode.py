"""``StaffMode``: the UI side of staff admin mode and technician diagnostics.

It plugs into a :class:`screens.app.KioskApp` (``install``): registers the staff and technician
screens by name, adds the hidden corner gesture, and while a mode is open the app's
``rerender`` shows the mode's page instead of the journey's screen. Every call to the admin
services (:mod:`kiosk.admin`) runs on the :class:`~screens.staff.worker.StaffWorker` thread and
its result comes back to the UI thread. Once a second the worker checks the session (card
removed, idle) or, with no mode open, whether a staff card was just inserted. The mode holds no
rule: the services decide, audit and refuse; screens render ``page``, ``data`` and ``message``
and send taps here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from kiosk.admin.access import LEFT_CARD_REMOVED, MODE_TECHNICIAN, AdminSession
from kiosk.errors import KioskError, PinBlocked, WrongPin
from screens.staff.worker import Post, StaffWorker

LOG = logging.getLogger("screens.staff")
TICK_SECONDS = 1.0
LOGIN_PAGE = "staff_login"
STAFF_HOME = "staff_menu"
TECHNICIAN_HOME = "technician_menu"


class StaffMode:
    def __init__(self, admin: Any, post: Post) -> None:
        self.admin = admin  # kiosk.admin.build.Admin
        self._post = post
        self.app: Any = None
        self.page: str | None = None  # the page shown while a mode is open; None: journey
        self.data: dict[str, Any] = {}  # what the page shows, loaded on the worker
        self.message: tuple[str, dict[str, object], str] | None = None  # id, values, role
        self.out_of_service = False
        self.session: AdminSession | None = None
        self.worker = StaffWorker(post)
        self._tick_event: Any = None
        self._card_seen: bool | None = None
        self._corner: Any = None
        self._screens: list[str] = []
        self._login_opened = 0.0
        self._shown: tuple[object, ...] = ()

    # Plugging in.
    def install(self, app: Any) -> StaffMode:
        """Add the screens and the corner gesture to a built app and start the worker."""
        from kivy.clock import Clock

        from screens.staff.corner import CornerPress
        from screens.staff.pages import STAFF_SCREENS
        from screens.technician.pages import TECHNICIAN_SCREENS

        self.app = app
        for name, screen in {**STAFF_SCREENS, **TECHNICIAN_SCREENS}.items():
            if name not in app.registry.screens:
                app.registry.register(name, screen)
            if not app.manager.has_screen(name):
                app.manager.add_widget(screen(name=name))
            self._screens.append(name)
        self._corner = CornerPress(on_long_press=self.open_login)
        app.stage.add_widget(self._corner)
        app.staff_mode = self
        self.worker.start()
        self._tick_event = Clock.schedule_interval(lambda _dt: self.tick(), TICK_SECONDS)
        self._run(self._first_look, self._service_state)
        return self

    def _first_look(self) -> bool:
        """On the worker at start: whether staff left the kiosk out of service, and whether a
        card is in the reader already (only a card inserted from now on opens the login)."""
        self._card_seen = self.admin.access.card_present()
        return bool(self.admin.desk.out_of_service)

    def uninstall(self) -> None:
        """Undo :meth:`install` (the app stops, or a test hands the app on)."""
        if self._tick_event is not None:
            self._tick_event.cancel()
        self.worker.stop()
        app = self.app
        if app is None:
            return
        if self._corner is not None and self._corner.parent is not None:
            self._corner.parent.remove_widget(self._corner)
        for name in self._screens:
            if app.manager.has_screen(name):
                app.manager.remove_widget(app.manager.get_screen(name))
            app.registry.screens.pop(name, None)
        if app.staff_mode is self:
            app.staff_mode = None
        self.page = None
        self.app = None

    def use_admin(self, admin: Any) -> Any:
        """Swap in the admin services of another kiosk core (as ``use_controller`` does for
        the journey): any open mode ends. Returns the services it used before."""
        previous, self.admin = self.admin, admin
        self.session = None
        self._left()
        self._run(self._first_look, self._service_state)
        return previous

    @property
    def card_seen(self) -> bool:
        """Whether the last look found a card in the reader (a new one opens the login)."""
        return bool(self._card_seen)

    @property
    def active(self) -> bool:
        return self.page is not None

    def rerender(self) -> None:
        """From the app (a new journey view, language or theme): only what changes the page.

        A page rebuilt for nothing would swallow a tap landing on it at that moment.
        """
        if self.app is not None and self._look() != self._shown:
            self._render()

    def _render(self) -> None:
        if self.app is not None and self.page is not None:
            self.app.show_screen(self.page, self)
            self._shown = self._look()

    def _look(self) -> tuple[object, ...]:
        app = self.app
        return (
            self.page,
            app.manager.current,
            app.language,
            app.high_contrast,
            app.text_scale,
            app.theme,
        )

    # Taps (UI thread).
    def open_login(self) -> None:
        """The card was inserted, or the hidden gesture: ask for the PIN."""
        if self.page is None:
            self.page, self.message, self.data = LOGIN_PAGE, None, {}
            self._login_opened = self.admin.core.clock.monotonic()
            self._render()

    def submit_pin(self, pin: str) -> None:
        self._run(lambda: self.admin.access.unlock_with_card(pin), self._unlocked, self._refused)

    def submit_technician_pin(self, pin: str) -> None:
        self._run(
            lambda: self.admin.access.unlock_technician_pin(pin), self._unlocked, self._refused
        )

    def go(self, page: str, load: Callable[[], Any] | None = None) -> None:
        """Show ``page``; ``load`` runs on the worker and its result becomes ``data[page]``."""
        self.message = None
        if load is None:
            self._run(self.admin.access.touch, lambda _r: self._show(page))
            return
        self._run(load, lambda result: self._show(page, result))

    def do(
        self,
        action: Callable[[], Any],
        *,
        done: str | Callable[[Any], tuple[str, dict[str, object]]],
        page: str | None = None,
        reload: Callable[[], Any] | None = None,
        **values: object,
    ) -> None:
        """Run a staff action; on success show ``done`` (a message id, or a function of the
        result giving one and its values) and reload ``page`` with ``reload``."""
        target = page or self.page or STAFF_HOME

        def work() -> Any:
            result = action()
            return result, (reload() if reload is not None else None)

        def finished(outcome: tuple[Any, Any]) -> None:
            result, data = outcome
            if reload is not None:
                self.data[target] = data
            self.page = target
            if callable(done):
                message_id, found = done(result)
            else:
                message_id, found = done, _fields(result)
            self.message = (message_id, {**values, **found}, "body")
            self._render()

        self._run(work, finished)

    def leave(self) -> None:
        """'Leave admin mode' tapped."""
        self._run(self.admin.access.lock, lambda _r: self._left())

    def cancel_login(self) -> None:
        if self.session is None:
            self._left()

    def tick(self) -> None:
        if self.worker.busy:
            return
        if self.session is not None:
            self.worker.put(self._check_session)
            self._refresh_live()
        elif self.page is None:
            self.worker.put(self._check_card)
        elif self._login_forgotten():
            self._left()

    def _refresh_live(self) -> None:
        """Pages that follow the devices by themselves (status lights, camera preview)."""
        page = self.page
        screen = self.app.manager.get_screen(page) if self.app and page else None
        load = getattr(screen, "live_load", None)
        if screen is None or load is None:
            return

        def show(result: Any) -> None:
            if self.page == page:
                self.data[f"{page}.live"] = result
                screen.live_update(result)

        self._run(lambda: load(self.admin), show, lambda exc: LOG.warning("live: %s", exc))

    def _login_forgotten(self) -> bool:
        """The PIN page opened and nobody typed: back to the citizen after the idle time."""
        idle = self.admin.core.clock.monotonic() - self._login_opened
        return (
            self.page == LOGIN_PAGE and idle >= self.admin.core.config.timeouts.admin_idle_seconds
        )

    # Worker thread.
    def _run(
        self,
        work: Callable[[], Any],
        done: Callable[[Any], None],
        failed: Callable[[KioskError], None] | None = None,
    ) -> None:
        self.worker.run(work, done, lambda exc: self._failed(exc, failed))

    def _check_session(self) -> None:
        reason = self.admin.access.check()
        if reason == LEFT_CARD_REMOVED:
            self._card_seen = False
        if reason is not None:
            self._post(lambda: self._left(reason))

    def _check_card(self) -> None:
        present = self.admin.access.card_present()
        newly_inserted = present and self._card_seen is False
        self._card_seen = present
        if newly_inserted:
            self._post(self.open_login)

    # Results (UI thread).
    def _failed(self, exc: KioskError, failed: Callable[[KioskError], None] | None) -> None:
        if failed is not None:
            failed(exc)
            return
        if self.admin.access.session is None and self.session is not None:
            self._left()
            return
        self.message = (exc.message_id, {}, "alert")
        self._render()

    def _unlocked(self, session: AdminSession) -> None:
        self.session = session
        self._card_seen = True
        self.message, self.data = None, {}
        if session.mode == MODE_TECHNICIAN:
            bench = self.admin.bench
            self.go(TECHNICIAN_HOME, lambda: (bench.device_status(), dict(bench.last_results)))
            return
        self.page = STAFF_HOME
        self._render()

    def _refused(self, exc: KioskError) -> None:
        if isinstance(exc, WrongPin):
            self.message = ("ui.staff.login.tries_left", {"tries": exc.tries_left}, "alert")
        elif isinstance(exc, PinBlocked):
            self.message = ("error.pin_blocked", {}, "alert")
        else:
            self.message = (exc.message_id, {}, "alert")
        self._render()

    def _show(self, page: str, result: Any = None) -> None:
        if self.session is None:
            return
        self.page = page
        self.data[page] = result
        self._render()

    def _service_state(self, out: bool) -> None:
        if out != self.out_of_service:
            self.out_of_service = out
            if self.app is not None:
                self.app.rerender()

    def set_out_of_service(self, out: bool) -> None:
        def finished(result: bool) -> None:
            self.out_of_service = result
            key = "ui.staff.service.now_out" if result else "ui.staff.service.now_in"
            self.message = (key, {}, "body")
            self._render()

        self._run(lambda: self.admin.desk.set_out_of_service(out), finished)

    def _left(self, reason: str = "") -> None:
        self.session = None
        self.page, self.data = None, {}
        self.message = None
        if self.app is not None:
            self.app.rerender()


def _fields(result: Any) -> dict[str, object]:
    """Values a result offers to its success message: an order's reference, a file's name."""
    fields: dict[str, object] = {}
    for name in ("reference", "order_reference", "nemid_number", "resolution"):
        value = getattr(result, name, None)
        if value is not None:
            fields[name] = value
    number = getattr(result, "number", None)  # an authority record
    if isinstance(number, str):
        fields.setdefault("nemid_number", number)
    name = getattr(result, "name", None)
    if isinstance(name, str):
        fields["file_name"] = name
    return fields
