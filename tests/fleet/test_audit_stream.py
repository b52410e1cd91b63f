"""Each kiosk's audit chain streams to the authority, which verifies it on receipt."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest

from app.bootstrap import build_app
from tests.fleet.conftest import RunningAuthority
from tests.fleet.test_fleet_failures import kiosk_config

pytestmark = pytest.mark.postgres


def held(database: str, kiosk_id: str) -> list[tuple[int, str]]:
    with psycopg.connect(database) as connection:
        rows = connection.execute(
            "SELECT seq, hash FROM kiosk_audit WHERE kiosk_id = %s ORDER BY seq", (kiosk_id,)
        ).fetchall()
    return [(int(r[0]), str(r[1])) for r in rows]


def test_the_chain_streams_at_close_and_resumes_where_the_service_holds_it(
    authority: RunningAuthority, tmp_path: Path
) -> None:
    config = kiosk_config(authority, "kiosk-a", tmp_path)
    with build_app(config) as app:
        app.kiosk.audit.append("test.first", note="one")
        local = [(e.seq, e.hash) for e in app.kiosk.audit.entries()]
    assert local and held(authority.database, "kiosk-a") == local
    with build_app(config) as app:
        app.kiosk.audit.append("test.second", note="two")
        local = [(e.seq, e.hash) for e in app.kiosk.audit.entries()]
    assert held(authority.database, "kiosk-a") == local
    assert held(authority.database, "kiosk-b") == []


def test_a_tampered_foreign_or_gapped_batch_is_refused_whole(
    authority: RunningAuthority, tmp_path: Path
) -> None:
    config = kiosk_config(authority, "kiosk-a", tmp_path)
    with build_app(config) as app:
        for index in range(3):
            app.kiosk.audit.append("test.entry", index=index)
        entries = [e.to_json() for e in app.kiosk.audit.entries()]
    already = len(held(authority.database, "kiosk-a"))
    assert already == len(entries)

    def post(kiosk: str, batch: list[dict[str, object]]) -> tuple[int, str]:
        with authority.client(kiosk) as client:
            answer = client.post(
                "/v1/audit/append",
                json={"entries": batch},
                headers={"Idempotency-Key": uuid.uuid4().hex},
            )
        return answer.status_code, answer.json().get("error", "")

    fresh = tmp_path / "other"
    with build_app(kiosk_config(authority, "kiosk-b", fresh)) as other:
        other.kiosk.audit.append("test.b", note="b")
        b_entries = [e.to_json() for e in other.kiosk.audit.entries()]
    with psycopg.connect(authority.database, autocommit=True) as connection:
        connection.execute("DELETE FROM kiosk_audit WHERE kiosk_id = 'kiosk-b'")
    tampered = [dict(b_entries[0], data={**b_entries[0]["data"], "note": "changed"})]
    assert post("kiosk-b", tampered) == (409, "audit_chain_refused")
    assert post("kiosk-b", entries[:1]) == (409, "audit_chain_refused")  # kiosk-a's entry
    assert post("kiosk-b", b_entries[1:] or [dict(b_entries[0], seq=2)]) == (
        409,
        "audit_chain_refused",
    )  # a gap
    assert held(authority.database, "kiosk-b") == []
    assert post("kiosk-b", b_entries)[0] == 200
    assert len(held(authority.database, "kiosk-b")) == len(b_entries)
