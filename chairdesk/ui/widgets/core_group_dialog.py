"""Records a core group meeting: when, who came, notes, and a line on each action."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QWidget,
)

from chairdesk.ui.widgets.date_field import DateField
from chairdesk.ui.widgets.form_dialog import FormDialog
from chairdesk.views import ActionView


@dataclass(frozen=True)
class CoreGroupAnswer:
    held_on: date
    attendees: str
    notes: str
    updates: dict[int, str]  # action id -> what the core group said about it


class CoreGroupDialog(FormDialog):
    """A core group meeting: when, who came, notes, and a line on each action."""

    def __init__(
        self, actions: tuple[ActionView, ...], earliest: date, today: date, parent: QWidget | None
    ) -> None:
        super().__init__(
            self.tr("Record a core group meeting"), self.tr("Record the meeting"), parent
        )
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        self.held_on = DateField(today, opens_at=today, required=True, parent=self)
        self.held_on.set_range(earliest, today)
        self.add(self.tr("&Held on"), self.held_on)
        self.attendees = QLineEdit(self)
        self.attendees.setPlaceholderText(self.tr("Names, separated by commas"))
        self.add(self.tr("&Who came"), self.attendees)
        self.notes = QPlainTextEdit(self)
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(90)
        self.add(self.tr("&Notes"), self.notes)
        heading = QLabel(self.tr("<b>What the core group said about each action</b>"), self)
        heading.setAccessibleName(self.tr("Updates on the actions"))
        self.form.addRow(heading)
        self.updates: dict[int, QLineEdit] = {}
        # The actions scroll inside the dialog, so a long plan never makes it taller than the
        # screen (a 768-high laptop at large text).
        rows = QWidget(self)
        rows_form = QFormLayout(rows)
        rows_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for action in actions:
            field = QLineEdit(rows)
            what = action.what if len(action.what) <= 70 else action.what[:69] + "…"
            self.updates[action.id] = field
            label = self.tr("Action {0}: {1}").format(action.position, what)
            field.setAccessibleName(label)
            words = QLabel(label, rows)
            words.setWordWrap(True)  # a long action wraps rather than widening the dialog
            words.setBuddy(field)
            rows_form.addRow(words, field)
        scroll = QScrollArea(self)
        scroll.setWidget(rows)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setAccessibleName(self.tr("Updates on the actions"))
        scroll.setMinimumHeight(min(rows.sizeHint().height() + 4, 160))
        self.form.addRow(scroll)
        self.form.addRow(self.buttons)
        self.attendees.textChanged.connect(
            lambda text: self.ok_button.setEnabled(bool(text.strip()))
        )
        self.ok_button.setEnabled(False)
        self.setMinimumWidth(720)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:
            self.setMaximumSize(screen.width(), screen.height() - 40)

    def accept(self) -> None:
        if self.held_on.problem():  # said under the date; the dialog stays open
            self.held_on.edit.setFocus()
            return
        super().accept()

    def answer(self) -> CoreGroupAnswer:
        held_on = self.held_on.value()
        assert held_on is not None  # required, and checked on accepting
        return CoreGroupAnswer(
            held_on=held_on,
            attendees=self.attendees.text().strip(),
            notes=self.notes.toPlainText().strip(),
            updates={k: f.text().strip() for k, f in self.updates.items() if f.text().strip()},
        )

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        actions: tuple[ActionView, ...],
        earliest: date,
        today: date,
    ) -> CoreGroupAnswer | None:
        dialog = cls(actions, earliest, today, parent)
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
