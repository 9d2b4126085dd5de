"""One action of the plan as a card on the Review page, with a button for each way to mark it."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from chairdesk.domain import ActionStatus
from chairdesk.ui.style import tone
from chairdesk.views import ActionView

_MARKS = (
    (ActionStatus.ACHIEVED, "Achieved…", "achieved"),
    (ActionStatus.IN_PROGRESS, "In progress", "in progress"),
    (ActionStatus.NOT_ACHIEVED, "Not achieved…", "not achieved"),
    (ActionStatus.NO_LONGER_NEEDED, "No longer needed…", "no longer needed"),
)


def day(value: date | None) -> str:
    """A date as the Review page writes it: 4 March 2026."""
    return "not set" if value is None else f"{value.day} {value:%B %Y}"


def _status_words(action: ActionView) -> str:
    if action.status == ActionStatus.ACHIEVED:
        return f"Achieved on {day(action.achieved_on)}, confirmed by {action.confirmed_by or '—'}"
    if action.status_reason:
        return f"{action.status.label}: {action.status_reason}"
    return action.status.label


class ActionCard(QFrame):
    """One action of the plan as the family sees it, with a button for each way to mark it."""

    status_requested = Signal(int, object)  # action id, ActionStatus

    def __init__(self, action: ActionView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        self.tick = QLabel(self)
        self.tick.setFixedWidth(34)
        self.tick.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.tick)
        body = QVBoxLayout()
        self.what = QLabel(self)
        self.what.setWordWrap(True)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.progress = QLabel(self)
        self.progress.setWordWrap(True)
        for label in (self.what, self.details, self.status, self.progress):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            body.addWidget(label)
        buttons = QHBoxLayout()
        self.buttons: dict[ActionStatus, QPushButton] = {}
        for status, text, _words in _MARKS:
            button = QPushButton(self.tr(text), self)
            button.clicked.connect(
                lambda _checked=False, s=status: self.status_requested.emit(self.action.id, s)
            )
            self.buttons[status] = button
            buttons.addWidget(button)
        buttons.addStretch(1)
        body.addLayout(buttons)
        layout.addLayout(body, 1)
        self.show_action(action)

    def show_action(self, action: ActionView) -> None:
        self.action = action
        number = action.position
        achieved = action.status == ActionStatus.ACHIEVED
        self.tick.setText("✓" if achieved else "")
        self.tick.setStyleSheet(f"font-size: 20pt; font-weight: 700; color: {tone('good')};")
        self.tick.setAccessibleName(
            self.tr("Achieved") if achieved else self.tr("Not yet achieved")
        )
        self.what.setText(
            f"<b>{number}. {html.escape(action.what or '(what is not written yet)')}</b>"
        )
        self.what.setAccessibleName(self.tr("Action {0}").format(number))
        self.details.setText(
            self.tr("Who: {0} · By: {1}").format(action.who or "not named", day(action.by_when))
        )
        self.details.setAccessibleName(self.tr("Who and by when"))
        colour = {ActionStatus.ACHIEVED: tone("good"), ActionStatus.NOT_ACHIEVED: tone("warning")}
        self.status.setText(_status_words(action))
        shade = colour.get(action.status)
        self.status.setStyleSheet(f"color: {shade}; font-weight: 600;" if shade else "")
        self.status.setAccessibleName(self.tr("Status of action {0}").format(number))
        latest = action.progress[-1] if action.progress else None
        self.progress.setText(
            self.tr("Latest progress ({0}): {1}").format(day(latest.noted_on), latest.text)
            if latest
            else ""
        )
        self.progress.setVisible(latest is not None)
        self.progress.setAccessibleName(self.tr("Latest progress"))
        for status, _text, words in _MARKS:
            button = self.buttons[status]
            button.setAccessibleName(self.tr("Mark action {0} {1}").format(number, words))
            button.setEnabled(not status == action.status == ActionStatus.IN_PROGRESS)
        self.setAccessibleName(self.tr("Action {0}: {1}").format(number, action.status.label))
