"""The citizen journey: one state machine, its model, the session facade and the scenario runner."""

from kiosk.journey.context import Outcome, PathClosed
from kiosk.journey.services import JourneyServices
from kiosk.journey.session import JourneySession, JourneyStateError
from kiosk.journey.view import JourneyView

__all__ = [
    "JourneyServices",
    "JourneySession",
    "JourneyStateError",
    "JourneyView",
    "Outcome",
    "PathClosed",
]
