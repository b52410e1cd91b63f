"""The kiosk database never holds a plain CPR number, password or code, byte for byte.

A workload touches every table the storage package writes for every persona; then the raw
bytes of the database file and its WAL are searched for each persona's CPR number (with and
without the hyphen). The register, which must hold CPR numbers, is checked for secrets.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from kiosk.clock import FixedClock
from kiosk.config import KioskConfig
from kiosk.storage.cpr_ref import mask_cpr
from kiosk.storage.personas import load_personas
from kiosk.storage.stores import open_kiosk_storage, open_register_storage


def test_no_plain_cpr_password_or_code_in_the_kiosk_database(tmp_path: Path) -> None:
    config = KioskConfig().replace(
        storage={"database": str(tmp_path / "kiosk.sqlite")},
        security={"kiosk_key_file": str(tmp_path / "kiosk.key")},
    )
    clock = FixedClock()
    personas = load_personas()
    witness = next(p for p in personas if p.id == "witness_nemid_40_days")
    with open_kiosk_storage(config, clock) as storage:
        for persona in personas:
            cpr = persona.cpr
            storage.audit.append(
                "journey.document_read",
                masked_cpr=mask_cpr(cpr),
                cpr_ref=storage.pseudonyms.ref(cpr),
                name=f"{persona.given_names} {persona.surname}",
            )
            storage.lockouts.lock(cpr, clock.now() + timedelta(hours=24))  # R3
            storage.exemptions.request(cpr, persona.surname, "language_difficulties", "da")  # R11
            storage.outreach.create(cpr, persona.surname, "ring 12 34 56 78")  # R8
            if persona.cpr != witness.cpr:
                storage.witnesses.record(witness.cpr, cpr, "nemid", "v1", "f" * 64)  # R7
            clock.advance(60)
        assert storage.audit.verify().intact
        files = sorted(tmp_path.glob("kiosk.sqlite*"))
        raw = b"".join(path.read_bytes() for path in files)
    assert raw, "the workload wrote nothing"
    for persona in personas:
        plain = persona.cpr
        hyphenated = f"{plain[:6]}-{plain[6:]}"
        for needle in (plain, hyphenated):
            assert needle.encode() not in raw, f"{persona.id}: CPR found in {files}"
            assert needle.encode("utf-16-le") not in raw
        assert mask_cpr(plain).encode() in raw  # the masked form is what staff see


def test_the_register_database_keeps_only_hashes_of_secrets(tmp_path: Path) -> None:
    config = KioskConfig().replace(storage={"database": str(tmp_path / "kiosk.sqlite")})
    with open_register_storage(config, FixedClock()) as storage:
        stored = [row[0] for row in storage.db.query("SELECT password_hash FROM nemid_holdings")]
        stored += [row[0] for row in storage.db.query("SELECT code_hmac FROM code_card_codes")]
    secrets = {
        secret
        for persona in load_personas()
        for secret in [persona.nemid_password, *persona.code_card.values()]
        if secret
    }
    assert len(stored) >= len(secrets) > 0
    # Hex digests may contain any six digits by chance; a stored value is never a secret itself
    # and never starts with one.
    assert not [value for value in stored if any(value.startswith(s) for s in secrets)]
    assert all(
        value.startswith("scrypt-pepper$") or re.fullmatch(r"\d+\$[0-9a-f]{64}", value)
        for value in stored
    )
