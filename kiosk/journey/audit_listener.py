"""The journey's listeners: the audit entry for every transition, and the observers' notifier.

Only the masked CPR number (DDMMYY-XXXX) reaches the log, with the event, the two states and the
reason of a refusal; never a name, an answer, a password or a code.
"""

from __future__ import annotations

from collections.abc import Callable

from statemachine import State

from kiosk.identity.cpr import mask_cpr
from kiosk.journey.context import JourneyContext, Outcome
from kiosk.journey.services import AuditSink

AUDIT_EVENT = "journey.transition"
OUTCOME_EVENT = "journey.outcome"
# The states a visit ends in: reaching one audits what the citizen got.
ENDING_STATES = frozenset(
    {"issued", "ordered", "refused", "exemption_requested", "outreach_requested", "blocked"}
)


class AuditListener:
    def __init__(self, audit: AuditSink, context: JourneyContext) -> None:
        self._audit = audit
        self._context = context
        self._masked = ""

    def after_transition(self, event: str, source: State, target: State) -> None:
        identification = self._context.identification
        if identification is not None and identification.cpr:
            self._masked = mask_cpr(identification.cpr)
        data: dict[str, str] = {"trigger": event, "source": source.id, "target": target.id}
        if self._masked:
            data["masked_cpr"] = self._masked
        refusal = self._context.refusal or self._context.notice
        if refusal is not None:
            data["reason"] = refusal.reason
        self._audit.append(AUDIT_EVENT, **data)
        outcome = self._context.outcome
        if target.id in ENDING_STATES and source.id != target.id and outcome is not None:
            audit_outcome(self._audit, outcome, self._masked)
        if target.id == "welcome":
            self._masked = ""  # the visit is over: the next one starts unknown


def audit_outcome(audit: AuditSink, outcome: Outcome, masked_cpr: str = "") -> None:
    """What the citizen got: ``handed_out`` and ``posted`` always, as lists of parts."""
    data: dict[str, object] = {
        "outcome": outcome.outcome,
        "rule": outcome.rule,
        "reason": outcome.reason,
        "handed_out": list(outcome.handed_out),
        "posted": list(outcome.posted),
    }
    if outcome.order_reference:
        data["order_reference"] = outcome.order_reference
    if masked_cpr:
        data["masked_cpr"] = masked_cpr
    audit.append(OUTCOME_EVENT, **data)


class TransitionNotifier:
    """Passes every transition on to the session's observers (the UI, the scenario runner)."""

    def __init__(self, notify: Callable[[str, State, State], None]) -> None:
        self._notify = notify

    def after_transition(self, event: str, source: State, target: State) -> None:
        self._notify(event, source, target)
