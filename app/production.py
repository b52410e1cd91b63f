"""What a production config may not hold, for ``kiosk run`` and ``kiosk config check``.

A config file is production unless it says ``demo = true`` (:mod:`kiosk.config`). Production
refuses, one problem per key: a simulated (``sim://``) device, the synthetic demo staff-card CA
(``drivers/sim/cards/staff_pki.py``: anyone can derive its key), a register database seeded with
the demo personas, a missing trust store for passport chips, and no authority key file.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from kiosk.config import DeviceSettings, KioskConfig
from kiosk.errors import ConfigError
from kiosk.storage.key_files import authority_key_path
from kiosk.storage.stores import kiosk_database_path, register_holds_personas

DEMO_HINT = "(or say demo = true at the top of a demo or training config)"


def production_problems(config: KioskConfig) -> list[str]:
    """Each demo part a production config names, one line per key; [] for a demo config."""
    if config.demo:
        return []
    return [
        *_simulated_devices(config),
        *_demo_staff_ca(config),
        *_trust_store(config),
        *_seeded_register(config),
        *_authority_key(config),
    ]


def _simulated_devices(config: KioskConfig) -> list[str]:
    from app.devices import is_simulated

    problems = []
    for field in dataclasses.fields(DeviceSettings):
        url = getattr(config.devices, field.name)
        if field.name == "required" or not isinstance(url, str) or not url:
            continue
        try:
            simulated = is_simulated(url)
        except ConfigError:
            continue  # a malformed URL is reported by the device checks
        if simulated:
            problems.append(
                f"'devices.{field.name}' is a simulator (sim://) in a production config: "
                f"name the real device {DEMO_HINT}"
            )
    return problems


def _demo_staff_ca(config: KioskConfig) -> list[str]:
    from drivers.sim.cards.staff_pki import StaffCardPki

    path = config.security.staff_card_ca
    if not path:
        return []
    try:
        certificates = x509.load_pem_x509_certificates(Path(path).read_bytes())
    except (OSError, ValueError):
        return []  # unreadable: the staff-card reader's factory names it
    demo_key = _public_key(StaffCardPki().ca_certificate)
    if any(_public_key(certificate) == demo_key for certificate in certificates):
        return [
            f"'security.staff_card_ca' {path} trusts the demo staff-card CA, whose key is public: "
            f"name the municipality's staff-card CA {DEMO_HINT}"
        ]
    return []


def _public_key(certificate: x509.Certificate) -> bytes:
    return certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _trust_store(config: KioskConfig) -> list[str]:
    folder = config.security.trust_store
    if not folder:
        return [
            "'security.trust_store' is empty: name the folder of CSCA certificates "
            f"that passport chips are checked against {DEMO_HINT}"
        ]
    if not Path(folder).is_dir():
        return [f"'security.trust_store' {folder} is not a folder"]
    return []


def _authority_key(config: KioskConfig) -> list[str]:
    path = authority_key_path(config, kiosk_database_path(config))
    if path.exists():
        return []
    return [
        f"'security.authority_key_file': no key file at {path}: create it once with "
        "`kiosk keys init` (or restore it from the key backup)"
    ]


def _seeded_register(config: KioskConfig) -> list[str]:
    if register_holds_personas(config):
        return [
            "'storage.database': the register beside it holds the demo personas: "
            f"start production on a register without them {DEMO_HINT}"
        ]
    return []
