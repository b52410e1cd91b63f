"""Every journey scenario gives the same outcome in fleet mode as on the embedded store.

One ``kiosk authority serve`` for the module; before each scenario its state is emptied and the
register loaded again (the personas, then the scenario's own ``register``, dated from the
scenario's day, as ``kiosk authority load-register`` would). Then ``kiosk journey`` runs with
``[authority]`` and must meet the scenario's ``expect`` as tests/e2e/test_scenarios.py checks it
on SQLite: the HTTP adapters are faithful to the Protocols the journey uses.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest

from app.authority import admin
from app.cli.main import main
from kiosk.clock import SystemClock
from kiosk.storage.postgres.store import AuthorityStore
from tests.conftest import VENV_BIN
from tests.e2e.test_scenarios import SCENARIO_FILES, matches
from tests.fleet.conftest import launch_authority, stop
from tests.fleet.pg_cluster import PgCluster

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
STATE_TABLES = (
    "witness_vouchings, question_lockouts, open_visits, idempotency_keys, authority_audit,"
    " code_card_codes, nemid_holdings, persons"
)


@pytest.fixture(scope="module")
def fleet(pg_cluster: PgCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("fleet-scenarios")
    command = [str(VENV_BIN / "kiosk")]
    running = launch_authority(pg_cluster.new_database(), folder, command)
    config = folder / "kiosk-a.toml"
    files = running.kiosks["kiosk-a"]
    config.write_text(
        f'demo = true\nkiosk_id = "kiosk-a"\n\n[authority]\nurl = "{running.url}"\n'
        f'ca = "{files / "ca.pem"}"\ncert = "{files / "kiosk.pem"}"\n'
        f'key = "{files / "kiosk.key.pem"}"\n',
        encoding="utf-8",
    )
    (folder / "database").write_text(running.database, encoding="utf-8")
    try:
        yield config
    finally:
        stop(running.process)


def reset(database: str, scenario: dict[str, object]) -> None:
    with psycopg.connect(database, autocommit=True) as connection:
        connection.execute(f"TRUNCATE {STATE_TABLES} CASCADE")
    today = date.fromisoformat(str(scenario["today"])) if scenario.get("today") else None
    with AuthorityStore.open(database, SystemClock(), migrate=False) as store:
        register = store.for_kiosk(admin.ADMIN_KIOSK).register
        register.load(admin.register_entries(None), today)
        if scenario.get("register"):
            register.load(scenario["register"], today)


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=[p.stem for p in SCENARIO_FILES])
def test_scenario_outcome_in_fleet_mode(
    path: Path, fleet: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = json.loads(path.read_text(encoding="utf-8"))
    reset((fleet.parent / "database").read_text(encoding="utf-8"), scenario)
    code = main(["--config", str(fleet), "journey", str(path)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    lines = [json.loads(line) for line in captured.out.splitlines()]
    expect = scenario["expect"]
    for key, value in expect["outcome"].items():
        assert lines[-1].get(key) == value, (key, lines[-1])
    for wanted in expect.get("lines", []):
        assert any(matches(wanted, line) for line in lines[:-1]), (wanted, lines)
    for unwanted in expect.get("absent", []):
        assert not any(matches(unwanted, line) for line in lines[:-1]), (unwanted, lines)
