"""Which screen shows which journey state, and how further screens plug in.

The citizen screens register themselves for the journey states they render (one screen may
render several states, e.g. ``issuing`` and ``issued``). Screens outside the citizen journey
(help, out of service, and later the staff admin mode and technician diagnostics) register with
no state and are shown by name through :meth:`screens.app.KioskApp.show_screen`. The registry
is a plain value built by :func:`citizen_registry`, not a module-level singleton, so a test or a
future staff module builds its own and adds to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from screens.base import KioskScreen


@dataclass
class ScreenRegistry:
    screens: dict[str, type[KioskScreen]] = field(default_factory=dict)
    states: dict[str, str] = field(default_factory=dict)

    def register(self, name: str, screen: type[KioskScreen], *states: str) -> None:
        """Add ``screen`` under ``name``; it renders each of ``states`` of the journey."""
        if name in self.screens:
            raise ValueError(f"a screen named {name!r} is already registered")
        self.screens[name] = screen
        for state in states:
            self.states[state] = name

    def screen_for_state(self, state: str) -> str:
        if state not in self.states:
            raise KeyError(f"no screen renders the journey state {state!r}")
        return self.states[state]


def citizen_registry() -> ScreenRegistry:
    """Every citizen screen with the journey states it renders."""
    from screens.citizen import (
        blocking,
        document,
        endings,
        identity,
        issuance,
        out_of_service,
        paths,
        questions,
        welcome,
        witness,
    )
    from screens.citizen import help as help_screen

    registry = ScreenRegistry()
    registry.register("welcome", welcome.WelcomeScreen, "welcome")
    registry.register("document", document.DocumentScreen, "document")
    registry.register("health_card", identity.HealthCardScreen, "health_card")
    registry.register("confirming", identity.ConfirmScreen, "confirming")
    registry.register("choosing", paths.PathChoiceScreen, "choosing")
    registry.register("questions", questions.QuestionScreen, "questions")
    registry.register("witness", witness.WitnessScanScreen, "witness")
    registry.register("witness_signing", witness.WitnessSigningScreen, "witness_signing")
    registry.register("issuing", issuance.PrintingScreen, "issuing", "issued")
    registry.register("posting", issuance.PostalOrderScreen, "posting", "ordered")
    registry.register("exemption", paths.ExemptionScreen, "exemption")
    registry.register("outreach", paths.OutreachScreen, "outreach")
    registry.register(
        "finished", endings.FinishedScreen, "exemption_requested", "outreach_requested"
    )
    registry.register("refused", endings.RefusedScreen, "refused")
    registry.register("blocking", blocking.BlockingScreen, "blocking", "blocked")
    registry.register("help", help_screen.HelpScreen)
    registry.register("out_of_service", out_of_service.OutOfServiceScreen)
    return registry
