"""A folkeregister address as the citizen may see it in public: the street masked (the postal
orders of R2, R2b and R4 say where the letters go).

``Jernbanegade 17, 2. th., 4700 Næstved`` becomes ``J*********** **, *. **., 4700 Næstved``: the
first letter of the street and the postcode and town (the last part) stay, so the citizen can
tell which address a letter goes to, and someone reading over their shoulder learns little.
"""

from __future__ import annotations

MASK = "*"


def mask_street(address: str) -> str:
    """The address with every letter and digit before its postcode and town masked, but the
    first; an address without a comma is masked whole but its first letter."""
    street, separator, rest = address.rpartition(",")
    if not separator:
        street, rest = address, ""
    masked = "".join(
        char if index == 0 or not char.isalnum() else MASK for index, char in enumerate(street)
    )
    return masked + separator + rest
