"""Asks when the review will be held, before it is started from this conference."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QTimeEdit, QWidget

from chairdesk.typed_dates import british
from chairdesk.ui.widgets.date_field import DateField
from chairdesk.ui.widgets.form_dialog import FormDialog


class StartReviewDialog(FormDialog):
    """When the review will be held: a date typed the British way (or picked) and a time."""

    def __init__(self, earliest: datetime, suggested: datetime, parent: QWidget | None) -> None:
        super().__init__(self.tr("Start the review"), self.tr("Start the review"), parent)
        self._earliest = earliest
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
        self.day = DateField(
            suggested.date(),
            opens_at=suggested.date(),
            required=True,
            name=self.tr("Date of the review"),
            parent=self,
        )
        self.day.set_range(earliest.date(), None)
        self.time = QTimeEdit(QTime(suggested.hour, suggested.minute), self)
        self.time.setDisplayFormat("HH:mm")
        self.time.setAccessibleName(self.tr("Time of the review"))
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.day, 1)
        layout.addWidget(self.time)
        self.form.addRow(self.tr("&Date and time of the review"), row)
        label = self.form.labelForField(row)  # typed QWidget; addRow(str, ...) made a QLabel
        if isinstance(label, QLabel):
            label.setBuddy(self.day.edit)
        self.form.addRow(self.buttons)
        self.setMinimumWidth(460)

    def when(self) -> datetime | None:
        """The date and time given, or None when the date cannot be read (said under it)."""
        if self.day.problem():
            return None
        day = self.day.value()
        assert day is not None  # required
        chosen = datetime(
            day.year, day.month, day.day, self.time.time().hour(), self.time.time().minute()
        )
        if chosen < self._earliest:
            self.day.message.setText(
                self.tr("The review cannot be before {0}").format(british(self._earliest.date()))
            )
            self.day.message.show()
            return None
        return chosen

    def accept(self) -> None:
        if self.when() is None:
            self.day.edit.setFocus()
            return
        super().accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, earliest: datetime, suggested: datetime
    ) -> datetime | None:
        dialog = cls(earliest, suggested, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.when()
