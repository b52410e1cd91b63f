"""The document chip a scenario's ``scan`` plays (issue 13): ``"valid"`` (the default, so every
scenario written before the chip-required rule keeps its meaning) is a chip whose DG1 is the
print and which passes passive authentication; ``"none"`` is a document whose chip could not be
read; ``"mismatch"`` a chip of another person; ``"forged"`` a DG1 that fails its hash;
``"clone"`` a copied chip that fails chip authentication.
"""

from __future__ import annotations

from collections.abc import Sequence

from kiosk.errors import ScenarioError
from kiosk.identity.readings import ChipReading

CHIP_VALID = "valid"
CHIP_KINDS = (CHIP_VALID, "none", "mismatch", "forged", "clone")
OTHER_NAME = "ANDERSEN<<PETER"
TD1_LINES = 3
TD1_NAME_LINE, TD23_NAME_LINE = 2, 0
TD1_NAME_START, TD23_NAME_START = 0, 5


def _other_person(lines: Sequence[str]) -> tuple[str, ...]:
    """The print with another person's name in the name field (check digits do not cover it)."""
    rows = list(lines)
    if not rows:
        return ()
    index, start = (
        (TD1_NAME_LINE, TD1_NAME_START)
        if len(rows) == TD1_LINES
        else (TD23_NAME_LINE, TD23_NAME_START)
    )
    if index >= len(rows):
        return tuple(rows)
    row = rows[index]
    rows[index] = (row[:start] + OTHER_NAME).ljust(len(row), "<")[: len(row)]
    return tuple(rows)


def scenario_chip(kind: str, lines: Sequence[str]) -> ChipReading | None:
    """The reading the chip reader would deliver for a scan of ``lines``; None for ``"none"``.

    Raises ScenarioError for a kind that is not one of :data:`CHIP_KINDS`.
    """
    if kind not in CHIP_KINDS:
        raise ScenarioError(f"chip: {kind!r} is not one of {', '.join(CHIP_KINDS)}")
    if kind == "none":
        return None
    genuine = ChipReading(
        dg1_mrz=tuple(lines),
        passive_authentication="valid",
        active_authentication="not_supported",
        chip_authentication="valid",
        access_control="pace",
    )
    if kind == "mismatch":
        return ChipReading(
            dg1_mrz=_other_person(lines),
            passive_authentication="valid",
            chip_authentication="valid",
            access_control="pace",
        )
    if kind == "forged":
        return ChipReading(
            dg1_mrz=tuple(lines),
            passive_authentication="invalid:dg1_hash",
            chip_authentication="valid",
            access_control="pace",
        )
    if kind == "clone":
        return ChipReading(
            dg1_mrz=tuple(lines),
            passive_authentication="valid",
            chip_authentication="invalid",
            access_control="pace",
        )
    return genuine
