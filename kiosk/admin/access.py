"""Who may use the admin modes, and when they leave: ``AdminAccess``.

Staff unlock admin mode with a staff card and its PIN, verified ON THE CARD through the
StaffCardReader port (the card blocks itself after 5 wrong PINs; the tries left are shown). A
card whose certificate names the ``technician`` role opens technician diagnostics instead;
technicians without a card may type the configured PIN (``security.technician_pin_hash``,
scrypt), which the kiosk itself blocks for a while after 5 wrong tries; the count and the block
live in the kiosk database (:mod:`kiosk.storage.sqlite.pin_lockouts`), so a restart does not
lift them and every kiosk on the database shares them. A mode ends when the
staff card leaves the reader, after ``timeouts.admin_idle_seconds`` without a tap, or on
request. Every unlock, refusal and exit is audited with the staff id; never the PIN.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.errors import DeviceUnavailable, DomainError, PinBlocked, StaffCardError, WrongPin
from kiosk.ports import StaffCardReader, StaffIdentity
from kiosk.storage.repositories import AuditLog, PinLockouts
from kiosk.storage.secret_hashes import verify_password

MODE_STAFF = "staff"
MODE_TECHNICIAN = "technician"
ROLE_TECHNICIAN = "technician"
METHOD_CARD = "card"
METHOD_PIN = "technician_pin"
TECHNICIAN_PIN_ID = "technician-pin"
TECHNICIAN_PIN_MAX_TRIES = 5
TECHNICIAN_PIN_LOCK = timedelta(minutes=5)
# Why a mode ended (audited; gettext keys ui.staff.left.<reason>).
LEFT_CARD_REMOVED = "card_removed"
LEFT_IDLE = "idle"
LEFT_BY_STAFF = "logged_out"


class AdminLocked(DomainError):
    """A staff function was asked for while no staff member is logged in (or the wrong role)."""

    code = "admin_locked"


@dataclass(frozen=True)
class AdminSession:
    """The logged-in holder, the mode they are in and how they got in."""

    identity: StaffIdentity
    mode: str  # staff | technician
    method: str  # card | technician_pin
    started: float  # clock.monotonic()


class AdminAccess:
    """The one admin session of a kiosk; call :meth:`check` about once a second."""

    def __init__(
        self,
        config: KioskConfig,
        audit: AuditLog,
        clock: Clock,
        reader: StaffCardReader | None,
        pin_lockouts: PinLockouts,
    ) -> None:
        self._config = config
        self._audit = audit
        self._clock = clock
        self.reader = reader
        self.session: AdminSession | None = None
        self._last_activity = 0.0
        self._pin_lockouts = pin_lockouts

    # Unlocking.
    def card_present(self) -> bool:
        """A card in the staff-card reader (False when none is fitted or it cannot tell)."""
        if self.reader is None:
            return False
        try:
            return bool(self.reader.card_present())
        except StaffCardError:
            return False
        except DeviceUnavailable:
            return False

    def unlock_with_card(self, pin: str) -> AdminSession:
        """The PIN goes to the card; the holder's role picks the mode.

        Raises DeviceUnavailable (no reader), StaffCardError (no card, not a staff card,
        untrusted), WrongPin with the tries left, or PinBlocked; each is audited.
        """
        if self.reader is None:
            raise DeviceUnavailable("no staff-card reader is fitted", code="no_card_reader")
        if not self.card_present():
            raise StaffCardError("no staff card in the reader", code="no_staff_card")
        try:
            identity = self.reader.authenticate(pin)
        except WrongPin as exc:
            self._audit.append("staff.login_refused", reason=exc.code, tries_left=exc.tries_left)
            raise
        except (PinBlocked, StaffCardError) as exc:
            self._audit.append("staff.login_refused", reason=exc.code)
            raise
        mode = MODE_TECHNICIAN if identity.role == ROLE_TECHNICIAN else MODE_STAFF
        return self._start(identity, mode, METHOD_CARD)

    def unlock_technician_pin(self, pin: str) -> AdminSession:
        """Technician diagnostics by the configured PIN (scrypt hash in the config).

        Raises DomainError: ``technician_pin_disabled`` (no hash configured),
        ``technician_pin_wrong`` or ``technician_pin_locked`` (5 wrong in a row: 5 minutes, on
        every kiosk on this database); a refusal while locked is audited too.
        """
        stored = self._config.security.technician_pin_hash
        if not stored:
            raise DomainError("no technician PIN is configured", code="technician_pin_disabled")
        locked_until = self._pin_lockouts.locked_until(TECHNICIAN_PIN_ID)
        if locked_until is not None:
            self._audit.append(
                "technician.login_refused",
                reason="technician_pin_locked",
                locked_until=locked_until.isoformat(),
            )
            raise DomainError("technician PIN locked for a while", code="technician_pin_locked")
        if not verify_password(pin, stored):
            locked = self._pin_lockouts.record_failure(
                TECHNICIAN_PIN_ID, TECHNICIAN_PIN_MAX_TRIES, TECHNICIAN_PIN_LOCK
            )
            code = "technician_pin_locked" if locked else "technician_pin_wrong"
            self._audit.append("technician.login_refused", reason=code)
            raise DomainError("wrong technician PIN", code=code)
        self._pin_lockouts.clear(TECHNICIAN_PIN_ID)
        identity = StaffIdentity(TECHNICIAN_PIN_ID, "Technician", ROLE_TECHNICIAN)
        return self._start(identity, MODE_TECHNICIAN, METHOD_PIN)

    def _start(self, identity: StaffIdentity, mode: str, method: str) -> AdminSession:
        self.session = AdminSession(identity, mode, method, self._clock.monotonic())
        self._last_activity = self._clock.monotonic()
        self._audit.append(
            f"{mode}.login", staff_id=identity.staff_id, role=identity.role, method=method
        )
        return self.session

    # While unlocked.
    def touch(self) -> None:
        """A tap in the admin mode: the idle time starts again."""
        self._last_activity = self._clock.monotonic()

    def require(self, mode: str = MODE_STAFF, *, touch: bool = True) -> StaffIdentity:
        """The logged-in holder, for a function of ``mode``. Raises AdminLocked.

        ``touch=False`` for what the screen refreshes by itself (status lights, the camera
        preview): that is not a tap, so it must not keep the mode open.
        """
        session = self.session
        if session is None or session.mode != mode:
            raise AdminLocked(f"{mode} mode is not unlocked")
        if touch:
            self.touch()
        return session.identity

    def check(self) -> str | None:
        """End the session when its card left or it sat idle; the reason, or None."""
        session = self.session
        if session is None:
            return None
        if session.method == METHOD_CARD and not self.card_present():
            self.lock(LEFT_CARD_REMOVED)
            return LEFT_CARD_REMOVED
        idle = self._clock.monotonic() - self._last_activity
        if idle >= self._config.timeouts.admin_idle_seconds:
            self.lock(LEFT_IDLE)
            return LEFT_IDLE
        return None

    def lock(self, reason: str = LEFT_BY_STAFF) -> None:
        session = self.session
        if session is None:
            return
        self.session = None
        self._audit.append(
            f"{session.mode}.logout", staff_id=session.identity.staff_id, reason=reason
        )

    def audit(self, event: str, mode: str = MODE_STAFF, **data: object) -> None:
        """One audit entry for a staff action, stamped with the holder's staff id."""
        identity = self.require(mode)
        self._audit.append(event, staff_id=identity.staff_id, **data)
