"""Fleet mode when things go wrong: a kiosk killed mid-issuance, the service restarted
mid-issuance, the service unreachable (fail closed, in the citizen's language)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import psycopg
import pytest

from app.bootstrap import PAPERLESS_PRINTER, build_app
from app.fleet.client import AuthorityClient, AuthorityRefusedKiosk, AuthorityUnreachable
from app.fleet.remote import RemoteNemIdHoldings
from kiosk.config import AuthoritySettings, KioskConfig
from kiosk.i18n import translations
from tests.conftest import ROOT
from tests.fleet.conftest import RunningAuthority, run_kiosk, start_authority, stop
from tests.fleet.register_data import APPLICANTS

pytestmark = pytest.mark.postgres


def settings(authority: RunningAuthority, kiosk_id: str, url: str = "") -> AuthoritySettings:
    files = authority.kiosks[kiosk_id]
    return AuthoritySettings(
        url or authority.url,
        str(files / "ca.pem"),
        str(files / "kiosk.pem"),
        str(files / "kiosk.key.pem"),
        5.0,
    )


def kiosk_config(authority: RunningAuthority, kiosk_id: str, folder: Path) -> KioskConfig:
    s = settings(authority, kiosk_id)
    return KioskConfig(kiosk_id=kiosk_id).replace(
        storage={"database": str(folder / "kiosk.sqlite"), "outbox": str(folder / "outbox"),
                 "backups": str(folder / "backups")},
        security={"kiosk_key_file": str(folder / "kiosk.key")},
        devices={"printer": PAPERLESS_PRINTER, "document_reader": "", "card_reader": "",
                 "chip_reader": "", "camera": ""},
        authority={"url": s.url, "ca": s.ca, "cert": s.cert, "key": s.key},
    )  # fmt: skip


def status_of(database: str, number: str) -> str:
    with psycopg.connect(database) as connection:
        row = connection.execute(
            "SELECT status FROM nemid_holdings WHERE number = %s", (number,)
        ).fetchone()
    assert row is not None
    return str(row[0])


def test_a_kiosk_killed_mid_issuance_voids_its_reservation_when_it_starts_again(
    authority: RunningAuthority, tmp_path: Path
) -> None:
    config = kiosk_config(authority, "kiosk-a", tmp_path)
    with build_app(config) as app:  # journaled here, reserved at the service, never printed
        number = app.issuing.lifecycle.reserve(APPLICANTS[0], "counter", "R3").nemid_number
    other = RemoteNemIdHoldings(AuthorityClient(settings(authority, "kiosk-b")))
    other.reserve(APPLICANTS[1], "900000002", "hash", "SER2", {"0001": "aa"})
    assert status_of(authority.database, number) == "printing"
    with build_app(config) as app:  # the kiosk comes back
        assert app.recovered == [number]
    assert status_of(authority.database, number) == "voided"
    assert status_of(authority.database, "900000002") == "printing"  # kiosk-b's is its own


def test_the_service_restarted_mid_issuance_activates_and_a_retry_gets_the_first_answer(
    authority: RunningAuthority, kiosk_command: list[str]
) -> None:
    with authority.client("kiosk-a") as raw:
        body = {"cpr": APPLICANTS[0], "number": "900000003", "password_hash": "h",
                "card_serial": "SER3", "code_hmacs": {"0001": "aa"}}  # fmt: skip
        first = raw.post("/v1/holdings/reserve", json=body, headers={"Idempotency-Key": "r-1"})
    assert first.status_code == 200
    port = int(authority.url.rsplit(":", 1)[1])
    stop(authority.process)
    holdings = RemoteNemIdHoldings(AuthorityClient(settings(authority, "kiosk-a")))
    with pytest.raises(AuthorityUnreachable):
        holdings.activate("900000003")
    authority.process = start_authority(authority.database, authority.tls_dir, kiosk_command, port)
    with authority.client("kiosk-a") as raw:
        again = raw.post("/v1/holdings/reserve", json=body, headers={"Idempotency-Key": "r-1"})
    assert again.status_code == 200 and again.json() == first.json()
    assert holdings.activate("900000003").status == "active"
    assert status_of(authority.database, "900000003") == "active"


def test_a_revoked_kiosk_gets_a_clear_refusal(
    authority: RunningAuthority, kiosk_command: list[str]
) -> None:
    run_kiosk(kiosk_command, "authority", "revoke", "kiosk-b", "--tls-dir", str(authority.tls_dir))
    holdings = RemoteNemIdHoldings(AuthorityClient(settings(authority, "kiosk-b")))
    with pytest.raises(AuthorityRefusedKiosk):
        holdings.holding(APPLICANTS[0])


def test_with_the_service_down_a_journey_fails_closed_with_a_clear_message(
    authority: RunningAuthority, tmp_path: Path, kiosk_command: list[str]
) -> None:
    stop(authority.process)
    s = settings(authority, "kiosk-a")
    config = tmp_path / "kiosk.toml"
    config.write_text(
        f'demo = true\nkiosk_id = "kiosk-a"\n[authority]\nurl = "{s.url}"\nca = "{s.ca}"\n'
        f'cert = "{s.cert}"\nkey = "{s.key}"\ntimeout_seconds = 2.0\n',
        encoding="utf-8",
    )
    result = subprocess.run(
        [*kiosk_command, "--config", str(config), "journey",
         str(ROOT / "tests/scenarios/r3_questions_issued.json")],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    assert result.returncode == 2
    assert "authority_unreachable" in result.stderr and "Traceback" not in result.stderr
    assert '"state": "issued"' not in result.stdout


@pytest.mark.parametrize("error", [AuthorityUnreachable, AuthorityRefusedKiosk])
@pytest.mark.parametrize("language", ["da", "en"])
def test_the_fleet_errors_read_in_the_citizens_language(error: type, language: str) -> None:
    message_id = error("x").message_id
    text = translations(language).gettext(message_id)
    assert text != message_id
    assert ("authority" if language == "en" else "myndighed") in text.lower()
