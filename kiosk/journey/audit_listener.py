"""The journey's listeners: the audit entry for every transition, and the observers' notifier.

Only the masked CPR number (DDMMYY-XXXX) reaches the log, with the event, the two states and the
reason of a refusal; never a name, an answer, a password or a code.
"""

from __future__ import annotations

from collections.abc import Callable

from statemachine import State

from kiosk.identity.cpr import mask_cpr
from kiosk.journey.context import JourneyContext
from kiosk.journey.services import AuditSink

AUDIT_EVENT = "journey.transition"


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
        if target.id == "welcome":
            self._masked = ""  # the visit is over: the next one starts unknown


class TransitionNotifier:
    """Passes every transition on to the session's observers (the UI, the scenario runner)."""

    def __init__(self, notify: Callable[[str, State, State], None]) -> None:
        self._notify = notify

    def after_transition(self, event: str, source: State, target: State) -> None:
        self._notify(event, source, target)
