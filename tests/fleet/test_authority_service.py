"""The authority service as a real process: real TLS with kiosk certificates, real HTTP."""

from __future__ import annotations

import json
import ssl
import subprocess
import uuid

import httpx
import psycopg
import pytest

from tests.fleet.conftest import RunningAuthority, run_kiosk
from tests.fleet.register_data import APPLICANTS, WITNESS, entries

pytestmark = pytest.mark.postgres


def vouch(client: httpx.Client, applicant: str, key: str | None = None) -> httpx.Response:
    return client.post(
        "/v1/witnesses/vouch",
        json={
            "witness_cpr": WITNESS,
            "applicant_cpr": applicant,
            "method": "declaration",
            "declaration_version": "v1",
            "signature_hash": "sig",
        },
        headers={"Idempotency-Key": key or uuid.uuid4().hex},
    )


def test_health_metrics_and_openapi_answer_with_a_request_id(authority: RunningAuthority):
    with authority.client(None) as anonymous:
        health = anonymous.get("/v1/health")
        assert health.status_code == 200 and health.json()["schema"] >= 1
        assert len(health.headers["X-Request-Id"]) == 32
        echoed = anonymous.get("/v1/health", headers={"X-Request-Id": "trace-42"})
        assert echoed.headers["X-Request-Id"] == "trace-42"
        document = anonymous.get("/v1/openapi.json").json()
        assert document["openapi"].startswith("3.")
        assert "/v1/witnesses/vouch" in document["paths"]
        missing = anonymous.get("/v1/nothing")
        assert missing.status_code == 404 and "X-Request-Id" in missing.headers
    with authority.client("kiosk-a") as client:
        assert vouch(client, APPLICANTS[0]).status_code == 200
        metrics = client.get("/metrics").text
    assert 'authority_requests_total{path="/v1/witnesses/vouch",status="200"} 1.0' in metrics


def test_a_call_without_a_kiosk_certificate_is_refused(authority: RunningAuthority) -> None:
    with authority.client(None) as anonymous:
        refused = anonymous.post("/v1/register/find", json={"cpr": WITNESS})
    assert refused.status_code == 403 and refused.json()["error"] == "kiosk_refused"


def test_a_certificate_from_another_ca_fails_the_handshake(
    authority: RunningAuthority, tmp_path, kiosk_command
) -> None:
    run_kiosk(
        kiosk_command, "authority", "enrol", "kiosk-a",
        "--tls-dir", str(tmp_path / "other"), "--out", str(tmp_path / "stranger"),
    )  # fmt: skip
    context = authority.tls(None)
    context.load_cert_chain(tmp_path / "stranger/kiosk.pem", tmp_path / "stranger/kiosk.key.pem")
    with (
        httpx.Client(base_url=authority.url, verify=context) as stranger,
        pytest.raises((httpx.TransportError, ssl.SSLError)),  # TLS 1.3: refused after hello
    ):
        stranger.post("/v1/register/find", json={"cpr": WITNESS})
    with authority.client("kiosk-a") as enrolled:
        assert enrolled.post("/v1/register/find", json={"cpr": WITNESS}).status_code == 200


def test_a_revoked_kiosk_is_refused_at_once_and_others_carry_on(
    authority: RunningAuthority, kiosk_command
) -> None:
    with authority.client("kiosk-a") as client:
        assert client.post("/v1/register/find", json={"cpr": WITNESS}).status_code == 200
    run_kiosk(kiosk_command, "authority", "revoke", "kiosk-a", "--tls-dir", str(authority.tls_dir))
    with authority.client("kiosk-a") as client:
        refused = client.post("/v1/register/find", json={"cpr": WITNESS})
    assert refused.status_code == 403
    with authority.client("kiosk-b") as client:
        found = client.post("/v1/register/find", json={"cpr": WITNESS}).json()["person"]
    assert found["surname"] == "Bach" and found["cpr"] == WITNESS


