"""The authority's side of issuance: the credential registry the issuance transaction needs.

:class:`CredentialRegistry` is the part of the NemID authority the issuance transaction needs
(reserve as ``printing``, activate, void, uniqueness checks, the keys that hash secrets);
:class:`AuthorityCredentials` adapts the authority's holdings
(:class:`kiosk.storage.repositories.NemIdHoldings`) to it. This kiosk's own record of what it
began, the issuance journal, is the :class:`kiosk.storage.repositories.IssuanceJournal`.
"""

from __future__ import annotations

from typing import Protocol

from kiosk.issuance.credentials import StoredSecrets
from kiosk.storage.authority_keys import AuthorityKeys
from kiosk.storage.repositories import NemIdHoldings

PRINTING = "printing"


class CredentialRegistry(Protocol):
    def number_exists(self, number: str) -> bool: ...

    def serial_exists(self, serial: str) -> bool: ...

    def keys(self) -> AuthorityKeys:
        """The authority's versioned keys the password and codes are hashed under."""

    def reserve(self, cpr: str, number: str, card_serial: str, hashed: StoredSecrets) -> None:
        """Store a new credential as ``printing``; only hashes are given."""

    def activate(self, number: str) -> None: ...

    def void(self, number: str) -> None: ...

    def numbers_in_status(self, status: str) -> list[str]: ...

    def status_of(self, number: str) -> str | None: ...


class AuthorityCredentials:
    """:class:`CredentialRegistry` over the authority's NemIdHoldings (a thin adapter).

    It narrows the authority's issuing calls to what issuance needs and makes ``void``
    idempotent (the authority refuses to void a voided holding; recovery may ask twice).
    """

    def __init__(self, authority: NemIdHoldings) -> None:
        self._authority = authority

    def number_exists(self, number: str) -> bool:
        return self._authority.number_exists(number)

    def serial_exists(self, serial: str) -> bool:
        return self._authority.serial_exists(serial)

    def keys(self) -> AuthorityKeys:
        return self._authority.keys

    def reserve(self, cpr: str, number: str, card_serial: str, hashed: StoredSecrets) -> None:
        self._authority.reserve(cpr, number, hashed.password_hash, card_serial, hashed.code_hashes)

    def activate(self, number: str) -> None:
        self._authority.activate(number)

    def void(self, number: str) -> None:
        """``printing`` -> ``voided``; an unknown, active or voided number is left alone."""
        if self.status_of(number) == PRINTING:
            self._authority.void(number)

    def numbers_in_status(self, status: str) -> list[str]:
        return [record.number for record in self._authority.holdings_in_status(status)]

    def status_of(self, number: str) -> str | None:
        if not self._authority.number_exists(number):
            return None
        return self._authority.record(number).status
