"""Postal orders while the authority cannot be reached: queued on disk, sent once it is back.

A postal order needs the authority (the NemID is reserved and activated there). When it cannot
be reached, :class:`QueuedPostalOrders` writes the citizen's request to the kiosk's queue folder
(one JSON file each, written to a temporary name, flushed to disk and renamed, mode 0600: it
holds the name and address the letters need) and answers with a queued order, reference
``Q-...``, whose delivery window counts from today. :meth:`QueuedPostalOrders.drain` sends the
queue in order when the service answers again: at start-up and before every new order.

Each entry is sent exactly once. It is renamed ``.sending`` before it is sent and removed after;
an entry found ``.sending`` was being sent when the kiosk stopped, so it is sent again only if
the authority shows no NemID for the person activated on or after the day it was queued.
"""

from __future__ import annotations

import json
import logging
import os
import uuid
from dataclasses import asdict
from datetime import date
from pathlib import Path

from app.fleet.client import AuthorityUnreachable
from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.devices.printouts import PostalReceipt
from kiosk.errors import KioskError
from kiosk.identity.addresses import mask_street
from kiosk.identity.cpr import mask_cpr
from kiosk.issuance.postal import KIND_BOTH, PostalRequest
from kiosk.journey.services import PostalOrders
from kiosk.ports import NemIdAuthority
from kiosk.rules.delivery import postal_window
from kiosk.storage.records import PostalOrder

LOG = logging.getLogger("kiosk.fleet")
QUEUED = ".json"
SENDING = ".sending"


class QueuedPostalOrders:
    """The journey's PostalOrders: the real service, or the durable queue when it is away."""

    def __init__(
        self,
        inner: PostalOrders,
        folder: Path,
        clock: Clock,
        config: KioskConfig,
        authority: NemIdAuthority,
    ) -> None:
        self._inner = inner
        self._folder = folder
        self._clock = clock
        self._config = config
        self._authority = authority

    def order(self, request: PostalRequest) -> PostalOrder:
        try:
            self.drain()
        except KioskError as exc:  # the queue waits; this citizen's order goes on
            LOG.warning("queued postal orders wait: %s", exc)
        try:
            return self._inner.order(request)
        except AuthorityUnreachable:
            return self._enqueue(request)

    def receipt_for(self, reference: str) -> PostalReceipt:
        """The receipt of an order, a queued one's from its entry in the queue."""
        for path in self.queued():
            entry = json.loads(path.read_text(encoding="utf-8"))
            if entry["reference"] == reference:
                request = PostalRequest(**entry["request"])
                ordered_on = date.fromisoformat(entry["queued_on"])
                window = postal_window(ordered_on, self._config.rules)
                return PostalReceipt(
                    reference, request.holder_name, mask_cpr(request.cpr), ordered_on,
                    window.earliest, window.latest, request.language, mask_street(request.address),
                )  # fmt: skip
        return self._inner.receipt_for(reference)

    def queued(self) -> list[Path]:
        if not self._folder.is_dir():
            return []
        return sorted(p for p in self._folder.iterdir() if p.suffix in (QUEUED, SENDING))

    def drain(self) -> list[str]:
        """Send every queued order, oldest first; returns the references of those sent. The
        first that fails (the authority still away, say) stays queued, and its error is raised."""
        sent = []
        for path in self.queued():
            entry = json.loads(path.read_text(encoding="utf-8"))
            request = PostalRequest(**entry["request"])
            if path.suffix == SENDING and self._already_sent(request, entry["queued_on"]):
                path.unlink()
                continue
            sending = path.with_suffix(SENDING)
            path.replace(sending)
            try:
                order = self._inner.order(request)
            except KioskError:
                sending.replace(path.with_suffix(QUEUED))  # not sent (voided): it waits
                raise
            sending.unlink()
            LOG.info("queued postal order %s sent as %s", entry["reference"], order.reference)
            sent.append(order.reference)
        return sent

    def _already_sent(self, request: PostalRequest, queued_on: str) -> bool:
        holding = self._authority.holding(request.cpr)
        return holding is not None and holding.active_since >= date.fromisoformat(queued_on)

    def _enqueue(self, request: PostalRequest) -> PostalOrder:
        today = self._clock.today()
        reference = f"Q-{uuid.uuid4().hex[:12].upper()}"
        self._folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        stamp = self._clock.now().strftime("%Y%m%dT%H%M%S%f")
        path = self._folder / f"{stamp}-{reference}{QUEUED}"
        entry = {"reference": reference, "queued_on": today.isoformat(), "request": asdict(request)}
        temporary = path.with_suffix(".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(entry, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
        window = postal_window(today, self._config.rules)
        LOG.warning("authority unreachable: postal order %s queued", reference)
        return PostalOrder(
            reference, "", KIND_BOTH, request.rule, ("password", "code_card"), today,
            window.earliest, window.latest, status="queued",
        )  # fmt: skip
