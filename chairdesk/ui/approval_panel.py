"""Under a parent's copy on the Issue page: approved, changed since approval, or needs approval."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from chairdesk.ui.style import GOOD_COLOUR, WARNING_COLOUR
from chairdesk.ui.widgets.document_view import show_in_colour
from chairdesk.views import CopyApprovalView


def when_text(widget: QWidget, at: datetime) -> str:
    """ "2 March 2026 at 09:00": the day written out, so no one misreads 03/02 for 3 February."""
    return widget.tr("{0} at {1}").format(f"{at.day} {at:%B %Y}", f"{at:%H:%M}")


class ApprovalPanel(QWidget):
    """Shows what the services say about this copy's approval and offers to ask for one.

    It keeps nothing in memory: the state comes from `IssueService.latest_approval` each time,
    so it reads the same after ChairDesk is closed and opened again.
    """

    approval_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Approval of this copy"))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        # Reachable with Tab, so a screen reader user hears the state before the buttons.
        self.status.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.status.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.status.setAccessibleName(self.tr("Approval"))
        self.ask_button = QPushButton(self.tr("Ask for appro&val…"), self)
        self.ask_button.setAccessibleName(self.tr("Ask for approval"))
        self.ask_button.setToolTip(
            self.tr("A manager or another chair reads this copy and approves it")
        )
        self.ask_button.clicked.connect(self.approval_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status, 1)
        layout.addWidget(self.ask_button)
        QWidget.setTabOrder(self.status, self.ask_button)

    def show_state(self, approval: CopyApprovalView | None) -> bool:
        """Shows the copy's approval state; True when an approval covers the copy as it is now."""
        if approval is not None and approval.matches_current:
            when = when_text(self, approval.approved_at)
            short = self.tr("approved by {0} on {1}").format(approval.approver, when)
            text = self.tr("Approved by {0} on {1}. This copy can be saved.").format(
                approval.approver, when
            )
            self._show(short, text, approved=True)
            return True
        if approval is not None:
            short = self.tr("changed since approval")
            text = self.tr(
                "Changed since approval: {0} approved this copy on {1}, but it has changed "
                "since, so that approval no longer covers it. Please ask for approval again "
                "before saving."
            ).format(approval.approver, when_text(self, approval.approved_at))
            self.ask_button.setText(self.tr("Ask for appro&val again…"))
        else:
            short = self.tr("needs approval")
            text = self.tr(
                "Needs approval: your council asks a second person (a manager or another chair) "
                "to read and approve a parent's copy before it is saved."
            )
            self.ask_button.setText(self.tr("Ask for appro&val…"))
        self._show(short, text, approved=False)
        return False

    def _show(self, short: str, text: str, *, approved: bool) -> None:
        show_in_colour(self.status, text, GOOD_COLOUR if approved else WARNING_COLOUR)
        self.status.setAccessibleName(self.tr("Approval: {0}").format(short))
        self.status.setAccessibleDescription(text)
        self.ask_button.setVisible(not approved)