def test_a_retry_with_the_same_key_gets_the_first_answer_and_changes_nothing(
    authority: RunningAuthority,
) -> None:
    with authority.client("kiosk-a") as client:
        first = vouch(client, APPLICANTS[0], key="same-key")
        again = vouch(client, APPLICANTS[0], key="same-key")
        unkeyed = client.post("/v1/lockouts/lock", json={"cpr": APPLICANTS[1]})
        count = client.post("/v1/witnesses/count", json={"witness_cpr": WITNESS}).json()
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json()
    assert unkeyed.status_code == 400 and unkeyed.json()["error"] == "idempotency_key_missing"
    assert count == {"count": 1}


def test_the_witness_limit_and_a_lockout_hold_across_kiosks_and_the_audit_names_them(
    authority: RunningAuthority,
) -> None:
    with authority.client("kiosk-a") as a, authority.client("kiosk-b") as b:
        answers = [vouch(c, p).status_code for c, p in zip((a, b, a), APPLICANTS, strict=False)]
        assert answers == [200] * 3
        refused = vouch(b, APPLICANTS[3])
        assert refused.status_code == 409 and refused.json()["error"] == "witness_limit_reached"
        locked = a.post(
            "/v1/lockouts/lock", json={"cpr": APPLICANTS[4]}, headers={"Idempotency-Key": "l-1"}
        )
        assert locked.status_code == 200
        status = b.post("/v1/lockouts/status", json={"cpr": APPLICANTS[4]}).json()
        assert status["locked_until"] == locked.json()["locked_until"]
    with psycopg.connect(authority.database) as connection:
        rows = connection.execute(
            "SELECT kiosk_id, event FROM authority_audit WHERE event IN"
            " ('witness.vouched', 'questions.locked') ORDER BY id"
        ).fetchall()
    assert rows == [
        ("kiosk-a", "witness.vouched"),
        ("kiosk-b", "witness.vouched"),
        ("kiosk-a", "witness.vouched"),
        ("kiosk-a", "questions.locked"),
    ]


def test_status_lists_the_kiosks_heard_from(authority: RunningAuthority, kiosk_command) -> None:
    with authority.client("kiosk-b") as client:
        client.post("/v1/register/find", json={"cpr": WITNESS}).raise_for_status()
    result = run_kiosk(
        kiosk_command, "authority", "status", "--database", authority.database,
        "--tls-dir", str(authority.tls_dir),
    )  # fmt: skip
    by_id = {k["kiosk_id"]: k for k in json.loads(result.stdout)["kiosks"]}
    assert by_id["kiosk-b"]["last_contact"] and by_id["kiosk-a"]["last_contact"] is None
    assert by_id["kiosk-a"]["enrolled"] and not by_id["kiosk-a"]["revoked"]


def test_the_cli_inits_loads_twice_without_duplicates_and_refuses_bad_input(
    pg_url: str, tmp_path, kiosk_command
) -> None:
    init = run_kiosk(kiosk_command, "authority", "init", "--database", pg_url)
    assert json.loads(init.stdout)["schema"] >= 1
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps({"steps": [], "register": entries()}), encoding="utf-8")
    for _ in range(2):
        loaded = run_kiosk(
            kiosk_command, "authority", "load-register", "--database", pg_url, str(scenario)
        )
        assert json.loads(loaded.stdout) == {"loaded": len(entries())}
    with psycopg.connect(pg_url) as connection:
        assert connection.execute("SELECT count(*) FROM persons").fetchone() == (len(entries()),)
    bad = tmp_path / "bad.json"
    bad.write_text('[{"cpr": "12"}]', encoding="utf-8")
    with pytest.raises(subprocess.CalledProcessError) as refused:
        run_kiosk(kiosk_command, "authority", "load-register", "--database", pg_url, str(bad))
    assert refused.value.returncode == 2
    assert "Traceback" not in refused.value.stderr and "register[0]" in refused.value.stderr
