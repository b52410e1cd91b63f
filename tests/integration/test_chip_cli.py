"""``kiosk chip read`` as a real subprocess: in-process emulator (sim://), real pcscd with the
vpcd ePassport emulator, and every bad-input case with its exit code."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from drivers.emrtd.pki import make_test_pki
from drivers.sim.cards.card_slot import InsertedCard
from drivers.sim.cards.epassport_chips import SPECIMEN_MRZ, make_chip

InsertCard = Callable[..., InsertedCard]


def run_cli(command: list[str], env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*command, "chip", "read", *args], capture_output=True, text=True, env=env, timeout=60
    )


def test_sim_reader_prints_json_and_saves_the_photo(
    kiosk_command: list[str], subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    photo = tmp_path / "face.jpg"
    result = run_cli(
        kiosk_command, subprocess_env, "--reader", "sim://", "--mrz", *SPECIMEN_MRZ,
        "--json", "--save-photo", str(photo),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["mrz"]["surname"] == "ERIKSSON"
    assert report["dg1_lines"] == list(SPECIMEN_MRZ)
    assert report["passive_authentication"] == "valid"
    assert report["active_authentication"] == "valid"
    assert report["photo"]["format"] == "jpeg"
    assert photo.read_bytes()[:2] == b"\xff\xd8"
    assert len(photo.read_bytes()) == report["photo"]["bytes"]
    assert report["apdu_count"] == 17


def test_sim_reader_text_output_in_english(
    kiosk_command: list[str], subprocess_env: dict[str, str]
) -> None:
    result = run_cli(
        kiosk_command, subprocess_env, "--reader", "sim://", "--mrz", *SPECIMEN_MRZ,
        "--language", "en",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Passive authentication: valid" in result.stdout
    assert "Surname: ERIKSSON" in result.stdout
    assert "Chip authentication: not_supported" in result.stdout
    assert "Access control: BAC" in result.stdout


def test_bad_mrz_exits_2_with_a_json_error(
    kiosk_command: list[str], subprocess_env: dict[str, str]
) -> None:
    result = run_cli(kiosk_command, subprocess_env, "--reader", "sim://", "--mrz", "NOPE", "--json")
    assert result.returncode == 2
    assert json.loads(result.stdout)["error"] == "document_invalid"


def test_missing_trust_folder_exits_2(
    kiosk_command: list[str], subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    result = run_cli(
        kiosk_command, subprocess_env, "--reader", "pcsc://none", "--mrz", *SPECIMEN_MRZ,
        "--trust", str(tmp_path / "missing"),
    )  # fmt: skip
    assert result.returncode == 2
    assert "not a folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_reader_of_another_scheme_exits_2(
    kiosk_command: list[str], subprocess_env: dict[str, str]
) -> None:
    result = run_cli(
        kiosk_command, subprocess_env, "--reader", "tcp://127.0.0.1:9100", "--mrz", *SPECIMEN_MRZ
    )
    assert result.returncode == 2
    assert "pcsc://" in result.stderr


def test_unwritable_photo_path_exits_2(
    kiosk_command: list[str], subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    result = run_cli(
        kiosk_command, subprocess_env, "--reader", "sim://", "--mrz", *SPECIMEN_MRZ,
        "--save-photo", str(tmp_path / "no" / "such" / "face.jpg"),
    )  # fmt: skip
    assert result.returncode == 2
    assert "cannot write" in result.stderr


@pytest.mark.pcsc
def test_pcsc_reader_reads_and_verifies_with_the_trust_folder(
    kiosk_command: list[str],
    subprocess_env: dict[str, str],
    tmp_path: Path,
    insert_card: InsertCard,
) -> None:
    pki = make_test_pki(datetime.now(UTC))
    trust = tmp_path / "trust"
    trust.mkdir()
    (trust / "csca.pem").write_bytes(pki.csca_certificate.public_bytes(Encoding.PEM))
    inserted = insert_card(make_chip(SPECIMEN_MRZ, pki).card())
    result = run_cli(
        kiosk_command, subprocess_env, "--reader", inserted.url, "--mrz", *SPECIMEN_MRZ,
        "--trust", str(trust), "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["passive_authentication"] == "valid"
    assert report["passive_checks"]["issuer"] is True


@pytest.mark.pcsc
def test_pcsc_reader_with_a_wrong_mrz_exits_1_access_denied(
    kiosk_command: list[str], subprocess_env: dict[str, str], insert_card: InsertCard
) -> None:
    pki = make_test_pki(datetime.now(UTC))
    inserted = insert_card(make_chip(SPECIMEN_MRZ, pki).card())
    other = (
        SPECIMEN_MRZ[0],
        SPECIMEN_MRZ[1].replace("L898902C3", "L898902C4").replace("C36", "C46"),
    )
    result = run_cli(
        kiosk_command, subprocess_env, "--reader", inserted.url, "--mrz", *other, "--json"
    )
    assert result.returncode == 1
    assert json.loads(result.stdout)["error"] == "chip_access_denied"


def test_can_reads_a_pace_only_chip(
    kiosk_command: list[str], subprocess_env: dict[str, str]
) -> None:
    result = run_cli(
        kiosk_command, subprocess_env, "--reader", "sim://", "--can", "123456", "--json"
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["access_control"] == "pace"
    assert report["passive_authentication"] == "valid"
    assert report["mrz"]["surname"] == "ERIKSSON"


@pytest.mark.parametrize("can", ["12345", "12345X", "1234567"])
def test_bad_can_exits_2_with_a_clear_message(
    kiosk_command: list[str], subprocess_env: dict[str, str], can: str
) -> None:
    result = run_cli(
        kiosk_command, subprocess_env, "--reader", "sim://", "--can", can, "--language", "en"
    )
    assert result.returncode == 2
    assert "six digits" in result.stderr
    assert "Traceback" not in result.stderr


def test_pace_only_chip_through_pcscd_with_the_can(
    kiosk_command: list[str],
    subprocess_env: dict[str, str],
    insert_card: InsertCard,
    tmp_path: Path,
) -> None:
    from drivers.sim.cards.epassport_chips import PACE_ONLY, SPECIMEN_CAN

    pki = make_test_pki(datetime.now(UTC))
    (tmp_path / "csca.pem").write_bytes(pki.csca_certificate.public_bytes(Encoding.PEM))
    chip = make_chip(SPECIMEN_MRZ, pki)
    inserted = insert_card(chip.card(access=PACE_ONLY))
    for key in (["--can", SPECIMEN_CAN], ["--mrz", *SPECIMEN_MRZ]):
        result = run_cli(
            kiosk_command, subprocess_env, "--reader", inserted.url, *key,
            "--trust", str(tmp_path), "--json",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        report = json.loads(result.stdout)
        assert report["access_control"] == "pace"
        assert report["passive_authentication"] == "valid"
        assert report["photo"]["bytes"] > 19_000
