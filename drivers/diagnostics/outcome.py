"""What a device self-test returns, and the context it runs in.

A check module exposes ``self_test(url, context) -> Outcome``. It raises ``KioskError``
subclasses for a device that fails (the runner reports them as ``fault``) and
:class:`SelfTestUnavailable` when it cannot test here at all (no driver, no pcscd), which the
runner reports as ``unavailable``, and :class:`DeviceInUse` for a device another process holds
(``in_use``).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from drivers.diagnostics.simulated import DiagSimulators
from kiosk.errors import KioskError

STATUS_OK = "ok"
STATUS_FAULT = "fault"
STATUS_UNAVAILABLE = "unavailable"
STATUS_NOT_FITTED = "not_fitted"
STATUS_IN_USE = "in_use"


class SelfTestUnavailable(KioskError):
    """The self-test cannot run on this machine (a driver or simulator is missing)."""

    code = "selftest_unavailable"


class DeviceInUse(KioskError):
    """Another process (a running kiosk) holds the device: reported, not waited on."""

    code = "device_in_use"


@dataclass(frozen=True)
class Outcome:
    """A passed self-test: what was checked, and facts worth keeping (ATR, frame size...)."""

    detail: str
    facts: dict[str, object] = field(default_factory=dict)
    status: str = STATUS_OK


@dataclass(frozen=True)
class DiagContext:
    """Settings shared by every self-test of one ``kiosk diag`` run.

    ``simulators`` gives the simulated parts of ``sim://`` self-tests (and the simulators
    ``kiosk sim`` runs behind real URLs); without it a ``sim://`` device is ``unavailable``.
    """

    timeout: float = 10.0
    print_test_page: bool = True
    language: str = "da"
    simulators: DiagSimulators | None = None
    printer_profile: str = ""  # ``[printer] profile`` or ``--profile``; "" asks the printer
    work_dir: Path = field(default_factory=lambda: Path(tempfile.gettempdir()))

    def require_simulators(self) -> DiagSimulators:
        """The simulators for a ``sim://`` device. Raises SelfTestUnavailable without them."""
        if self.simulators is None:
            raise SelfTestUnavailable("no simulators were given to test a sim:// device")
        return self.simulators
