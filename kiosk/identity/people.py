"""What the CPR register and the NemID authority know about a person (synthetic data only)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class NemIdHolding:
    """An existing NemID. ``active_since`` drives R7b; secrets stay with the authority."""

    number: str
    active_since: date
    status: str = "active"  # active | printing | pending | voided


@dataclass(frozen=True)
class Person:
    """A CPR register entry. Empty fields mean the register holds no such data (R5)."""

    cpr: str
    given_names: str
    surname: str
    address: str = ""
    previous_addresses: tuple[str, ...] = ()
    mother: str = ""
    father: str = ""
    spouse: str = ""
    children: tuple[str, ...] = ()
    birth_place: str = ""
    citizenship: str = "DNK"
    in_denmark_since: date | None = None
    # R8: outreach identification applies to people without a Danish passport or driving licence.
    danish_passport: bool = False
    danish_driving_licence: bool = False
    home_bound: bool = False
    nemid: NemIdHolding | None = field(default=None, compare=False)

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surname}".strip()
