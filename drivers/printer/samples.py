"""Synthetic printouts for technicians, benchmarks and tests: no real person, no real secret.

The codes come from a seeded generator so a sample is the same on every run; they are not
credentials and are never stored. ``SAMPLES`` names the ``kiosk print`` samples.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

from kiosk.devices.printouts import CodeCard, PasswordSlip, PostalReceipt, RulesLeaflet

SAMPLE_SEED = 20261123
SAMPLE_PAIRS = 148
SAMPLE_NAME = "Søren Ærø Åkjær"
SAMPLE_NEMID_NUMBER = "123456789"
SAMPLE_SERIAL = "T00000001"
SAMPLE_MASKED_CPR = "010190-XXXX"
SAMPLE_PASSWORD = "482915"
SAMPLE_TIME = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
SAMPLES = ("test-page", "code-card", "password-slip", "receipt", "leaflet")


def sample_pairs(count: int = SAMPLE_PAIRS, seed: int = SAMPLE_SEED) -> tuple[tuple[str, str], ...]:
    """``count`` distinct 4-digit keys, each with a 6-digit code."""
    rng = random.Random(seed)
    keys = rng.sample(range(10_000), count)
    return tuple((f"{key:04d}", f"{rng.randrange(1_000_000):06d}") for key in keys)


def sample_code_card(language: str = "da") -> CodeCard:
    return CodeCard(SAMPLE_SERIAL, SAMPLE_NEMID_NUMBER, sample_pairs(), language)


def sample_password_slip(language: str = "da") -> PasswordSlip:
    return PasswordSlip(SAMPLE_NEMID_NUMBER, SAMPLE_PASSWORD, SAMPLE_NAME, SAMPLE_TIME, language)


def sample_postal_receipt(language: str = "da") -> PostalReceipt:
    return PostalReceipt(
        order_reference="NK-2026-000042",
        holder_name=SAMPLE_NAME,
        masked_cpr=SAMPLE_MASKED_CPR,
        ordered_on=date(2026, 11, 23),
        earliest=date(2026, 11, 26),
        latest=date(2026, 12, 8),
        language=language,
    )


def sample_rules_leaflet(language: str = "da") -> RulesLeaflet:
    return RulesLeaflet(language)
