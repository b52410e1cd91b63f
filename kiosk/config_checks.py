"""The range of each numeric config key, and the check that names a value outside it.

:func:`range_problems` runs on every config built from a file or a mapping (through
:func:`kiosk.config.consistency_problems`), after each value's type is checked; one line per
problem, naming the key.
"""

from __future__ import annotations

# The values a key may take, (lowest, highest); a float's lowest is exclusive (above it).
RANGES: dict[str, tuple[float, float]] = {
    "rules.minimum_age": (0, 120),
    "rules.witness_minimum_age": (0, 120),
    "rules.witness_limit": (1, 100),
    "rules.witness_window_days": (1, 3650),
    "rules.questions_first_round": (1, 10),
    "rules.questions_second_round": (1, 10),
    "rules.question_choices": (2, 10),
    "rules.delivery_latest_working_days": (1, 100),
    "rules.counter_and_post_days": (1, 365),
    "rules.nemid_number_digits": (6, 12),
    "rules.password_digits": (6, 12),
    "rules.code_card_size": (1, 999),
    "rules.code_card_key_digits": (3, 6),
    "rules.code_card_code_digits": (4, 12),
    "rules.card_serial_digits": (6, 16),
    "timeouts.inactivity_seconds": (0, 86400),
    "timeouts.warning_seconds": (0, 3600),
    "timeouts.admin_idle_seconds": (0, 86400),
    "timeouts.device_seconds": (0, 600),
    "storage.backup_interval_hours": (0, 8760),
}


def range_problems(config: object) -> list[str]:
    """Each value of :data:`RANGES` outside its range, naming the key."""
    problems = []
    for key, (low, high) in RANGES.items():
        section, name = key.split(".")
        value = getattr(getattr(config, section), name)
        above_low = value > low if isinstance(value, float) else value >= low
        if not above_low or value > high:
            lowest = f"above {low:g}" if isinstance(value, float) else f"{low:g}"
            problems.append(f"'{key}' must be {lowest} to {high:g}, not {value!r}")
    return problems
