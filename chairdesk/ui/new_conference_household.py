"""The new conference form's household: the children and the parents or carers typed in."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TypeVar

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chairdesk.domain import PersonRole
from chairdesk.ui.household_rows import ADULT_ROLES, AdultRow, ChildRow, parse_day

Named = TypeVar("Named", bound=QWidget)


def named(widget: Named, name: str) -> Named:
    """The widget, with the name a screen reader says for it."""
    widget.setAccessibleName(name)
    return widget


def form_button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setAutoDefault(False)  # Enter in a field adds that field's person, never submits
    return button


def _list(name: str) -> QListWidget:
    shown = named(QListWidget(), name)
    shown.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    shown.setMinimumHeight(64)
    return shown


def _add_remove(add: QPushButton, remove: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(add)
    row.addWidget(remove)
    remove.setEnabled(False)
    return row


class Household(QObject):
    """The Children box and the Parents and carers box, and the rows added in each.

    Args:
        today: the day dates of birth and due dates are checked against.
        problem: the form's line saying why something was not done (hidden once it is).
    """

    def __init__(self, today: date, problem: QLabel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.today = today
        # The label itself, not the dialog's methods: holding the dialog's bound methods made
        # a reference cycle through the dialog whose collection later crashed PySide6 (seen as
        # a segmentation fault while garbage-collecting in tests/ui/test_run_walk.py).
        self.problem = problem
        self.child_rows: list[ChildRow] = []
        self.adult_rows: list[AdultRow] = []
        self.children_box = self._children_box()
        self.adults_box = self._adults_box()

    def _children_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Children"))
        column = QVBoxLayout(box)
        form = QFormLayout()
        self.child_name = named(QLineEdit(), self.tr("Child's name"))
        self.child_name.setPlaceholderText(self.tr("Full name"))
        self.child_date = named(QLineEdit(), self.tr("Child's date of birth"))
        self.child_date.setPlaceholderText(self.tr("dd/mm/yyyy"))
        self.child_date.setToolTip(self.tr("Leave it blank if the date is not known"))
        self.child_unborn = named(
            QCheckBox(self.tr("Not born yet")), self.tr("Not born yet: the date is when due")
        )
        self.child_unborn.toggled.connect(self._unborn_toggled)
        self.child_date_label = QLabel(self.tr("Date of &birth"))
        self.child_date_label.setBuddy(self.child_date)
        for field in (self.child_name, self.child_date):
            field.returnPressed.connect(self.add_child)
        form.addRow(self.tr("&Name"), self.child_name)
        row = QHBoxLayout()
        row.addWidget(self.child_date, 1)
        row.addWidget(self.child_unborn)
        form.addRow(self.child_date_label, row)
        column.addLayout(form)
        self.add_child_button = form_button(self.tr("Add child"), self.tr("Add child"))
        self.add_child_button.clicked.connect(self.add_child)
        self.remove_child_button = form_button(self.tr("Remove child"), self.tr("Remove child"))
        self.remove_child_button.clicked.connect(self._remove_child)
        column.addLayout(_add_remove(self.add_child_button, self.remove_child_button))
        self.child_list = _list(self.tr("Children added"))
        column.addWidget(self.child_list, 1)
        return box

    def _adults_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Parents and carers"))
        column = QVBoxLayout(box)
        form = QFormLayout()
        self.adult_name = named(QLineEdit(), self.tr("Parent's or carer's name"))
        self.adult_name.returnPressed.connect(self.add_adult)
        self.adult_role = named(QComboBox(), self.tr("Parent or carer"))
        for role, text in ADULT_ROLES:
            self.adult_role.addItem(self.tr(text), role.value)
        self.adult_responsibility = named(
            QCheckBox(self.tr("Has parental responsibility")), self.tr("Parental responsibility")
        )
        self.adult_responsibility.setChecked(True)
        form.addRow(self.tr("N&ame"), self.adult_name)
        row = QHBoxLayout()
        row.addWidget(self.adult_role)
        row.addWidget(self.adult_responsibility, 1)
        form.addRow(self.tr("Role"), row)
        column.addLayout(form)
        self.add_adult_button = form_button(self.tr("Add person"), self.tr("Add parent or carer"))
        self.add_adult_button.clicked.connect(self.add_adult)
        self.remove_adult_button = form_button(self.tr("Remove"), self.tr("Remove parent or carer"))
        self.remove_adult_button.clicked.connect(self._remove_adult)
        column.addLayout(_add_remove(self.add_adult_button, self.remove_adult_button))
        self.adult_list = _list(self.tr("Parents and carers added"))
        column.addWidget(self.adult_list, 1)
        note = QLabel(self.tr("Everyone added here is invited to the conference."))
        note.setWordWrap(True)
        column.addWidget(named(note, self.tr("About invitations")))
        return box

    # What the chair does -----------------------------------------------------------------

    def _unborn_toggled(self, unborn: bool) -> None:
        self.child_date_label.setText(self.tr("D&ue date") if unborn else self.tr("Date of &birth"))
        self.child_date.setAccessibleName(
            self.tr("Unborn child's due date") if unborn else self.tr("Child's date of birth")
        )

    def add_child(self) -> bool:
        """Add the child typed in; False, with the reason shown, when something is wrong."""
        name = self.child_name.text().strip()
        if not name:
            return self.refuse(
                self.tr("Type the child's name, then add the child."), self.child_name
            )
        try:
            day = parse_day(self.child_date.text())
        except ValueError:
            return self.refuse(
                self.tr(
                    "“{0}” is not a date: write it as day/month/year, for example 04/03/2017."
                ).format(self.child_date.text().strip()),
                self.child_date,
            )
        unborn = self.child_unborn.isChecked()
        problem = ""
        if unborn and day is None:
            problem = self.tr("Give the date {0} is due.")
        elif unborn and day is not None and day < self.today - timedelta(days=31):
            problem = self.tr(
                "{0}'s due date has passed: untick “Not born yet” and give the birth date."
            )
        elif not unborn and day is not None and day > self.today:
            problem = self.tr(
                "{0}'s date of birth is in the future: tick “Not born yet” if unborn."
            )
        if problem:
            return self.refuse(problem.format(name), self.child_date)
        child = ChildRow(name, day, unborn)
        self.child_rows.append(child)
        self.child_list.addItem(child.text())
        self.child_name.clear()
        self.child_date.clear()
        self.child_unborn.setChecked(False)
        self.remove_child_button.setEnabled(True)
        self.problem.hide()
        self.child_name.setFocus()
        return True

    def add_adult(self) -> bool:
        """Add the parent or carer typed in; False, with the reason shown, without a name."""
        name = self.adult_name.text().strip()
        if not name:
            return self.refuse(
                self.tr("Type the parent's or carer's name, then add them."), self.adult_name
            )
        role = PersonRole(self.adult_role.currentData())
        adult = AdultRow(name, role, self.adult_responsibility.isChecked())
        self.adult_rows.append(adult)
        self.adult_list.addItem(adult.text())
        self.adult_name.clear()
        self.adult_responsibility.setChecked(True)
        self.remove_adult_button.setEnabled(True)
        self.problem.hide()
        self.adult_name.setFocus()
        return True

    def refuse(self, text: str, field: QWidget) -> bool:
        """Say why in the form's problem line and put the cursor where it needs changing."""
        self.problem.setText(text)
        self.problem.show()
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        return False

    def _remove_child(self) -> None:
        _remove(self.child_list, self.child_rows, self.remove_child_button)

    def _remove_adult(self) -> None:
        _remove(self.adult_list, self.adult_rows, self.remove_adult_button)


def _remove(shown: QListWidget, rows: list[ChildRow] | list[AdultRow], button: QPushButton) -> None:
    """Remove the selected row, or the last one added when none is selected."""
    row = shown.currentRow() if shown.currentRow() >= 0 else len(rows) - 1
    if 0 <= row < len(rows):
        del rows[row]
        shown.takeItem(row)
    button.setEnabled(bool(rows))
