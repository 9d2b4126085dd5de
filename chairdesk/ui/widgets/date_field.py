"""A date box a chair can type into the British way, with a calendar that opens at a sensible day.

Typed text is read by chairdesk.typed_dates (5/3/2027, 05/03/2027, 5 Mar 2027); what cannot be
read stays in the box with one plain line under it saying how to type it, and `value()` refuses
it, so a dialog can keep its OK from going ahead. The calendar opens at the date in the box, or
else at the day it was given (today, or the conference's date), never at January 2000.
"""

from __future__ import annotations

from datetime import date
from typing import cast

from PySide6.QtCore import QDate, QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from chairdesk.typed_dates import DateNotUnderstoodError, british, parse_date
from chairdesk.ui.style import tone

_TABLE_KEYS = (
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
    Qt.Key.Key_Return,
    Qt.Key.Key_Enter,
    Qt.Key.Key_Escape,
)


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


class DateField(QWidget):
    """A typed date with a calendar button; `value()`: the date, None or DateNotUnderstoodError."""

    date_changed = Signal(object)  # date | None, once typed text is understood or a day picked

    def __init__(
        self,
        value: date | None = None,
        *,
        opens_at: date | None = None,
        required: bool = False,
        name: str = "Date",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._opens_at = opens_at or date.today()
        self._required = required
        self._earliest: date | None = None
        self._latest: date | None = None
        self._last: date | None = value
        self._in_table = False
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("for example 5/3/2027"))
        self.edit.setAccessibleName(name)
        self.edit.setToolTip(
            self.tr("Type the day first: 5/3/2027, 05/03/2027 or 5 Mar 2027. F4: a calendar")
        )
        self.calendar_button = QToolButton(self)
        self.calendar_button.setText(self.tr("Calendar…"))
        self.calendar_button.setAccessibleName(self.tr("Choose {0} on a calendar").format(name))
        self.calendar_button.clicked.connect(self.open_calendar)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("{0}: problem").format(name))
        self.message.setStyleSheet(f"color: {tone('warning')}; font-weight: 600;")
        self.message.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.calendar_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.setFocusProxy(self.edit)
        self.edit.editingFinished.connect(self.check)
        self.edit.installEventFilter(self)
        self.calendar: QCalendarWidget | None = None
        self.set_date(value)

    def use_in_table(self) -> None:
        """As a table cell's editor: Tab, Enter and Escape go to the table's delegate."""
        self._in_table = True
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            alt = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
            if key == Qt.Key.Key_F4 or (alt and key == Qt.Key.Key_Down):
                self.open_calendar()
                return True
            if self._in_table and key in _TABLE_KEYS:
                return QApplication.sendEvent(self, event)
        return super().eventFilter(watched, event)

    # The value ---------------------------------------------------------------------------

    def set_date(self, value: date | None) -> None:
        self._last = value
        self.edit.setText("" if value is None else british(value))
        self._say("")

    def set_range(self, earliest: date | None, latest: date | None) -> None:
        self._earliest, self._latest = earliest, latest

    def set_opens_at(self, day: date) -> None:
        self._opens_at = day

    def value(self) -> date | None:
        """The date typed or picked; None if the box is empty (and may be)."""
        chosen = parse_date(self.edit.text())
        if chosen is None:
            if self._required:
                raise DateNotUnderstoodError("Type a date, like 5/3/2027 or 5 Mar 2027")
            return None
        if self._earliest is not None and chosen < self._earliest:
            raise DateNotUnderstoodError(f"The date cannot be before {british(self._earliest)}")
        if self._latest is not None and chosen > self._latest:
            raise DateNotUnderstoodError(f"The date cannot be after {british(self._latest)}")
        return chosen

    def problem(self) -> str:
        """The plain line for what is typed (shown under the box too), or "" when it is fine."""
        try:
            self.value()
        except DateNotUnderstoodError as error:
            self._say(str(error))
            return str(error)
        self._say("")
        return ""

    def check(self) -> None:
        """On leaving the box: show the date the British way, or say what is wrong."""
        if self.problem():
            return
        chosen = self.value()
        if chosen is not None:
            self.edit.setText(british(chosen))
        if chosen != self._last:
            self._last = chosen
            self.date_changed.emit(chosen)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        # In a table cell there is no room under the box: the table shows the line instead.
        self.message.setVisible(bool(text) and not self._in_table)

    # The calendar ------------------------------------------------------------------------

    def open_calendar(self) -> None:
        """A calendar under the box, at the date in it or else at the day it opens at."""
        try:
            shown = self.value() or self._opens_at
        except DateNotUnderstoodError:
            shown = self._opens_at
        calendar = QCalendarWidget(self)
        calendar.setWindowFlags(Qt.WindowType.Popup)
        calendar.setGridVisible(True)
        calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        calendar.setAccessibleName(self.tr("Calendar"))
        if self._earliest is not None:
            calendar.setMinimumDate(_qdate(self._earliest))
        if self._latest is not None:
            calendar.setMaximumDate(_qdate(self._latest))
        calendar.setSelectedDate(_qdate(shown))
        calendar.clicked.connect(self._picked)
        calendar.activated.connect(self._picked)
        calendar.move(self.edit.mapToGlobal(QPoint(0, self.edit.height())))
        calendar.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.calendar = calendar
        calendar.show()
        calendar.setFocus()

    def _picked(self, chosen: QDate) -> None:
        if self.calendar is not None:
            self.calendar.close()
            self.calendar = None
        self.edit.setText(
            british(cast(date, chosen.toPython()))
        )  # PySide6 types QDate.toPython() as object
        self.check()
        self.edit.setFocus()
