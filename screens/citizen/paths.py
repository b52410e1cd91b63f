"""The way on for a verified citizen: the path choice with what each path means (R2-R11), and
the two requests that go to staff: exemption from Digital Post (R11) and outreach (R8)."""

from __future__ import annotations

from kiosk.journey.view import JourneyView
from screens.base import KioskScreen

# Closed paths the citizen is told about; closed outreach/exemption (not offered) stay hidden.
EXPLAIN_WHEN_CLOSED = ("questions", "witness")
EXEMPTION_REASONS = ("language_difficulties", "disability", "other")
ISSUING = ("questions", "witness", "post", "new_code_card", "new_password")


class PathChoiceScreen(KioskScreen):
    step = 3

    def render(self, view: JourneyView) -> None:
        self.title("ui.paths.title")
        if any(d.open and d.rule == "R12" for d in view.paths):
            self.add_text("ui.paths.holder")  # R12: a holder's services, not a second NemID
        if view.notice is not None:
            # R4: why the last try failed; the post and staff help stay open.
            self.add_reason(view.notice, role="alert")
        for decision in view.paths:
            path = decision.path.value
            if decision.open:
                self.add_choice(
                    f"ui.path.{path}",
                    lambda path=path: self.act("choose", path),
                    kind="primary" if path != "post" else "secondary",
                )
                self._explain(path, decision.rule)
            elif path in EXPLAIN_WHEN_CLOSED and decision.rule != "R12":
                self.add_plain(self.tr(f"ui.path.{path}.closed"), role="muted")
                self.add_reason(decision, role="muted")
        self.add_notes(view.notes)
        if view.nemid_rules and any(d.open and d.path.value in ISSUING for d in view.paths):
            # The rules for NemID: choosing a way to a NemID accepts them.
            self.add_text("ui.paths.rules_title", role="muted")
            for rule in view.nemid_rules:
                self.add_text(rule, role="muted")
            self.add_text("ui.paths.rules_accept", role="muted")
        self.add_action("ui.common.cancel", lambda: self.act("cancel"), kind="secondary")

    def _explain(self, path: str, rule: str) -> None:
        """What a path means; the post path reads differently under R2b (one part now)."""
        if path == "post" and rule == "R2b":
            config = self.kiosk.config_
            part = config.municipality.counter_part
            days = config.rules.counter_and_post_days
            self.add_text(f"ui.path.post.counter_and_post.{part}", role="muted", days=days)
            return
        self.add_text(f"ui.path.{path}.rule", role="muted")


class ExemptionScreen(KioskScreen):
    """R11: the kiosk only takes the request; staff assess it."""

    step = 4

    def render(self, view: JourneyView) -> None:
        self.title("ui.exemption.title")
        self.add_text("ui.exemption.intro")
        for reason in EXEMPTION_REASONS:
            self.add_choice(
                f"ui.exemption.reason.{reason}",
                lambda reason=reason: self.act("request_exemption", reason),
            )
        self.add_action("ui.common.back", lambda: self.act("back"), kind="secondary")


class OutreachScreen(KioskScreen):
    """R8: staff identify the citizen at home with a witness."""

    step = 4

    def render(self, view: JourneyView) -> None:
        self.title("ui.outreach.title")
        self.add_text("ui.outreach.intro")
        self.add_action("ui.common.back", lambda: self.act("back"), kind="secondary")
        self.add_action("ui.outreach.request", lambda: self.act("request_outreach"))
