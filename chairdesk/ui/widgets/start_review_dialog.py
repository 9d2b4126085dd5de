"""Asks when the review will be held, before it is started from this conference."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QDateTimeEdit, QDialog, QLabel, QWidget

from chairdesk.ui.widgets.form_dialog import FormDialog


class StartReviewDialog(FormDialog):
    """When the review will be held."""

    def __init__(self, earliest: datetime, suggested: datetime, parent: QWidget | None) -> None:
        super().__init__(self.tr("Start the review"), self.tr("Start the review"), parent)
        intro = QLabel(
            self.tr(
                "The review starts from this conference: the family, the people invited, "
                "the danger statements and every action with its progress come with it."
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setAccessibleName(self.tr("Explanation"))
        self.form.addRow(intro)
        self.when = QDateTimeEdit(suggested, self)
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("d MMMM yyyy, HH:mm")
        self.when.setMinimumDateTime(earliest)
        self.add(self.tr("&Date and time of the review"), self.when)
        self.form.addRow(self.buttons)
        self.setMinimumWidth(460)

    @classmethod
    def ask(
        cls, parent: QWidget | None, earliest: datetime, suggested: datetime
    ) -> datetime | None:
        dialog = cls(earliest, suggested, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        chosen: datetime = dialog.when.dateTime().toPython()
        return chosen.replace(second=0, microsecond=0)
