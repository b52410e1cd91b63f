"""The fingerprints of the keys a database's secrets depend on, kept in that database.

A fingerprint is an HMAC of a fixed label under the key: it tells whether the key file that is
loaded is the one the data was written under, and reveals nothing about the key itself.
"""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.storage.sqlite.database import Database


def recorded_fingerprints(db: Database) -> dict[str, str]:
    """Every fingerprint the database holds, by name (``kiosk``, ``authority/1``, ...)."""
    return {row[0]: row[1] for row in db.query("SELECT name, fingerprint FROM key_fingerprints")}


def record_fingerprints(db: Database, fingerprints: Mapping[str, str]) -> None:
    """Record the fingerprints not yet recorded; recorded ones are never overwritten."""
    with db.transaction() as connection:
        connection.executemany(
            "INSERT OR IGNORE INTO key_fingerprints (name, fingerprint) VALUES (?, ?)",
            sorted(fingerprints.items()),
        )
