"""Control questions (R3, R5) as big multiple-choice buttons, one question per screen."""

from __future__ import annotations

from kiosk.journey.view import JourneyView
from screens.base import KioskScreen


class QuestionScreen(KioskScreen):
    step = 4

    def render(self, view: JourneyView) -> None:
        question = view.question
        if question is None:  # between the choice and the first question
            self.title("ui.questions.preparing")
            return
        self.add_text(
            "ui.questions.number", role="muted", number=question.number, total=question.total
        )
        self.title(question.message_id)
        for index, choice in enumerate(question.choices):
            self.add_data_choice(choice, lambda i=index: self.act("answer", i))
        self.add_action("ui.common.cancel", lambda: self.act("cancel"), kind="secondary")
