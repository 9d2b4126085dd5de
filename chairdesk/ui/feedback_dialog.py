"""The parents' feedback form: five questions and a comment, large and anonymous."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from chairdesk.domain import FeedbackAnswer
from chairdesk.errors import ChairDeskError
from chairdesk.services.feedback import MAX_COMMENT, QUESTIONS, FeedbackService
from chairdesk.ui.style import tone
from chairdesk.views import FeedbackView

if TYPE_CHECKING:
    from chairdesk.ui.services import UiServices

# A parent may be handed the laptop: the form reads comfortably at arm's length.
FORM_POINT_SIZE = 15
CHOICES = (
    (FeedbackAnswer.YES, "Yes"),
    (FeedbackAnswer.PARTLY, "Partly"),
    (FeedbackAnswer.NO, "No"),
)


class FeedbackDialog(QDialog):
    """Filled in by a parent, or by the chair with them. It asks for no name and keeps none."""

    def __init__(
        self, services: UiServices, conference_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.feedback = FeedbackService(services.context)
        self.conference_id = conference_id
        self.submitted: FeedbackView | None = None
        self.setWindowTitle(self.tr("Tell us how the conference went"))
        self.setAccessibleName(self.windowTitle())
        font = self.font()
        font.setPointSize(max(FORM_POINT_SIZE, font.pointSize() + 3))
        self.setFont(font)

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "<b>Tell us how the conference went.</b> We use what parents say to make "
                "conferences better. Your answers are anonymous: your name is not asked for "
                "and not kept. You can leave out any question."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setAccessibleName(self.tr("About this form"))
        layout.addWidget(intro)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName(self.tr("Questions"))
        body = QWidget()
        questions = QVBoxLayout(body)
        self.groups: dict[str, QButtonGroup] = {}
        self.choices: dict[str, dict[FeedbackAnswer, QRadioButton]] = {}
        for number, (key, question) in enumerate(QUESTIONS, start=1):
            box = QGroupBox(f"{number}. {self.tr(question)}", body)
            box.setAccessibleName(self.tr(question))
            row = QHBoxLayout(box)
            group = QButtonGroup(box)
            self.groups[key] = group
            self.choices[key] = {}
            for answer, text in CHOICES:
                button = QRadioButton(self.tr(text), box)
                button.setAccessibleName(self.tr(text))
                button.setAccessibleDescription(self.tr(question))
                group.addButton(button)
                self.choices[key][answer] = button
                row.addWidget(button)
            row.addStretch(1)
            questions.addWidget(box)
        label = QLabel(self.tr("Is there anything else you would like to tell us?"), body)
        self.comments = QPlainTextEdit(body)
        self.comments.setTabChangesFocus(True)
        self.comments.setAccessibleName(self.tr("Anything else you would like to tell us"))
        self.comments.setMinimumHeight(110)
        label.setBuddy(self.comments)
        label.setWordWrap(True)
        questions.addWidget(label)
        questions.addWidget(self.comments)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)

        self.problem = QLabel(self)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName(self.tr("Problem"))
        self.problem.setStyleSheet(f"color: {tone('warning')}; font-weight: 600;")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.send_button = QPushButton(self.tr("Send my answers"), self)
        self.send_button.setAccessibleName(self.tr("Send my answers"))
        self.send_button.setAutoDefault(False)
        self.send_button.clicked.connect(self.send)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.send_button)
        layout.addLayout(buttons)
        self.resize(760, 820)

    def answers(self) -> dict[str, FeedbackAnswer]:
        """Each question's answer; a question left out is "not answered"."""
        chosen: dict[str, FeedbackAnswer] = {}
        for key, buttons in self.choices.items():
            chosen[key] = next(
                (answer for answer, button in buttons.items() if button.isChecked()),
                FeedbackAnswer.NOT_ANSWERED,
            )
        return chosen

    def send(self) -> None:
        comments = self.comments.toPlainText()
        if len(comments) > MAX_COMMENT:
            self._say(self.tr("Please shorten the comments to {0} characters.").format(MAX_COMMENT))
            return
        try:
            self.submitted = self.feedback.submit(
                self.conference_id, **self.answers(), comments=comments
            )
        except ChairDeskError as error:
            self._say(self.tr("Your answers were not saved: {0}").format(error))
            return
        self.accept()

    def _say(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()

    @classmethod
    def ask(
        cls, parent: QWidget | None, services: UiServices, conference_id: int
    ) -> FeedbackView | None:
        """Open the form; the stored feedback once sent, None when cancelled."""
        dialog = cls(services, conference_id, parent)
        dialog.exec()
        return dialog.submitted
