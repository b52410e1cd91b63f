"""The versioned schemas of the two databases, as ordered lists of migrations.

To change a schema, APPEND a ``Migration`` with the next version number to
``KIOSK_MIGRATIONS`` (the kiosk's own database) or ``REGISTER_MIGRATIONS`` (the embedded CPR
register and NemID authority); never edit or reorder one that has shipped. Each migration runs
once, in one transaction, and sets ``PRAGMA user_version`` to its version, so an existing
database is brought up to date on open (after a backup, see :mod:`kiosk.storage.sqlite.database`).
The kiosk database must never hold a plain CPR number, password or code: key people by
``cpr_ref`` and keep ``masked_cpr`` (DDMMYY-XXXX) for display. Times are ISO 8601 UTC text
(:mod:`kiosk.storage.timestamps`), so they compare as strings.
"""

from __future__ import annotations

from dataclasses import dataclass

# PRAGMA application_id values, so a kiosk database is never opened as a register or the reverse.
KIOSK_APPLICATION_ID = 0x4E4B494F  # "NKIO"
REGISTER_APPLICATION_ID = 0x4E524547  # "NREG"


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    sql: str


KIOSK_MIGRATIONS: list[Migration] = [
    Migration(
        1,
        "audit log: append-only, hash-chained, with the head kept apart to catch a cut tail",
        """
        CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY,
            time TEXT NOT NULL,
            kiosk_id TEXT NOT NULL,
            event TEXT NOT NULL,
            data TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE TABLE audit_head (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            seq INTEGER NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
        """,
    ),
    Migration(
        2,
        "control-question lockouts shared by every kiosk on the database (R3, R5)",
        """
        CREATE TABLE question_lockouts (
            cpr_ref TEXT PRIMARY KEY,
            masked_cpr TEXT NOT NULL,
            locked_until TEXT NOT NULL,
            locked_at TEXT NOT NULL
        );
        """,
    ),
    Migration(
        3,
        "witness ledger: every vouching, for the vouching limit (R7, R7b)",
        """
        CREATE TABLE witness_vouchings (
            id INTEGER PRIMARY KEY,
            witness_ref TEXT NOT NULL,
            witness_masked TEXT NOT NULL,
            applicant_ref TEXT NOT NULL,
            applicant_masked TEXT NOT NULL,
            method TEXT NOT NULL CHECK (method IN ('declaration', 'nemid')),
            declaration_version TEXT NOT NULL,
            signature_hash TEXT NOT NULL,
            time TEXT NOT NULL
        );
        CREATE INDEX witness_vouchings_by_witness ON witness_vouchings (witness_ref, time);
        """,
    ),
    Migration(
        4,
        "requests for exemption from Digital Post, for staff to assess (R11)",
        """
        CREATE TABLE exemption_requests (
            id INTEGER PRIMARY KEY,
            cpr_ref TEXT NOT NULL,
            masked_cpr TEXT NOT NULL,
            holder_name TEXT NOT NULL,
            reason TEXT NOT NULL,
            language TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
            created_at TEXT NOT NULL,
            resolved_at TEXT,
            resolved_by TEXT,
            resolution TEXT
        );
        CREATE INDEX exemption_requests_by_status ON exemption_requests (status, created_at);
        """,
    ),
    Migration(
        5,
        "outreach identification registrations waiting for staff (R8)",
        """
        CREATE TABLE outreach_registrations (
            id INTEGER PRIMARY KEY,
            cpr_ref TEXT NOT NULL,
            masked_cpr TEXT NOT NULL,
            holder_name TEXT NOT NULL,
            contact TEXT NOT NULL,
            note TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'completed', 'cancelled')),
            created_at TEXT NOT NULL,
            completed_at TEXT,
            completed_by TEXT,
            nemid_number TEXT
        );
        CREATE INDEX outreach_registrations_by_status
            ON outreach_registrations (status, created_at);
        """,
    ),
    Migration(
        6,
        "credential issuances journaled per kiosk, for crash recovery "
        "(R12; kiosk/issuance/transaction.py)",
        """
        CREATE TABLE credential_issuances (
            nemid_number TEXT PRIMARY KEY,
            card_serial TEXT NOT NULL UNIQUE,
            kiosk_id TEXT NOT NULL,
            cpr_ref TEXT NOT NULL,
            masked_cpr TEXT NOT NULL,
            channel TEXT NOT NULL
                CHECK (channel IN ('counter', 'counter_and_post', 'post', 'outreach')),
            status TEXT NOT NULL CHECK (status IN ('reserved', 'activated', 'voided')),
            password_delivered INTEGER NOT NULL DEFAULT 0,
            code_card_delivered INTEGER NOT NULL DEFAULT 0,
            void_reason TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX credential_issuances_open ON credential_issuances (kiosk_id, status);
        """,
    ),
    Migration(
        7,
        "postal orders and their letters in the outbox (R2, R2b, R4, R8; kiosk/issuance/postal.py)",
        """
        CREATE TABLE postal_orders (
            reference TEXT PRIMARY KEY,
            kiosk_id TEXT NOT NULL,
            cpr_ref TEXT NOT NULL,
            masked_cpr TEXT NOT NULL,
            holder_name TEXT NOT NULL,
            address TEXT NOT NULL,
            language TEXT NOT NULL,
            rule TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('both_by_post', 'counter_and_post', 'outreach')),
            parts TEXT NOT NULL,
            nemid_number TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('reserved', 'completed', 'voided')),
            ordered_on TEXT NOT NULL,
            earliest TEXT NOT NULL,
            latest TEXT NOT NULL,
            void_reason TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
        CREATE INDEX postal_orders_open ON postal_orders (kiosk_id, status);
        CREATE TABLE postal_letters (
            order_reference TEXT NOT NULL REFERENCES postal_orders (reference),
            part TEXT NOT NULL CHECK (part IN ('password', 'code_card', 'welcome')),
            file_name TEXT NOT NULL,
            written_at TEXT NOT NULL,
            PRIMARY KEY (order_reference, part)
        );
        """,
    ),
    Migration(
        8,
        "open visits: one visit per citizen across kiosks (R1; kiosk/storage/open_visits.py)",
        """
        CREATE TABLE open_visits (
            cpr_ref TEXT PRIMARY KEY,
            masked_cpr TEXT NOT NULL,
            visit_id TEXT NOT NULL,
            opened_at TEXT NOT NULL
        );
        CREATE INDEX open_visits_by_visit ON open_visits (visit_id);
        """,
    ),
    Migration(
        9,
        "open visits know their kiosk, which releases them when it starts again (R1)",
        """
        ALTER TABLE open_visits ADD COLUMN kiosk_id TEXT NOT NULL DEFAULT '';
        """,
    ),
    Migration(
        10,
        "PIN lockouts shared by every kiosk process: the technician PIN (kiosk/admin/access.py)",
        """
        CREATE TABLE pin_lockouts (
            subject TEXT PRIMARY KEY,
            failures INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            changed_at TEXT NOT NULL
        );
        """,
    ),
    Migration(
        11,
        "help calls: a citizen's call for staff reaches the staff queue at once (R13)",
        """
        CREATE TABLE help_calls (
            id INTEGER PRIMARY KEY,
            queue_number TEXT NOT NULL,
            kiosk_id TEXT NOT NULL,
            screen TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged')),
            called_at TEXT NOT NULL,
            acknowledged_at TEXT,
            acknowledged_by TEXT
        );
        CREATE INDEX help_calls_by_status ON help_calls (status, called_at);
        """,
    ),
    Migration(
        12,
        "key fingerprints: the kiosk key's, so a lost or exchanged key file is caught at start",
        """
        CREATE TABLE key_fingerprints (
            name TEXT PRIMARY KEY,
            fingerprint TEXT NOT NULL
        );
        """,
    ),
    Migration(
        13,
        "audit signatures: each entry and the head signed with the kiosk's Ed25519 key",
        """
        ALTER TABLE audit_log ADD COLUMN signature TEXT NOT NULL DEFAULT '';
        ALTER TABLE audit_head ADD COLUMN signature TEXT NOT NULL DEFAULT '';
        """,
    ),
    # Append new kiosk-database migrations here, version 14 onwards.
]

