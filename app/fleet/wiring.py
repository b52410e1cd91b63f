"""Putting the authority service under a composed kiosk: its HTTP adapters in place of the
embedded register, holdings, witness ledger, lockouts and open visits."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from app.fleet.client import AuthorityClient
from app.fleet.remote import (
    RemoteNemIdHoldings,
    RemoteOpenVisits,
    RemoteQuestionLockouts,
    RemoteRegister,
    RemoteWitnessLedger,
)
from kiosk.config import KioskConfig
from kiosk.storage.stores import KioskStorage, RegisterStorage


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
    remote_kiosk = dataclasses.replace(
        kiosk,
        lockouts=RemoteQuestionLockouts(client),
        witnesses=RemoteWitnessLedger(client),
        open_visits=RemoteOpenVisits(client),
    )
    remote_register = FleetRegisterStorage(
        register.db,
        RemoteRegister(client),
        RemoteNemIdHoldings(client),
        keys=register.keys,  # the embedded register's, for seeding it; issuing asks the service
        client=client,
    )
    return remote_kiosk, remote_register
