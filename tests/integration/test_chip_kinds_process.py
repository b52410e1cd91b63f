"""Every generation of chip the simulator offers (issue 13 item 9), read and verified: in process
for each kind of :data:`CHIP_KINDS`, and ``kiosk chip read`` against the card process behind real
pcscd (a separate process, a brainpool PKI with explicit parameters, the test master list it
writes as the only trust)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from drivers.emrtd.bac import mrz_information_from_lines
from drivers.emrtd.pki import make_test_pki
from drivers.emrtd.reader import read_document
from drivers.emrtd.trust_store import TrustStore
from drivers.sim.cards.epassport_card import DirectTransport
from drivers.sim.cards.epassport_chips import CHIP_KINDS, SPECIMEN_MRZ, kind_card

NOW = datetime.now(UTC)
READY_SECONDS = 30.0
EXPECTED = {  # kind -> (access control, chip authentication, active authentication)
    "bac-aa": ("bac", "not_supported", "valid"),
    "bac-aa-rsa": ("bac", "not_supported", "valid"),
    "bac-short": ("bac", "not_supported", "valid"),
    "pace": ("pace", "not_supported", "not_supported"),
    "pace-ca": ("pace", "valid", "not_supported"),
    "pace-ca-dh": ("pace", "valid", "not_supported"),
    "pace-bac-ca-aa": ("pace", "valid", "valid"),
}


def test_every_kind_is_listed_here() -> None:
    assert set(EXPECTED) == set(CHIP_KINDS)


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_each_chip_kind_reads_and_verifies_in_process(kind: str) -> None:
    pki = make_test_pki(NOW)
    card = kind_card(kind, SPECIMEN_MRZ, pki)
    info = mrz_information_from_lines(SPECIMEN_MRZ)
    trust = TrustStore.of([pki.csca_certificate])
    document = read_document(DirectTransport(card), info, trust, NOW, atr=card.atr)
    assert document.passive_verdict == "valid"
    assert (document.access_control, document.chip_authentication, document.active) == (
        EXPECTED[kind]
    )
    assert document.stats.extended_length == CHIP_KINDS[kind].length.accepts


@pytest.mark.pcsc
@pytest.mark.parametrize("kind", ["bac-short", "pace", "pace-ca"])
def test_kiosk_chip_read_through_pcscd_from_the_card_process(
    pcscd: Path, kiosk_command: list[str], subprocess_env: dict[str, str], tmp_path: Path,
    kind: str,
) -> None:  # fmt: skip
    trust, ready = tmp_path / "trust", tmp_path / "ready.json"
    process = subprocess.Popen(
        [
            sys.executable, "-m", "drivers.sim.cards.card_process", "--card", "epassport",
            "--chip-kind", kind, "--pki-kind", "ec-explicit", "--trust-dir", str(trust),
            "--ready-file", str(ready), "--control", str(tmp_path / "control.sock"),
        ],
        env=subprocess_env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + READY_SECONDS
        while not ready.exists() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.1)
        url = json.loads(ready.read_text())["url"]
        (trust / "sim-csca.pem").unlink()  # the master list alone carries the trust
        result = subprocess.run(
            [*kiosk_command, "chip", "read", "--reader", url, "--mrz", *SPECIMEN_MRZ,
             "--trust", str(trust), "--json"],
            capture_output=True, text=True, env=subprocess_env, timeout=60,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        report = json.loads(result.stdout)
        assert report["dg1_lines"] == list(SPECIMEN_MRZ)
        assert report["passive_authentication"] == "valid"
        assert report["photo"]["bytes"] > 19_000
        access, chip_auth, _ = EXPECTED[kind]
        assert (report["access_control"], report["chip_authentication"]) == (access, chip_auth)
        assert report["extended_length"] is False
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
