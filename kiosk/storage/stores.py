"""Opening the kiosk's storage from the config: where the files live and what sits on them.

The composition root calls :func:`open_kiosk_storage` and :func:`open_register_storage` once;
nothing opens a database at import time. Empty paths in ``config.storage`` and
``config.security`` mean the platform data directory (platformdirs); the kiosk key sits beside
the kiosk database unless configured, and the register is the sibling ``register.sqlite``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_dir

from kiosk.clock import Clock, SystemClock
from kiosk.config import KioskConfig
from kiosk.storage.audit_signing import AUDIT_KEY_FILE_NAME, AuditSigner, load_or_create_signer
from kiosk.storage.authority_keys import AuthorityKeys
from kiosk.storage.cpr_ref import CprPseudonyms
from kiosk.storage.key_files import (
    AUDIT_KEY_NAME,
    AUTHORITY_PREFIX,
    KIOSK_KEY_NAME,
    authority_fingerprints,
    authority_key_path,
    authority_keys_for,
    check_fingerprints,
    kiosk_key_fingerprint,
)
from kiosk.storage.kiosk_key import KEY_FILE_NAME, load_or_create_key
from kiosk.storage.kiosk_lock import KioskLock
from kiosk.storage.personas import load_personas, seed_personas
from kiosk.storage.repositories import (
    ActivityCounts,
    AuditLog,
    ExemptionQueue,
    HelpCallQueue,
    IssuanceJournal,
    NemIdHoldings,
    OpenVisits,
    OutreachQueue,
    PinLockouts,
    PostalOrderBook,
    QuestionLockouts,
    Register,
    UnitOfWork,
    WitnessLedger,
)
from kiosk.storage.sqlite.activity import SqliteActivityCounts
from kiosk.storage.sqlite.audit_log import SqliteAuditLog
from kiosk.storage.sqlite.authority import SqliteNemIdAuthority
from kiosk.storage.sqlite.database import ENGINE_VERSION, Database
from kiosk.storage.sqlite.exemptions import SqliteExemptionQueue
from kiosk.storage.sqlite.help_calls import SqliteHelpCallQueue
from kiosk.storage.sqlite.issuance_journal import SqliteIssuanceJournal
from kiosk.storage.sqlite.key_fingerprints import record_fingerprints, recorded_fingerprints
from kiosk.storage.sqlite.lockouts import SqliteQuestionLockouts
from kiosk.storage.sqlite.open_visits import SqliteOpenVisits
from kiosk.storage.sqlite.outreach import SqliteOutreachQueue
from kiosk.storage.sqlite.pin_lockouts import SqlitePinLockouts
from kiosk.storage.sqlite.postal_orders import SqlitePostalOrderBook
from kiosk.storage.sqlite.register import SqliteCprRegister
from kiosk.storage.sqlite.unit_of_work import SqliteUnitOfWork
from kiosk.storage.sqlite.witness_ledger import SqliteWitnessLedger

APP_NAME = "nemid-kiosk"
KIOSK_DB_NAME = "kiosk.sqlite"
REGISTER_DB_NAME = "register.sqlite"
BACKUPS_DIR_NAME = "backups"
AUDIT_SIGNED_SINCE = 13  # the kiosk schema version that added audit signatures


def kiosk_database_path(config: KioskConfig) -> Path:
    if config.storage.database:
        return Path(config.storage.database)
    return Path(user_data_dir(APP_NAME, appauthor=False)) / KIOSK_DB_NAME


def register_database_path(config: KioskConfig) -> Path:
    return kiosk_database_path(config).with_name(REGISTER_DB_NAME)


def kiosk_key_path(config: KioskConfig) -> Path:
    if config.security.kiosk_key_file:
        return Path(config.security.kiosk_key_file)
    return kiosk_database_path(config).with_name(KEY_FILE_NAME)


def backups_dir(config: KioskConfig) -> Path:
    if config.storage.backups:
        return Path(config.storage.backups)
    return kiosk_database_path(config).with_name(BACKUPS_DIR_NAME)


@dataclass
class KioskStorage:
    """The kiosk database and its repositories, each typed by its role; close it when done."""

    db: Database
    pseudonyms: CprPseudonyms = field(repr=False)
    audit: AuditLog
    lockouts: QuestionLockouts
    witnesses: WitnessLedger
    exemptions: ExemptionQueue
    outreach: OutreachQueue
    help_calls: HelpCallQueue
    open_visits: OpenVisits
    pin_lockouts: PinLockouts
    activity: ActivityCounts
    journal: IssuanceJournal
    postal_orders: PostalOrderBook
    unit_of_work: UnitOfWork
    lock: KioskLock | None = field(default=None, repr=False)  # held by the running kiosk

    def close(self) -> None:
        self.db.close()
        if self.lock is not None:
            self.lock.release()

    def __enter__(self) -> KioskStorage:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


@dataclass
class RegisterStorage:
    """The register database with the CPR register and the NemID authority's holdings over it."""

    db: Database
    register: Register
    authority: NemIdHoldings
    keys: AuthorityKeys = field(repr=False)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> RegisterStorage:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def open_kiosk_storage(
    config: KioskConfig, clock: Clock, *, path: Path | None = None, lock: bool = False
) -> KioskStorage:
    """Open (create, migrate) the kiosk database and load the kiosk key (created with a new
    database only). Raises StorageError or ConfigError for a lost or exchanged key."""
    database = path or kiosk_database_path(config)
    # ``lock``: the running kiosk, alone with its kiosk_id on this store (kiosk_lock.py).
    held = KioskLock.acquire(database, config.kiosk_id) if lock else None
    try:
        db = Database.open(database, "kiosk", backup_dir=backups_dir(config))
    except BaseException:
        if held is not None:
            held.release()
        raise
    try:
        pseudonyms = CprPseudonyms(_kiosk_key(db, kiosk_key_path(config)))
        signer = _audit_signer(db, audit_key_path(config))
    except BaseException:
        db.close()
        if held is not None:
            held.release()
        raise
    audit = SqliteAuditLog(db, clock, config.kiosk_id, signer)
    journal = SqliteIssuanceJournal(db, clock, config.kiosk_id)
    postal_orders = SqlitePostalOrderBook(db, audit, clock, pseudonyms, config.kiosk_id)
    return KioskStorage(
        db=db,
        pseudonyms=pseudonyms,
        audit=audit,
        lockouts=SqliteQuestionLockouts(db, clock, pseudonyms),
        witnesses=SqliteWitnessLedger(db, clock, pseudonyms),
        exemptions=SqliteExemptionQueue(db, clock, pseudonyms),
        outreach=SqliteOutreachQueue(db, clock, pseudonyms),
        help_calls=SqliteHelpCallQueue(db, clock, config.kiosk_id),
        open_visits=SqliteOpenVisits(db, clock, pseudonyms, config.kiosk_id),
        pin_lockouts=SqlitePinLockouts(db, clock),
        activity=SqliteActivityCounts(db, config.kiosk_id),
        journal=journal,
        postal_orders=postal_orders,
        unit_of_work=SqliteUnitOfWork(
            db, journal=journal, audit=audit, postal_orders=postal_orders
        ),
        lock=held,
    )


