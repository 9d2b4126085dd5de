"""Asks what a status change needs: who confirmed an achievement and when, or why not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from chairdesk.domain import ActionStatus


@dataclass(frozen=True)
class StatusDetails:
    reason: str = ""
    achieved_on: date | None = None
    confirmed_by: str = ""


class ActionStatusDialog(QDialog):
    def __init__(self, status: ActionStatus, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = status
        self.setWindowTitle(self.tr("Mark action: %1").replace("%1", status.label))
        self.setAccessibleName(self.windowTitle())
        form = QFormLayout(self)
        self.achieved_on = QDateEdit(QDate(today.year, today.month, today.day), self)
        self.achieved_on.setCalendarPopup(True)
        self.achieved_on.setAccessibleName(self.tr("Achieved on"))
        self.confirmed_by = QLineEdit(self)
        self.confirmed_by.setAccessibleName(self.tr("Confirmed by"))
        self.reason = QLineEdit(self)
        self.reason.setAccessibleName(self.tr("Reason"))
        if status == ActionStatus.ACHIEVED:
            form.addRow(self.tr("Achieved &on"), self.achieved_on)
            form.addRow(self.tr("&Confirmed by"), self.confirmed_by)
            self.reason.hide()
        else:
            form.addRow(self.tr("&Reason"), self.reason)
            self.achieved_on.hide()
            self.confirmed_by.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName(self.tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def details(self) -> StatusDetails:
        if self.status == ActionStatus.ACHIEVED:
            return StatusDetails(
                achieved_on=self.achieved_on.date().toPython(),
                confirmed_by=self.confirmed_by.text().strip(),
            )
        return StatusDetails(reason=self.reason.text().strip())

    @classmethod
    def ask(cls, parent: QWidget | None, status: ActionStatus, today: date) -> StatusDetails | None:
        """What the new status needs; None when the chair cancels. Open statuses need nothing."""
        if status.is_open and status != ActionStatus.NOT_ACHIEVED:
            return StatusDetails()
        dialog = cls(status, today, parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.details()
        return None
