"""Putting the authority service under a composed kiosk: its HTTP adapters in place of the
embedded register, holdings, witness ledger, lockouts and open visits."""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass, field

from app.fleet.audit_stream import push_audit
from app.fleet.client import AuthorityClient
from app.fleet.postal_queue import QueuedPostalOrders
from app.fleet.remote import (
    RemoteNemIdHoldings,
    RemoteOpenVisits,
    RemoteQuestionLockouts,
    RemoteRegister,
    RemoteWitnessLedger,
)
from kiosk.clock import Clock
from kiosk.config import KioskConfig
from kiosk.errors import KioskError
from kiosk.journey.services import PostalOrders
from kiosk.ports import NemIdAuthority
from kiosk.storage.stores import KioskStorage, RegisterStorage, kiosk_database_path

LOG = logging.getLogger("kiosk.fleet")
POSTAL_QUEUE_DIR = "postal-queue"


@dataclass
class FleetKioskStorage(KioskStorage):
    """The kiosk storage whose audit chain is streamed to the service (at start and close)."""

    client: AuthorityClient | None = field(default=None, repr=False)

    def push_audit(self) -> int:
        """Send the entries the service does not hold yet; a failure waits for the next time."""
        if self.client is None:
            return 0
        try:
            return push_audit(self.client, self.audit)
        except KioskError as exc:
            LOG.warning("audit streaming waits: %s", exc)
            return 0

    def close(self) -> None:
        self.push_audit()
        super().close()


@dataclass
class FleetRegisterStorage(RegisterStorage):
    """The register storage whose register and authority are the service's."""

    client: AuthorityClient | None = field(default=None, repr=False)

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
        super().close()


def in_fleet(config: KioskConfig) -> bool:
    return bool(config.authority.url)


def attach_authority(
    config: KioskConfig, kiosk: KioskStorage, register: RegisterStorage
) -> tuple[KioskStorage, RegisterStorage]:
    """``kiosk`` and ``register`` with the national parts served by ``[authority]``."""
    client = AuthorityClient(config.authority)
    parts = {f.name: getattr(kiosk, f.name) for f in dataclasses.fields(kiosk)}
    remote_kiosk = FleetKioskStorage(
        **{
            **parts,
            "lockouts": RemoteQuestionLockouts(client),
            "witnesses": RemoteWitnessLedger(client),
            "open_visits": RemoteOpenVisits(client),
        },
        client=client,
    )
    remote_register = FleetRegisterStorage(
        db=register.db,
        register=RemoteRegister(client),
        authority=RemoteNemIdHoldings(client),
        keys=register.keys,  # the embedded register's, for seeding it; issuing asks the service
        client=client,
    )
    return remote_kiosk, remote_register


def queued_postal_orders(
    config: KioskConfig, clock: Clock, postal: PostalOrders, authority: NemIdAuthority
) -> QueuedPostalOrders:
    """The post path over the durable queue beside the kiosk database, drained once now."""
    queue = QueuedPostalOrders(
        postal, kiosk_database_path(config).with_name(POSTAL_QUEUE_DIR), clock, config, authority
    )
    try:
        queue.drain()
    except KioskError as exc:
        LOG.warning("queued postal orders wait: %s", exc)
    return queue
