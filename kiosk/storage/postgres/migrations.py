"""The authority database's schema, as numbered migrations: each a name and its statements.

Append a migration to change the schema; never edit one that has shipped. ``schema_migrations``
records which are applied.
"""

from __future__ import annotations

Migration = tuple[str, tuple[str, ...]]

_V1: tuple[str, ...] = (
    "CREATE TABLE service_keys (name text PRIMARY KEY, key bytea NOT NULL)",
    # 32 bytes from two version-4 UUIDs (PostgreSQL's strong random source, no extension).
    "INSERT INTO service_keys (name, key) SELECT name, decode(replace("
    " gen_random_uuid()::text || gen_random_uuid()::text, '-', ''), 'hex')"
    " FROM unnest(ARRAY['pseudonyms', 'codes']) AS name",
    "CREATE TABLE persons (cpr char(10) PRIMARY KEY, given_names text NOT NULL,"
    " surname text NOT NULL, address text NOT NULL DEFAULT '',"
    " previous_addresses jsonb NOT NULL DEFAULT '[]', mother text NOT NULL DEFAULT '',"
    " father text NOT NULL DEFAULT '', spouse text NOT NULL DEFAULT '',"
    " children jsonb NOT NULL DEFAULT '[]', birth_place text NOT NULL DEFAULT '',"
    " citizenship text NOT NULL DEFAULT '', in_denmark_since date,"
    " danish_passport boolean NOT NULL DEFAULT false,"
    " danish_driving_licence boolean NOT NULL DEFAULT false,"
    " home_bound boolean NOT NULL DEFAULT false, updated_at timestamptz NOT NULL)",
    "CREATE TABLE nemid_holdings (number text PRIMARY KEY,"
    " cpr char(10) NOT NULL REFERENCES persons (cpr) ON DELETE CASCADE,"
    " status text NOT NULL CHECK (status IN ('printing', 'active', 'voided')),"
    " active_since date, password_hash text NOT NULL, card_serial text NOT NULL UNIQUE,"
    " kiosk_id text NOT NULL DEFAULT '', lease_until timestamptz,"
    " created_at timestamptz NOT NULL, status_changed_at timestamptz NOT NULL)",
    # One active NemID per CPR number, and one in the printer at a time, across the fleet.
    "CREATE UNIQUE INDEX one_active_nemid ON nemid_holdings (cpr) WHERE status = 'active'",
    "CREATE UNIQUE INDEX one_printing_nemid ON nemid_holdings (cpr) WHERE status = 'printing'",
    "CREATE TABLE code_card_codes (card_serial text NOT NULL"
    " REFERENCES nemid_holdings (card_serial) ON DELETE CASCADE, key text NOT NULL,"
    " code_hmac text NOT NULL, PRIMARY KEY (card_serial, key))",
    "CREATE TABLE witness_vouchings (id bigserial PRIMARY KEY, witness_ref text NOT NULL,"
    " witness_masked text NOT NULL, applicant_ref text NOT NULL, applicant_masked text NOT NULL,"
    " method text NOT NULL CHECK (method IN ('declaration', 'nemid')),"
    " declaration_version text NOT NULL, signature_hash text NOT NULL,"
    " time timestamptz NOT NULL, kiosk_id text NOT NULL)",
    "CREATE INDEX witness_vouchings_by_witness ON witness_vouchings (witness_ref, time)",
    "CREATE TABLE question_lockouts (cpr_ref text PRIMARY KEY, masked_cpr text NOT NULL,"
    " locked_until timestamptz NOT NULL, locked_at timestamptz NOT NULL, kiosk_id text NOT NULL)",
    "CREATE TABLE open_visits (cpr_ref text PRIMARY KEY, masked_cpr text NOT NULL,"
    " visit_id text NOT NULL, opened_at timestamptz NOT NULL, kiosk_id text NOT NULL)",
    "CREATE INDEX open_visits_by_visit ON open_visits (visit_id)",
    "CREATE TABLE authority_audit (id bigserial PRIMARY KEY, time timestamptz NOT NULL,"
    " kiosk_id text NOT NULL, event text NOT NULL, data jsonb NOT NULL DEFAULT '{}')",
    "CREATE TABLE idempotency_keys (kiosk_id text NOT NULL, key text NOT NULL,"
    " status integer NOT NULL, body jsonb NOT NULL, created_at timestamptz NOT NULL,"
    " PRIMARY KEY (kiosk_id, key))",
    "CREATE TABLE kiosks (kiosk_id text PRIMARY KEY, first_contact timestamptz NOT NULL,"
    " last_contact timestamptz NOT NULL)",
)

_V2: tuple[str, ...] = (
    "CREATE TABLE kiosk_audit (kiosk_id text NOT NULL, seq bigint NOT NULL,"
    " time text NOT NULL, event text NOT NULL, data text NOT NULL, prev_hash text NOT NULL,"
    " hash text NOT NULL, received_at timestamptz NOT NULL, PRIMARY KEY (kiosk_id, seq))",
)

MIGRATIONS: tuple[Migration, ...] = (
    ("fleet authority: register, holdings, rules, audit", _V1),
    ("each kiosk's audit chain, streamed", _V2),
)
