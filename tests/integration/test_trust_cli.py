"""``kiosk trust import`` and ``kiosk trust list`` as real subprocesses (issue 13 item 4): a
master list of CSCAs with P-256, explicit-parameter brainpool and RSA-PSS keys, a CSCA link
certificate, a CRL, and every refusal with exit 2 and a clear message; then passive
authentication with what was imported."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding

from drivers.emrtd.bac import mrz_information_from_lines
from drivers.emrtd.pki import (
    TestPki,
    link_certificate,
    make_test_pki,
    revocation_list,
    sign_master_list,
)
from drivers.emrtd.reader import read_document
from drivers.emrtd.trust_store import load_trust_store
from drivers.sim.cards.epassport_card import DirectTransport
from drivers.sim.cards.epassport_chips import SPECIMEN_MRZ, make_chip

NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def pkis() -> dict[str, TestPki]:
    return {
        "DK": make_test_pki(NOW, "DK"),
        "DE": make_test_pki(NOW, "DE", kind="ec-explicit", hash_name="sha384"),
        "FR": make_test_pki(NOW, "FR", kind="rsa-pss", hash_name="sha512"),
    }


@pytest.fixture
def store(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "trust"
    config = tmp_path / "kiosk.toml"
    config.write_text(f'[security]\ntrust_store = "{folder}"\n')
    return config, folder


def trust(command: list[str], env: dict[str, str], config: Path, *args: str):
    return subprocess.run(
        [*command, "--config", str(config), "trust", *args, "--language", "en"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip


def master_list(pkis: dict[str, TestPki], tmp_path: Path, signer: str = "DK") -> Path:
    path = tmp_path / "test.ml"
    path.write_bytes(sign_master_list(pkis[signer], [p.csca_certificate for p in pkis.values()]))
    return path


def chip_verdict(pki: TestPki, folder: Path) -> str:
    chip = make_chip(SPECIMEN_MRZ, pki, aa="none", face_bytes=2000)
    card = chip.card()
    info = mrz_information_from_lines(SPECIMEN_MRZ)
    document = read_document(DirectTransport(card), info, load_trust_store(folder), NOW)
    return document.passive_verdict


def test_master_list_imports_each_csca_once_and_lists_them(
    kiosk_command: list[str], subprocess_env: dict[str, str], store: tuple[Path, Path],
    pkis: dict[str, TestPki], tmp_path: Path,
) -> None:  # fmt: skip
    config, folder = store
    path = master_list(pkis, tmp_path)
    first = trust(kiosk_command, subprocess_env, config, "import", str(path), "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout)["kind"] == "master_list"
    assert len(json.loads(first.stdout)["added"]) == 3
    again = trust(kiosk_command, subprocess_env, config, "import", str(path), "--json")
    assert json.loads(again.stdout)["added"] == []
    assert json.loads(again.stdout)["already_present"] == 3
    listed = json.loads(trust(kiosk_command, subprocess_env, config, "list", "--json").stdout)
    assert sorted(entry["country"] for entry in listed) == ["DE", "DK", "FR"]
    keys = {entry["country"]: entry["key"] for entry in listed}
    assert keys["DE"] == "EC brainpoolP256r1 (explicit parameters)"
    assert keys["FR"] == "RSA 2048"
    for country, pki in pkis.items():
        assert chip_verdict(pki, folder) == "valid", country


def test_tampered_master_list_is_refused(
    kiosk_command: list[str], subprocess_env: dict[str, str], store: tuple[Path, Path],
    pkis: dict[str, TestPki], tmp_path: Path,
) -> None:  # fmt: skip
    config, folder = store
    path = master_list(pkis, tmp_path)
    data = bytearray(path.read_bytes())
    data[200] ^= 0x01  # inside the first CSCA certificate: the digest no longer matches
    path.write_bytes(bytes(data))
    result = trust(kiosk_command, subprocess_env, config, "import", str(path))
    assert result.returncode == 2
    assert "rejected" in result.stderr and "Traceback" not in result.stderr
    assert not folder.exists() or not any(folder.iterdir())


def test_master_list_signed_by_an_outsider_is_refused(
    kiosk_command: list[str], subprocess_env: dict[str, str], store: tuple[Path, Path],
    pkis: dict[str, TestPki], tmp_path: Path,
) -> None:  # fmt: skip
    config, _ = store
    outsider = make_test_pki(NOW, "XX", label="Outsider")
    path = tmp_path / "outsider.ml"
    path.write_bytes(sign_master_list(outsider, [pkis["DK"].csca_certificate]))
    result = trust(kiosk_command, subprocess_env, config, "import", str(path))
    assert result.returncode == 2
    assert "issued by none of its CSCAs" in result.stderr


def test_link_certificate_needs_a_trusted_csca_then_carries_the_new_key(
    kiosk_command: list[str], subprocess_env: dict[str, str], store: tuple[Path, Path],
    pkis: dict[str, TestPki], tmp_path: Path,
) -> None:  # fmt: skip
    config, folder = store
    old = pkis["DK"]
    new = make_test_pki(NOW, "DK", label="Next")
    link = tmp_path / "link.pem"
    link.write_bytes(link_certificate(old, new, NOW).public_bytes(Encoding.PEM))
    refused = trust(kiosk_command, subprocess_env, config, "import", str(link))
    assert refused.returncode == 2 and "not issued by a CSCA already trusted" in refused.stderr
    csca = tmp_path / "csca.der"
    csca.write_bytes(old.csca_certificate.public_bytes(Encoding.DER))
    assert trust(kiosk_command, subprocess_env, config, "import", str(csca)).returncode == 0
    assert chip_verdict(new, folder) == "unknown_issuer"
    accepted = trust(kiosk_command, subprocess_env, config, "import", str(link))
    assert accepted.returncode == 0, accepted.stderr
    assert chip_verdict(new, folder) == "valid"
    kinds = [e["kind"] for e in json.loads(trust(kiosk_command, subprocess_env, config, "list",
                                                 "--json").stdout)]  # fmt: skip
    assert kinds == ["csca", "link"]


def test_crl_revokes_a_document_signer(
    kiosk_command: list[str], subprocess_env: dict[str, str], store: tuple[Path, Path],
    pkis: dict[str, TestPki], tmp_path: Path,
) -> None:  # fmt: skip
    config, folder = store
    pki = pkis["DE"]  # explicit-parameter CSCA key signs the CRL
    crl = tmp_path / "de.crl"
    crl.write_bytes(revocation_list(pki, [pki.signer_certificate], NOW).public_bytes(Encoding.PEM))
    untrusted = trust(kiosk_command, subprocess_env, config, "import", str(crl))
    assert untrusted.returncode == 2 and "not signed by a trusted CSCA" in untrusted.stderr
    trust(kiosk_command, subprocess_env, config, "import", str(master_list(pkis, tmp_path)))
    assert chip_verdict(pki, folder) == "valid"
    result = trust(kiosk_command, subprocess_env, config, "import", str(crl))
    assert result.returncode == 0, result.stderr
    assert chip_verdict(pki, folder) == "invalid:not_revoked"
    assert chip_verdict(pkis["DK"], folder) == "valid"


@pytest.mark.parametrize("content", [b"not a certificate", b"-----BEGIN CERTIFICATE-----\nxx"])
def test_unrecognised_file_exits_2(
    kiosk_command: list[str], subprocess_env: dict[str, str], store: tuple[Path, Path],
    tmp_path: Path, content: bytes,
) -> None:  # fmt: skip
    config, _ = store
    path = tmp_path / "junk.bin"
    path.write_bytes(content)
    result = trust(kiosk_command, subprocess_env, config, "import", str(path))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.strip()


def test_document_signer_certificate_is_not_a_csca(
    kiosk_command: list[str], subprocess_env: dict[str, str], store: tuple[Path, Path],
    pkis: dict[str, TestPki], tmp_path: Path,
) -> None:  # fmt: skip
    config, _ = store
    path = tmp_path / "ds.pem"
    path.write_bytes(pkis["DK"].signer_certificate.public_bytes(Encoding.PEM))
    result = trust(kiosk_command, subprocess_env, config, "import", str(path))
    assert result.returncode == 2 and "not a CSCA certificate" in result.stderr


def test_no_trust_store_in_the_config_exits_2(
    kiosk_command: list[str], subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "empty.toml"
    config.write_text("")
    result = trust(kiosk_command, subprocess_env, config, "list")
    assert result.returncode == 2 and "security.trust_store" in result.stderr


def test_danish_messages(
    kiosk_command: list[str], subprocess_env: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "empty.toml"
    config.write_text("")
    result = subprocess.run(
        [*kiosk_command, "--config", str(config), "trust", "list"],
        capture_output=True, text=True, env=subprocess_env, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2 and "tillidsmappe" in result.stderr
