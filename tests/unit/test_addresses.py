"""Where a letter goes, as the citizen sees it on screen and on the receipt: street masked."""

from __future__ import annotations

from kiosk.identity.addresses import mask_street


def test_the_street_is_masked_and_postcode_and_town_stay() -> None:
    masked = mask_street("Jernbanegade 17, 2. th., 4700 Næstved")
    assert masked == "J*********** **, *. **., 4700 Næstved"
    assert "Jernbanegade" not in masked and "17" not in masked


def test_an_address_without_a_comma_keeps_only_its_first_letter() -> None:
    assert mask_street("Bredgade 12") == "B******* **"
    assert mask_street("") == ""
