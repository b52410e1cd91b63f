"""Privacy after every scenario and a real issuance: no secret or plain CPR in logs or database.

Every scenario under tests/scenarios is played by the scenario runner (the same one as
``kiosk journey --db``) on ONE shared kiosk + register database pair, with the kiosk's own
logging at DEBUG captured, and a printer that records what it was asked to print (the plain
passwords and codes, so the test knows what to look for). Then a citizen is issued a NemID on
the ESC/POS printer simulator over TCP through the real driver, logs captured too. No plain
password, no code and no unmasked CPR number may appear in any log line, any journey line, or
anywhere in the kiosk database's bytes (WAL included, read while the kiosk still has it open).
The plain secrets of postal orders (R2, R4) are spied on where every NemID is made, so they are
searched for too; they go into the letters in the outbox, which are their delivery. The register
database stands in for the national CPR register and holds CPR numbers by design; it is checked
for the secrets only.
"""

from __future__ import annotations

import json
import random
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.bootstrap import build_app
from drivers.printer.receipt_printer import EscposReceiptPrinter
from drivers.sim.printer.escpos_printer_device import EscposPrinterDevice
from drivers.sim.printer.paper_printer import PaperlessPrinter
from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.devices.printouts import CodeCard, PasswordSlip
from kiosk.issuance import lifecycle as credential_lifecycle
from kiosk.issuance.credentials import NewCredential, new_credential
from kiosk.scenarios.runner import ScenarioRunner
from kiosk.scenarios.scenario import Scenario, load_scenario
from kiosk.storage.personas import load_personas
from kiosk.storage.sqlite.register_seed import seed_register
from tests.integration.privacy_search import (
    captured_logs,
    cprs_found,
    cprs_in,
    database_text,
    secrets_found,
)

SCENARIOS = Path(__file__).resolve().parents[1] / "scenarios"
SCENARIO_SEED = 2026
ISSUED_SCENARIO = "r3_questions_issued.json"


class RecordingPrinter:
    """Passes every job to the real printer and notes the secrets it carried (test only)."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.secrets: list[str] = []

    def print_password_slip(self, slip: PasswordSlip) -> None:
        self.secrets.append(slip.temporary_password)
        self._inner.print_password_slip(slip)

    def print_code_card(self, card: CodeCard) -> None:
        self.secrets += [code for _key, code in card.pairs]
        self._inner.print_code_card(card)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def config_on(database: Path, scenario: Scenario) -> KioskConfig:
    folder = database.parent
    return scenario.config(KioskConfig()).replace(
        storage={
            "database": str(database),
            "outbox": str(folder / "outbox"),
            "backups": str(folder / "backups"),
        },
        security={"kiosk_key_file": str(folder / "kiosk.key")},
    )


def play(database: Path, scenario: Scenario, printer: RecordingPrinter, lines: list) -> str:
    """Run one scenario on the shared database; the kiosk database's bytes while still open."""
    today = scenario.today or date(2026, 11, 23)
    clock = FixedClock.on(today)
    with build_app(
        config_on(database, scenario),
        clock=clock,
        rng=random.Random(SCENARIO_SEED),
        printer=printer,
    ) as app:
        if scenario.register:
            seed_register(app.register.db, scenario.register, today, app.register.keys)
        ScenarioRunner(app, scenario, lines.append).run()
        return database_text(database)


def everyones_cpr() -> set[str]:
    """The personas' CPR numbers and every CPR-shaped number in the scenario files."""
    cprs = {persona.cpr for persona in load_personas()}
    for path in SCENARIOS.glob("*.json"):
        cprs |= cprs_in(path.read_text(encoding="utf-8"))
    return cprs


def recording_new_credentials(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every plain secret the kiosk makes (counter and post): spied on where it is made."""
    made: list[str] = []

    def recorded(*args: Any, **kwargs: Any) -> NewCredential:
        credential = new_credential(*args, **kwargs)
        made.append(credential.temporary_password)
        made.extend(code for _key, code in credential.code_pairs)
        return credential

    monkeypatch.setattr(credential_lifecycle, "new_credential", recorded)
    return made


def test_no_secret_or_plain_cpr_in_logs_or_kiosk_database_after_every_scenario(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "kiosk.sqlite"
    printer = RecordingPrinter(PaperlessPrinter())
    made = recording_new_credentials(monkeypatch)
    lines: list[dict[str, Any]] = []
    snapshots: list[str] = []
    with captured_logs() as logs:
        for path in sorted(SCENARIOS.glob("*.json")):
            snapshots.append(play(database, load_scenario(path), printer, lines))
    cprs = everyones_cpr()
    assert len(printer.secrets) > 148, "the scenarios issued and printed at least one NemID"
    assert set(printer.secrets) <= set(made)
    assert len(made) > len(printer.secrets), "and ordered some by post (secrets in letters)"
    assert any(line.get("outcome") == "issued" for line in lines)
    snapshots.append(database_text(database))
    for text in snapshots:
        assert not secrets_found(text, made)
        assert not cprs_found(text, cprs)
    journey_lines = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    for text in (logs.getvalue(), journey_lines):
        assert not secrets_found(text, made)
        assert not cprs_found(text, cprs)
    register = database_text(database.with_name("register.sqlite"))
    assert not secrets_found(register, made)
    assert cprs_found(register, cprs), "the register holds CPR numbers by design"


def test_a_real_issuance_on_the_printer_simulator_leaves_no_secret_in_logs_or_database(
    tmp_path: Path,
) -> None:
    database = tmp_path / "data" / "kiosk.sqlite"
    database.parent.mkdir()
    scenario = load_scenario(SCENARIOS / ISSUED_SCENARIO)
    lines: list[dict[str, Any]] = []
    with (
        EscposPrinterDevice(tmp_path / "paper") as device,
        EscposReceiptPrinter(device.url) as driver,
        captured_logs() as logs,
    ):
        printer = RecordingPrinter(driver)
        open_bytes = play(database, scenario, printer, lines)
        paper = "\n".join(page.text for page in device.wait_for_pages(2))
    assert lines[-1]["outcome"] == "issued"
    password = printer.secrets[0]
    # Positive control: the secrets are real and the search finds them where they belong.
    assert secrets_found(paper, [password]) == {password}
    assert len(secrets_found(paper, printer.secrets)) > 100
    cprs = everyones_cpr()
    for text in (open_bytes, database_text(database), logs.getvalue(), json.dumps(lines)):
        assert not secrets_found(text, printer.secrets)
        assert not cprs_found(text, cprs)
    assert not secrets_found(database_text(database.with_name("register.sqlite")), printer.secrets)


def test_the_search_finds_a_planted_secret_and_cpr_in_a_database_and_its_wal(
    tmp_path: Path,
) -> None:
    """The searches above can fail: a secret and a CPR written plainly are found."""
    database = tmp_path / "kiosk.sqlite"
    connection = sqlite3.connect(database)
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("CREATE TABLE leak (text TEXT)")
    connection.execute("INSERT INTO leak VALUES ('password 482913 for 1503681234')")
    connection.commit()
    assert (tmp_path / "kiosk.sqlite-wal").exists()
    text = database_text(database)
    connection.close()
    assert secrets_found(text, ["482913", "777777"]) == {"482913"}
    assert cprs_found(text, ["1503681234", "0305852468"]) == {"1503681234"}
    assert not secrets_found("hash a482913f and 150368-XXXX", ["482913", "150368"])
