"""Asks what a status change needs: who confirmed an achievement and when, or why not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from chairdesk.domain import ActionStatus
from chairdesk.ui.widgets.date_field import DateField


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
        self.achieved_on = DateField(
            today, opens_at=today, required=True, name=self.tr("Achieved on"), parent=self
        )
        self.achieved_on.set_range(None, today)
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

    def accept(self) -> None:
        # A date that cannot be read keeps the dialog open, saying how to type it.
        if self.status == ActionStatus.ACHIEVED and self.achieved_on.problem():
            self.achieved_on.edit.setFocus()
            return
        super().accept()

    def details(self) -> StatusDetails:
        if self.status == ActionStatus.ACHIEVED:
            return StatusDetails(
                achieved_on=self.achieved_on.value(),
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
