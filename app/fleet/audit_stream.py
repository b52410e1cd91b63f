"""Streaming the kiosk's audit chain to the authority, which verifies it on receipt."""

from __future__ import annotations

from app.fleet.client import AuthorityClient
from kiosk.storage.repositories import AuditLog

BATCH = 200


def push_audit(client: AuthorityClient, audit: AuditLog) -> int:
    """Send every entry after the last one the service holds, in batches; returns how many."""
    held = int(str(client.ask("/v1/audit/last")["last_seq"]))
    batch: list[dict[str, object]] = []
    sent = 0
    for entry in audit.entries(after_seq=held):
        batch.append(entry.to_json())
        if len(batch) == BATCH:
            client.change("/v1/audit/append", entries=batch)
            sent, batch = sent + len(batch), []
    if batch:
        client.change("/v1/audit/append", entries=batch)
        sent += len(batch)
    return sent
