"""Wires the admin services onto a composed app: ``build_admin(core) -> Admin``.

The staff-card reader is the app's ``card_reader`` device when it is a StaffCardReader (has
``authenticate``), or the one given; it is opened here so a card's insertion can be watched.
The recent-errors handler is attached here and detached by :meth:`Admin.close`, so nothing
outlives the app.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from kiosk.admin.access import AdminAccess
from kiosk.admin.bench import TechnicianBench
from kiosk.admin.desk import StaffDesk
from kiosk.admin.diagnostics_bundle import write_bundle
from kiosk.admin.recent_errors import RecentErrors
from kiosk.composed import App
from kiosk.errors import KioskError
from kiosk.ports import StaffCardReader

LOG = logging.getLogger("kiosk.admin")


@dataclass
class Admin:
    core: App
    access: AdminAccess
    desk: StaffDesk
    bench: TechnicianBench
    errors: RecentErrors

    def export_bundle(self, directory: Path | None = None) -> Path:
        return write_bundle(self.bench, self.core, directory)

    def close(self) -> None:
        self.access.lock()
        self.errors.detach()


def build_admin(core: App, reader: StaffCardReader | None = None) -> Admin:
    if reader is None:
        device = core.devices.card_reader
        reader = device if hasattr(device, "authenticate") else None
    _open(reader)
    access = AdminAccess(core.config, core.kiosk.audit, core.clock, reader, core.kiosk.pin_lockouts)
    errors = RecentErrors().attach()
    return Admin(
        core, access, StaffDesk(core, access), TechnicianBench(core, access, errors), errors
    )


def _open(reader: object) -> None:
    """Open the reader so its card can be watched; a reader down now is retried on use."""
    opener = getattr(reader, "open", None)
    if opener is None:
        return
    try:
        opener()
    except KioskError as exc:
        LOG.warning("staff-card reader not open: %s", exc, extra={"device": "card_reader"})
