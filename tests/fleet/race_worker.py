"""A process of its own that tries to vouch, for the race tests (importable under spawn)."""

from __future__ import annotations

from multiprocessing.synchronize import Barrier

from kiosk.clock import SystemClock
from kiosk.errors import KioskError
from kiosk.storage.postgres.store import AuthorityStore


def vouch(url: str, kiosk_id: str, witness: str, applicant: str, barrier: Barrier) -> str:
    """``won`` or the refusal's code; every process starts its transaction at the barrier."""
    with AuthorityStore.open(url, SystemClock(), migrate=False) as store:
        ledger = store.for_kiosk(kiosk_id).witnesses
        barrier.wait(timeout=30)
        try:
            ledger.record_within_limit(witness, applicant, "declaration", "v1", "sig")
        except KioskError as exc:
            return exc.code
        return "won"
