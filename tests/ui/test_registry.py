"""Every state of the citizen journey has a screen, and screens plug in by name."""

from __future__ import annotations

import pytest

from kiosk.journey.machine import CitizenJourney
from screens.base import KioskScreen
from screens.registry import ScreenRegistry, citizen_registry

pytestmark = pytest.mark.ui


def test_every_journey_state_has_a_citizen_screen() -> None:
    registry = citizen_registry()
    states = {state.id for state in CitizenJourney.states}
    assert states - set(registry.states) == set()
    for state in states:
        assert registry.screen_for_state(state) in registry.screens


def test_help_and_out_of_service_are_screens_outside_the_journey() -> None:
    registry = citizen_registry()
    assert {"help", "out_of_service"} <= set(registry.screens)
    assert "help" not in registry.states.values()


def test_a_name_is_registered_once_and_an_unknown_state_is_an_error() -> None:
    registry = ScreenRegistry()
    registry.register("staff_menu", KioskScreen)
    with pytest.raises(ValueError, match="staff_menu"):
        registry.register("staff_menu", KioskScreen)
    with pytest.raises(KeyError, match="no_such_state"):
        registry.screen_for_state("no_such_state")
