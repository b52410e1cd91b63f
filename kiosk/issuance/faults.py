"""Named crash points in the issuance and postal transactions, for crash-injection tests.

The issuance and postal code call ``faults.reached("after_reserve")`` at each step. In
production :class:`FaultPoints` is a no-op. Under the test harness (:mod:`kiosk.harness`; the
production ``kiosk`` command ignores the variable), when ``KIOSK_CRASH_AT`` names a point, the
process sends itself SIGKILL there, with no cleanup, exactly like a power
cut; the tests restart the kiosk and check that recovery leaves nothing half done. The points
are injected through the constructor of the services that reach them, defaulting to
:meth:`FaultPoints.from_environment`.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from kiosk.errors import ConfigError
from kiosk.harness import hook_variable

CRASH_ENV = "KIOSK_CRASH_AT"

# The issuance transaction of DESIGN.md, in order.
ISSUANCE_POINTS: tuple[str, ...] = (
    "after_reserve",
    "mid_password_slip",
    "between_slip_and_card",
    "mid_code_card",
    "before_activate",
    "mid_audit_write",
)
# A postal order (R2, R2b, R4, R8), in order.
POSTAL_POINTS: tuple[str, ...] = (
    "after_order_reserve",
    "before_letters",
    "between_letters",
    "before_order_complete",
    "after_activate",  # the NemID is active, the order not yet marked complete
)
FAULT_POINTS: frozenset[str] = frozenset(ISSUANCE_POINTS + POSTAL_POINTS)


def _kill_self() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


@dataclass
class FaultPoints:
    """Crash at ``crash_at`` (one of :data:`FAULT_POINTS`) or, when None, never.

    ``reached`` records every point passed, so a test can check the order of the steps.
    """

    crash_at: str | None = None
    on_crash: Callable[[], None] = _kill_self
    passed: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.crash_at is not None and self.crash_at not in FAULT_POINTS:
            known = ", ".join(sorted(FAULT_POINTS))
            raise ConfigError(f"unknown fault point {self.crash_at!r}; known: {known}")

    @classmethod
    def from_environment(
        cls, environ: Mapping[str, str] | None = None, *, armed: bool | None = None
    ) -> FaultPoints:
        """Points armed by ``KIOSK_CRASH_AT`` under the test harness (empty, unset or outside
        the harness: never crash; ``armed`` None: whether this process runs under it)."""
        return cls(crash_at=hook_variable(CRASH_ENV, environ, armed=armed) or None)

    def reached(self, point: str) -> None:
        """Mark ``point`` passed; die there when armed for it. Unknown names are a bug."""
        if point not in FAULT_POINTS:
            raise ValueError(f"unknown fault point {point!r}")
        self.passed.append(point)
        if point == self.crash_at:
            self.on_crash()
