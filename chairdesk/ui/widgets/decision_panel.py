"""The decision for each child: agencies' recommendations, the outcome, reasons and dissent."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from chairdesk.domain import Category, Outcome, ParticipantRole
from chairdesk.ui.widgets.long_text_box import LongTextBox
from chairdesk.views import DecisionView, ParticipantView, PersonView


def _outcomes(combo: QComboBox) -> None:
    for outcome in Outcome:
        combo.addItem(outcome.label, outcome)


def _categories(combo: QComboBox) -> None:
    combo.addItem(combo.tr("No category"), None)
    for category in Category:
        combo.addItem(category.label, category)


class ChildDecisionBox(QGroupBox):
    """One child's decision. Asks; the page calls DecisionService and shows the result."""

    recommendation_requested = Signal(int, str, str, object, object, object, str)
    # child id, agency, name, participant id, Outcome, Category | None, reason
    decision_requested = Signal(int, bool, object, object, str, bool)
    # child id, likely significant harm, Outcome, Category | None, reasons, chair decided
    dissent_requested = Signal(int)  # decision id

    def __init__(
        self,
        child: PersonView,
        professionals: Sequence[ParticipantView],
        parent: QWidget | None = None,
        *,
        siblings: int = 0,
    ) -> None:
        """`siblings`: how many other children the family has (offers "for every child")."""
        super().__init__(self.tr("Decision for %1").replace("%1", child.name), parent)
        self.setAccessibleName(self.title())
        self.child = child
        self._professionals = list(professionals)
        self._decision: DecisionView | None = None
        self.recommendations = QLabel(self)
        self.recommendations.setWordWrap(True)
        self.recommendations.setAccessibleName(self.tr("Recommendations recorded"))
        self.agency = QComboBox(self)
        self.agency.setAccessibleName(self.tr("Recommending agency"))
        for participant in self._professionals:
            self.agency.addItem(f"{participant.agency} ({participant.name})", participant.id)
        self.recommended_outcome = QComboBox(self)
        self.recommended_outcome.setAccessibleName(self.tr("Recommended outcome"))
        _outcomes(self.recommended_outcome)
        self.recommended_category = QComboBox(self)
        self.recommended_category.setAccessibleName(self.tr("Recommended category"))
        _categories(self.recommended_category)
        self.recommendation_reason = LongTextBox(self, lines=2)
        self.recommendation_reason.setAccessibleName(self.tr("Reason for the recommendation"))
        self.recommendation_reason.returnPressed.connect(self._recommend)
        self.recommend_button = QPushButton(self.tr("Record recommendation"), self)
        self.recommend_button.setAccessibleName(self.tr("Record recommendation"))
        self.recommend_button.clicked.connect(self._recommend)

        self.harm = QCheckBox(self.tr("Likely to suffer significant harm"), self)
        self.harm.setAccessibleName(self.harm.text())
        self.outcome = QComboBox(self)
        self.outcome.setAccessibleName(self.tr("Outcome"))
        _outcomes(self.outcome)
        self.category = QComboBox(self)
        self.category.setAccessibleName(self.tr("Category"))
        _categories(self.category)
        self.reasons = QTextEdit(self)
        self.reasons.setAcceptRichText(False)
        self.reasons.setTabChangesFocus(True)
        self.reasons.setFixedHeight(60)
        self.reasons.setAccessibleName(self.tr("Reasons for the decision"))
        self.chair_decided = QCheckBox(self.tr("Professionals disagreed: the chair decided"), self)
        self.chair_decided.setAccessibleName(self.chair_decided.text())
        self.decide_button = QPushButton(self.tr("Record decision"), self)
        self.decide_button.setAccessibleName(
            self.tr("Record decision for %1").replace("%1", child.name)
        )
        self.decide_button.clicked.connect(self._decide)
        self.dissents = QLabel(self)
        self.dissents.setWordWrap(True)
        self.dissents.setAccessibleName(self.tr("Dissent recorded"))
        self.dissent_button = QPushButton(self.tr("Record dissent…"), self)
        self.dissent_button.setAccessibleName(self.tr("Record dissent"))
        self.dissent_button.clicked.connect(self._dissent)
        self.read_only_reason = QLabel(self)
        self.read_only_reason.setAccessibleName(self.tr("Why this cannot be changed"))
        self.read_only_reason.setStyleSheet("color: #8a4b00; font-weight: 600;")
        self.read_only_reason.hide()
        self._read_only = False

        # Two rows, so the row fits a 1366-wide laptop even at large text.
        self.every_child = QCheckBox(self.tr("The same for every child"), self)
        self.every_child.setAccessibleName(self.tr("Record this recommendation for every child"))
        self.every_child.setToolTip(
            self.tr("Records this agency's recommendation for each child of the family at once")
        )
        recommend_row = QGridLayout()
        recommend_row.addWidget(self.agency, 0, 0)
        recommend_row.addWidget(self.recommended_outcome, 0, 1)
        recommend_row.addWidget(self.recommended_category, 0, 2)
        recommend_row.addWidget(self.recommendation_reason, 1, 0, 1, 3)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.every_child)
        buttons.addWidget(self.recommend_button)
        recommend_row.addLayout(buttons, 2, 0, 1, 3)
        for column, stretch in enumerate((2, 2, 1)):
            recommend_row.setColumnStretch(column, stretch)
        for combo in (self.agency, self.recommended_outcome, self.recommended_category):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(8)
        self.recommendation_reason.setPlaceholderText(self.tr("Reason for the recommendation"))
        decision = QFormLayout()
        decision.addRow(self.harm)
        decision.addRow(self.tr("&Outcome"), self.outcome)
        decision.addRow(self.tr("Ca&tegory"), self.category)
        decision.addRow(self.tr("&Reasons"), self.reasons)
        decision.addRow(self.chair_decided)
        decision.addRow(self.decide_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.read_only_reason)
        layout.addWidget(QLabel(self.tr("<b>Each agency's recommendation</b>"), self))
        layout.addWidget(self.recommendations)
        layout.addLayout(recommend_row)
        layout.addWidget(QLabel(self.tr("<b>The decision</b>"), self))
        layout.addLayout(decision)
        layout.addWidget(self.dissents)
        layout.addWidget(self.dissent_button)
        self.every_child.setVisible(siblings > 0)
        self.show_decision(None)

    def set_read_only(self, reason: str) -> None:
        """For someone who may not decide (a minute-taker): every control off, the reason shown."""
        self._read_only = True
        self.read_only_reason.setText(reason)
        self.read_only_reason.show()
        for control in (
            self.agency,
            self.recommended_outcome,
            self.recommended_category,
            self.recommendation_reason,
            self.recommend_button,
            self.every_child,
            self.harm,
            self.outcome,
            self.category,
            self.chair_decided,
            self.decide_button,
            self.dissent_button,
        ):
            control.setEnabled(False)
            control.setToolTip(reason)
        self.reasons.setReadOnly(True)
        self.reasons.setToolTip(reason)

    def show_decision(self, decision: DecisionView | None) -> None:
        self._decision = decision
        self.dissent_button.setEnabled(
            not self._read_only and decision is not None and decision.reasons != ""
        )
        if decision is None:
            self.recommendations.setText(self.tr("None yet."))
            self.dissents.setText("")
            return
        self.recommendations.setText(
            "\n".join(
                f"{r.agency}: {r.outcome.label}"
                + (f" ({r.category.label})" if r.category else "")
                + (f" — {r.reason}" if r.reason else "")
                for r in decision.recommendations
            )
            or self.tr("None yet.")
        )
        if decision.reasons:
            self.harm.setChecked(decision.likely_significant_harm)
            self.outcome.setCurrentIndex(self.outcome.findData(decision.outcome))
            self.category.setCurrentIndex(self.category.findData(decision.category))
            if self.reasons.toPlainText() != decision.reasons:
                self.reasons.setPlainText(decision.reasons)
            self.chair_decided.setChecked(decision.chair_decided)
        self.dissents.setText(
            "\n".join(
                self.tr("Dissent: %1 (%2): %3")
                .replace("%1", d.name)
                .replace("%2", d.agency)
                .replace("%3", d.reason)
                for d in decision.dissents
            )
        )

    def _recommend(self) -> None:
        index = self.agency.currentIndex()
        if index < 0:
            return
        participant = self._professionals[index]
        self.recommendation_requested.emit(
            self.child.id,
            participant.agency,
            participant.name,
            participant.id,
            self.recommended_outcome.currentData(),
            self.recommended_category.currentData(),
            self.recommendation_reason.text().strip(),
        )

    def recommendation_recorded(self) -> None:
        self.recommendation_reason.clear()
        if self.agency.currentIndex() + 1 < self.agency.count():
            self.agency.setCurrentIndex(self.agency.currentIndex() + 1)

    def _decide(self) -> None:
        self.decision_requested.emit(
            self.child.id,
            self.harm.isChecked(),
            self.outcome.currentData(),
            self.category.currentData(),
            self.reasons.toPlainText().strip(),
            self.chair_decided.isChecked(),
        )

    def _dissent(self) -> None:
        if self._decision is not None:
            self.dissent_requested.emit(self._decision.id)


def professionals_of(participants: Sequence[ParticipantView]) -> list[ParticipantView]:
    return [p for p in participants if p.role == ParticipantRole.PROFESSIONAL and p.agency]
