"""The Review page's prompt to consider ending the plan, and to bring the review forward."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from chairdesk.ui.widgets.action_card import day
from chairdesk.views import DeplanningView

ALL_DONE = "Every action is done or no longer needed: consider ending the plan"
RISK_DOWN = "The level of risk has come down: consider ending the plan"


class DeplanningBanner(QFrame):
    """Why the plan can be considered for ending, and the review date to bring it to."""

    bring_forward_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deplanningBanner")
        self.setStyleSheet(
            "#deplanningBanner { background: #e3f1e6; border: 2px solid #1e6b35; "
            "border-radius: 6px; } #deplanningBanner QLabel { color: #10381c; }"
        )
        layout = QVBoxLayout(self)
        self.heading = self._label(self.tr("Ending the plan"), "font-size: 14pt; font-weight: 700;")
        self.reasons = self._label(self.tr("Why"))
        self.bring_forward_button = QPushButton("", self)
        self.bring_forward_button.setAccessibleName(self.tr("Bring the review forward"))
        self.bring_forward_button.clicked.connect(self.bring_forward_requested)
        layout.addWidget(self.heading)
        layout.addWidget(self.reasons)
        layout.addWidget(self.bring_forward_button, 0, Qt.AlignmentFlag.AlignLeft)

    def _label(self, name: str, style: str = "") -> QLabel:
        label = QLabel(self)
        label.setWordWrap(True)
        label.setAccessibleName(name)
        if style:
            label.setStyleSheet(style)
        return label

    def show_view(self, view: DeplanningView) -> None:
        """Say why the plan is ready to be considered for ending."""
        all_done = any(r.startswith("Every action") for r in view.reasons)
        self.heading.setText(self.tr(ALL_DONE) if all_done else self.tr(RISK_DOWN))
        self.reasons.setText(" ".join(view.reasons))
        target = view.suggested_review_on
        self.bring_forward_button.setVisible(target is not None)
        if target is not None:
            text = self.tr("Bring the review forward to {0}").format(day(target))
            self.bring_forward_button.setText(text)
            self.bring_forward_button.setAccessibleName(text)
