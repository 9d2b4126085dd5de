"""Quoracy decides something: before an inquorate conference concludes, the chair adjourns it
to another day or records why it goes ahead (for the professionals' record only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from chairdesk.ui.widgets.form_dialog import ok_and_cancel

if TYPE_CHECKING:
    from chairdesk.ui.services import UiServices
    from chairdesk.ui.widgets.autosave import Perform


@dataclass(frozen=True)
class QuoracyChoice:
    """The chair's choice: adjourn to `reconvene_on`, or go ahead (`reconvene_on` None)."""

    reason: str
    reconvene_on: date | None = None


class QuoracyDialog(QDialog):
    """Adjourn (a date it reconvenes, a reason) or go ahead (a reason); OK once complete."""

    def __init__(
        self, explanation: str, reconvene_by: date, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        title = self.tr("The conference is not quorate")
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(520)
        self.explanation = QLabel(explanation, self)
        self.explanation.setWordWrap(True)
        self.explanation.setAccessibleName(self.tr("Quoracy"))
        self.go_ahead = QRadioButton(self.tr("&Go ahead, and record why"), self)
        self.adjourn = QRadioButton(self.tr("&Adjourn: the conference continues on another day"))
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(self.tr("Reason"))
        self.reason.setPlaceholderText(self.tr("For the professionals' record only"))
        self.reconvene = QDateEdit(self)
        self.reconvene.setAccessibleName(self.tr("Reconvenes on"))
        self.reconvene.setDisplayFormat("ddd dd/MM/yyyy")
        self.reconvene.setCalendarPopup(True)
        self.reconvene.setMinimumDate(QDate(today.year, today.month, today.day).addDays(1))
        self.reconvene.setDate(QDate(reconvene_by.year, reconvene_by.month, reconvene_by.day))
        self.reconvene_note = QLabel(
            self.tr("The council's timescale says reconvene by {0}.").format(
                f"{reconvene_by:%A} {reconvene_by.day} {reconvene_by:%B %Y}"
            ),
            self,
        )
        self.reconvene_note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Reason"), self.reason)
        form.addRow(self.tr("Reconvenes &on"), self.reconvene)
        form.addRow("", self.reconvene_note)
        self.buttons, self.ok_button = ok_and_cancel(self, self.tr("Go ahead"))
        layout = QVBoxLayout(self)
        for widget in (self.explanation, self.go_ahead, self.adjourn):
            layout.addWidget(widget)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.go_ahead.toggled.connect(self._update)
        self.adjourn.toggled.connect(self._update)
        self.reason.textChanged.connect(self._update)
        self.go_ahead.setChecked(True)
        self._update()

    def _update(self) -> None:
        adjourning = self.adjourn.isChecked()
        self.reconvene.setEnabled(adjourning)
        self.reconvene_note.setEnabled(adjourning)
        self.ok_button.setText(self.tr("Adjourn") if adjourning else self.tr("Go ahead"))
        self.ok_button.setAccessibleName(self.ok_button.text())
        self.ok_button.setEnabled(bool(self.reason.text().strip()))

    def choice(self) -> QuoracyChoice:
        if self.adjourn.isChecked():
            day = cast(
                date, self.reconvene.date().toPython()
            )  # PySide6 types QDate.toPython() as object
            return QuoracyChoice(self.reason.text().strip(), day)
        return QuoracyChoice(self.reason.text().strip())

    @classmethod
    def ask(
        cls, parent: QWidget | None, explanation: str, reconvene_by: date, today: date
    ) -> QuoracyChoice | None:
        dialog = cls(explanation, reconvene_by, today, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.choice()


def settle_quoracy(
    parent: QWidget, services: UiServices, conference_id: int, perform: Perform
) -> bool:
    """Whether the conference may now conclude: quorate, a reason already given, or the chair
    chose to go ahead. False when the chair adjourned or went back."""
    conduct = services.conduct
    quoracy, must_choose = conduct.quoracy(conference_id)
    if not must_choose:
        return True
    proposed = conduct.proposed_dates(conference_id)
    today = services.context.today()
    choice = QuoracyDialog.ask(parent, quoracy.explanation, proposed.reconvene_by, today)
    if choice is None:
        return False
    reconvene_on = choice.reconvene_on
    if reconvene_on is not None:  # the chair adjourned: it continues that day
        perform(lambda: conduct.adjourn(conference_id, reconvene_on, choice.reason))
        return False
    return perform(lambda: conduct.go_ahead(conference_id, choice.reason)) is not None
