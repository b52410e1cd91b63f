"""A credential's life: reserved (``printing``) -> parts delivered -> activated, or voided (R12).

Shared by the counter issuance (:mod:`kiosk.issuance.transaction`) and postal orders
(:mod:`kiosk.issuance.postal`). Every step is journaled
(:class:`kiosk.storage.repositories.IssuanceJournal`) and audited through one
:class:`kiosk.storage.repositories.UnitOfWork`; :meth:`CredentialLifecycle.recover_interrupted`
voids on start-up whatever this kiosk left half done. The activation's journal update and audit
entry commit together, and the register is activated only after that commit: a crash between
the two leaves a ``printing`` credential, which recovery voids, never an active one that was not
delivered whole.
"""

from __future__ import annotations

from kiosk.config import KioskConfig
from kiosk.errors import KioskError, StorageError
from kiosk.issuance.credentials import NewCredential, new_credential, stored_secrets
from kiosk.issuance.faults import FaultPoints
from kiosk.issuance.registry import CredentialRegistry
from kiosk.storage.cpr_ref import CprPseudonyms
from kiosk.storage.repositories import IssuanceJournal, UnitOfWork

VOID_INTERRUPTED = "interrupted"
PRINTING = "printing"
# Fresh credentials to try when another kiosk wins a race for the same number or serial.
RESERVE_ATTEMPTS = 3


class CredentialLifecycle:
    def __init__(
        self,
        config: KioskConfig,
        *,
        registry: CredentialRegistry,
        work: UnitOfWork,
        pseudonyms: CprPseudonyms,
        faults: FaultPoints | None = None,
    ) -> None:
        self._config = config
        self._registry = registry
        self._work = work
        self._audit = work.audit
        self._pseudonyms = pseudonyms
        self._faults = faults if faults is not None else FaultPoints.from_environment()

    def reserve(self, cpr: str, channel: str, rule: str) -> NewCredential:
        """Make a credential, journal it, reserve it as ``printing`` and audit it.

        The journal row comes first, so every ``printing`` credential has an owner to recover
        it. When another kiosk takes the same number or serial between the check and the insert,
        a fresh credential is made (up to RESERVE_ATTEMPTS times). The returned object holds the
        plain secrets: keep it in a local variable. Raises StorageError (e.g. not in register).
        """
        masked = self._pseudonyms.masked(cpr)
        for attempt in range(1, RESERVE_ATTEMPTS + 1):
            credential = new_credential(
                self._config.rules,
                number_exists=self._number_taken,
                serial_exists=self._serial_taken,
            )
            hashed = stored_secrets(credential, self._registry.keys())
            number, serial = credential.nemid_number, credential.card_serial
            try:
                self.journal.open(number, serial, self._pseudonyms.ref(cpr), masked, channel)
            except StorageError:
                if attempt < RESERVE_ATTEMPTS and self._journal_taken(number, serial):
                    continue
                raise
            try:
                self._registry.reserve(cpr, number, serial, hashed)
            except KioskError as exc:
                with self._work.transaction():
                    self.journal.set_status(number, "voided", exc.code)
                taken = self._registry.number_exists(number) or self._registry.serial_exists(serial)
                if attempt < RESERVE_ATTEMPTS and taken:
                    continue
                raise
            self._audit.append(
                "credential.reserved",
                nemid_number=number,
                card_serial=serial,
                masked_cpr=masked,
                channel=channel,
                rule=rule,
            )
            return credential
        raise StorageError("no unused NemID number and serial")

    @property
    def journal(self) -> IssuanceJournal:
        """This kiosk's issuance journal (the unit of work's)."""
        return self._work.journal

    def _journal_taken(self, number: str, serial: str) -> bool:
        return self.journal.exists(number) or self.journal.serial_exists(serial)

    def _number_taken(self, number: str) -> bool:
        return self._registry.number_exists(number) or self.journal.exists(number)

    def _serial_taken(self, serial: str) -> bool:
        return self._registry.serial_exists(serial) or self.journal.serial_exists(serial)

    def confirm_part(self, nemid_number: str, part: str, how: str) -> None:
        """Journal and audit one part delivered whole; ``how`` is "printed" or "posted"."""
        with self._work.transaction():
            self.journal.mark(nemid_number, part)
            self._audit.append(f"credential.{part}_{how}", nemid_number=nemid_number)

    def activate(self, nemid_number: str, rule: str) -> None:
        """Journal and audit in one commit (``mid_audit_write`` inside it), then activate."""
        with self._work.transaction():
            self.journal.set_status(nemid_number, "activated")
            self._audit.append("credential.activated", nemid_number=nemid_number, rule=rule)
            self._faults.reached("mid_audit_write")
        self._registry.activate(nemid_number)

    def void(self, nemid_number: str, reason: str) -> None:
        """Void a credential that will not be delivered whole, and audit why."""
        self._registry.void(nemid_number)
        with self._work.transaction():
            self.journal.set_status(nemid_number, "voided", reason)
            self._audit.append("credential.voided", nemid_number=nemid_number, reason=reason)

    def recover_interrupted(self) -> list[str]:
        """Void every credential this kiosk left unfinished; returns their numbers.

        Only credentials this kiosk journaled: one ``printing`` in the register with no journal
        row here was journaled (journal first, then reserve) by a kiosk on another store, and one
        journaled by another kiosk id is left to that kiosk's own start-up. The composition root
        holds the kiosk lock (:mod:`kiosk.storage.kiosk_lock`), so no live process shares this id.
        """
        voided = []
        for number in self._registry.numbers_in_status(PRINTING):
            if self.journal.owner(number) == self._config.kiosk_id:
                self.void(number, VOID_INTERRUPTED)
                voided.append(number)
        for number in self.journal.unfinished(self._config.kiosk_id):
            # Journaled but never reserved in the register, or voided there by a void that was
            # killed before its journal update: either way it is over.
            with self._work.transaction():
                self.journal.set_status(number, "voided", VOID_INTERRUPTED)
                self._audit.append(
                    "credential.voided", nemid_number=number, reason=VOID_INTERRUPTED
                )
            voided.append(number)
        return voided