def _kiosk_key(db: Database, key_file: Path) -> bytes:
    recorded = recorded_fingerprints(db)
    key = load_or_create_key(key_file, create=KIOSK_KEY_NAME not in recorded)
    loaded = kiosk_key_fingerprint(key)
    check_fingerprints(recorded, loaded, prefix=KIOSK_KEY_NAME, key_file=key_file, data=db.path)
    record_fingerprints(db, loaded)
    return key


def audit_key_path(config: KioskConfig) -> Path:
    """The kiosk's audit signing key: beside the kiosk database."""
    return kiosk_database_path(config).with_name(AUDIT_KEY_FILE_NAME)


def _audit_signer(db: Database, key_file: Path) -> AuditSigner:
    recorded = recorded_fingerprints(db)
    signer = load_or_create_signer(key_file, create=AUDIT_KEY_NAME not in recorded)
    loaded = {AUDIT_KEY_NAME: signer.verifier.public_bytes().hex()}
    check_fingerprints(recorded, loaded, prefix=AUDIT_KEY_NAME, key_file=key_file, data=db.path)
    record_fingerprints(db, loaded)
    return signer


def backup_audit_problem(backup: Path, key_file: Path) -> str:
    """What is wrong with the audit log of a kiosk-database backup, or "": its chain, and its
    signatures under the kiosk's key file when there is one. A backup from before audit
    signatures (schema < 13) has its chain checked only."""
    with Database.open(backup, "kiosk", migrate=False) as db:
        signed = db.schema_version() >= AUDIT_SIGNED_SINCE
        verifier = None
        if signed and key_file.exists():
            verifier = load_or_create_signer(key_file, create=False).verifier
        log = SqliteAuditLog(db, SystemClock(), "", verifier=verifier)
        report = log.verify() if signed else log.verify_chain_only()
    problem = report.problem
    return f"audit entry {problem.seq} {problem.kind}: {problem.detail}" if problem else ""


def open_register_storage(
    config: KioskConfig, clock: Clock, *, path: Path | None = None, seed: bool = True
) -> RegisterStorage:
    """Open the register database and the authority's keys; an empty register is seeded with
    the personas when ``seed`` and the config is the demo (production never gets them). Raises
    ConfigError for a missing, lost or exchanged key file."""
    db_path = path or register_database_path(config)
    key_file = authority_key_path(config, kiosk_database_path(config))
    db = Database.open(db_path, "register", backup_dir=backups_dir(config))
    register = SqliteCprRegister(db)
    try:
        keys = authority_keys_for(config, key_file)
        loaded = authority_fingerprints(keys)
        recorded = recorded_fingerprints(db)
        check_fingerprints(
            recorded, loaded, prefix=AUTHORITY_PREFIX, key_file=key_file, data=db_path
        )
        record_fingerprints(db, loaded)
        if seed and config.demo and register.count() == 0:
            seed_personas(db, clock.today(), keys)
    except BaseException:
        db.close()
        raise
    return RegisterStorage(db, register, SqliteNemIdAuthority(db, clock, keys), keys)


def register_holds_personas(config: KioskConfig) -> bool:
    """Whether the configured register database exists and holds any of the demo personas."""
    path = register_database_path(config)
    if not path.is_file():
        return False
    with Database.open(path, "register", migrate=False) as db:
        register = SqliteCprRegister(db)
        return any(register.find(persona.cpr) is not None for persona in load_personas())


def storage_versions(kiosk: KioskStorage, register: RegisterStorage) -> dict[str, str]:
    """The database engine's version and the two schema versions, for the technician."""
    return {
        "sqlite": ENGINE_VERSION,
        "kiosk_schema": str(kiosk.db.schema_version()),
        "register_schema": str(register.db.schema_version()),
    }