REGISTER_MIGRATIONS: list[Migration] = [
    Migration(
        1,
        "persons, NemID holdings, code cards and the authority's own HMAC key",
        """
        CREATE TABLE persons (
            cpr TEXT PRIMARY KEY,
            given_names TEXT NOT NULL,
            surname TEXT NOT NULL,
            address TEXT NOT NULL DEFAULT '',
            previous_addresses TEXT NOT NULL DEFAULT '[]',
            mother TEXT NOT NULL DEFAULT '',
            father TEXT NOT NULL DEFAULT '',
            spouse TEXT NOT NULL DEFAULT '',
            children TEXT NOT NULL DEFAULT '[]',
            birth_place TEXT NOT NULL DEFAULT '',
            citizenship TEXT NOT NULL DEFAULT 'DNK',
            in_denmark_since TEXT,
            danish_passport INTEGER NOT NULL DEFAULT 0,
            danish_driving_licence INTEGER NOT NULL DEFAULT 0,
            home_bound INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE nemid_holdings (
            number TEXT PRIMARY KEY,
            cpr TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('active', 'printing', 'voided')),
            active_since TEXT,
            password_hash TEXT NOT NULL,
            card_serial TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            status_changed_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX nemid_one_active_per_person
            ON nemid_holdings (cpr) WHERE status = 'active';
        CREATE INDEX nemid_holdings_by_status ON nemid_holdings (status);
        CREATE TABLE code_card_codes (
            card_serial TEXT NOT NULL REFERENCES nemid_holdings (card_serial) ON DELETE CASCADE,
            key TEXT NOT NULL,
            code_hmac TEXT NOT NULL,
            PRIMARY KEY (card_serial, key)
        ) WITHOUT ROWID;
        CREATE TABLE authority_key (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            key BLOB NOT NULL
        );
        INSERT INTO authority_key (id, key) VALUES (1, randomblob(32));
        """,
    ),
    Migration(
        2,
        "the authority's key leaves the database for its key file; only fingerprints stay",
        """
        DROP TABLE authority_key;
        CREATE TABLE key_fingerprints (
            name TEXT PRIMARY KEY,
            fingerprint TEXT NOT NULL
        );
        """,
    ),
    # Append new register-database migrations here, version 3 onwards.
]

MIGRATIONS_BY_KIND: dict[str, list[Migration]] = {
    "kiosk": KIOSK_MIGRATIONS,
    "register": REGISTER_MIGRATIONS,
}
APPLICATION_IDS: dict[str, int] = {
    "kiosk": KIOSK_APPLICATION_ID,
    "register": REGISTER_APPLICATION_ID,
}
