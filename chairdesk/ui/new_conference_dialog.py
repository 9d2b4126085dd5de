"""Create a first conference for a family ChairDesk does not hold yet, from the home screen."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from chairdesk.domain import ConferenceKind, MeetingModel, ParticipantRole, PersonRole
from chairdesk.errors import ChairDeskError
from chairdesk.services.common import AGENCY_CHILDRENS_SOCIAL_CARE
from chairdesk.services.conferences import NewConference, NewInvitee, NewPerson
from chairdesk.ui.household_rows import ADULT_ROLES, AdultRow, ChildRow, parse_day
from chairdesk.ui.style import tone
from chairdesk.views import ConferenceSummary

KINDS = (ConferenceKind.INITIAL, ConferenceKind.PRE_BIRTH, ConferenceKind.TRANSFER_IN)


def _named(widget: Any, name: str) -> Any:
    widget.setAccessibleName(name)
    return widget


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setAutoDefault(False)  # Enter in a field adds that field's person, never submits
    return button


def _list(name: str) -> QListWidget:
    shown = _named(QListWidget(), name)
    shown.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    shown.setMinimumHeight(64)
    return shown


class NewConferenceDialog(QDialog):
    """The family, its children and adults, and when and how the conference meets.

    Creates the conference through ConferenceService.create. Parents and carers are invited;
    the social worker is invited for children's social care and allocated to the family.
    """

    def __init__(self, services: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.today: date = services.context.today()
        self.created: ConferenceSummary | None = None
        self.children: list[ChildRow] = []
        self.adults: list[AdultRow] = []
        self.setWindowTitle(self.tr("New conference"))
        self.setAccessibleName(self.tr("New conference"))

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "A first conference for a family ChairDesk does not hold yet. "
                "Reviews start from the last conference, on the Review page."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(_named(intro, self.tr("About this form")))
        # The form scrolls downwards inside the dialog, so the dialog fits a small laptop's
        # screen at large text sizes; it never scrolls sideways.
        body = QWidget(self)
        columns = QHBoxLayout(body)
        columns.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        scroll.setAccessibleName(self.tr("The new conference's details"))
        self.body_scroll = scroll
        layout.addWidget(scroll, 1)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(12)
        columns.addLayout(right, 1)
        left.addWidget(self._family_box())
        left.addWidget(self._children_box(), 1)
        right.addWidget(self._adults_box(), 1)
        right.addWidget(self._meeting_box())

        self.problem = _named(QLabel(), self.tr("Problem"))
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {tone('warning')}; font-weight: 600;")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = _button(self.tr("Cancel"), self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.create_button = _button(self.tr("Create the conference"), self.tr("Create"))
        self.create_button.setToolTip(self.tr("Ctrl+Enter"))
        self.create_button.clicked.connect(self.create)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.create_button)
        layout.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.create)
        self.family_name.setFocus()
        self.resize(960, 600)
        # As wide as the two columns need (they never scroll sideways); as tall as the screen.
        scrollbar = self.body_scroll.verticalScrollBar().sizeHint().width()
        self.body_scroll.setMinimumWidth(
            self.body_scroll.widget().minimumSizeHint().width() + scrollbar
        )
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:
            self.setMaximumHeight(screen.height() - 40)
            self.resize(self.width(), min(self.sizeHint().height(), screen.height() - 60))

    def _family_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("The family"))
        form = QFormLayout(box)
        self.family_name = _named(QLineEdit(), self.tr("Family name"))
        self.case_reference = _named(QLineEdit(), self.tr("Case reference"))
        self.case_reference.setPlaceholderText(self.tr("As on the council's case record"))
        form.addRow(self.tr("&Family name"), self.family_name)
        form.addRow(self.tr("Case &reference"), self.case_reference)
        return box

    def _children_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Children"))
        column = QVBoxLayout(box)
        form = QFormLayout()
        self.child_name = _named(QLineEdit(), self.tr("Child's name"))
        self.child_name.setPlaceholderText(self.tr("Full name"))
        self.child_date = _named(QLineEdit(), self.tr("Child's date of birth"))
        self.child_date.setPlaceholderText(self.tr("dd/mm/yyyy"))
        self.child_date.setToolTip(self.tr("Leave it blank if the date is not known"))
        self.child_unborn = _named(
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
        self.add_child_button = _button(self.tr("Add child"), self.tr("Add child"))
        self.add_child_button.clicked.connect(self.add_child)
        self.remove_child_button = _button(self.tr("Remove child"), self.tr("Remove child"))
        self.remove_child_button.clicked.connect(
            lambda: self._remove(self.child_list, self.children, self.remove_child_button)
        )
        column.addLayout(self._add_remove(self.add_child_button, self.remove_child_button))
        self.child_list = _list(self.tr("Children added"))
        column.addWidget(self.child_list, 1)
        return box

    def _adults_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Parents and carers"))
        column = QVBoxLayout(box)
        form = QFormLayout()
        self.adult_name = _named(QLineEdit(), self.tr("Parent's or carer's name"))
        self.adult_name.returnPressed.connect(self.add_adult)
        self.adult_role = _named(QComboBox(), self.tr("Parent or carer"))
        for role, text in ADULT_ROLES:
            self.adult_role.addItem(self.tr(text), role.value)
        self.adult_responsibility = _named(
            QCheckBox(self.tr("Has parental responsibility")), self.tr("Parental responsibility")
        )
        self.adult_responsibility.setChecked(True)
        form.addRow(self.tr("N&ame"), self.adult_name)
        row = QHBoxLayout()
        row.addWidget(self.adult_role)
        row.addWidget(self.adult_responsibility, 1)
        form.addRow(self.tr("Role"), row)
        column.addLayout(form)
        self.add_adult_button = _button(self.tr("Add person"), self.tr("Add parent or carer"))
        self.add_adult_button.clicked.connect(self.add_adult)
        self.remove_adult_button = _button(self.tr("Remove"), self.tr("Remove parent or carer"))
        self.remove_adult_button.clicked.connect(
            lambda: self._remove(self.adult_list, self.adults, self.remove_adult_button)
        )
        column.addLayout(self._add_remove(self.add_adult_button, self.remove_adult_button))
        self.adult_list = _list(self.tr("Parents and carers added"))
        column.addWidget(self.adult_list, 1)
        note = QLabel(self.tr("Everyone added here is invited to the conference."))
        note.setWordWrap(True)
        column.addWidget(_named(note, self.tr("About invitations")))
        return box

    def _meeting_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("The conference"))
        form = QFormLayout(box)
        self.kind = _named(QComboBox(), self.tr("Kind of conference"))
        for kind in KINDS:
            self.kind.addItem(kind.label, kind.value)
        self.when = _named(QDateTimeEdit(), self.tr("Date and time"))
        self.when.setDisplayFormat("ddd dd/MM/yyyy HH:mm")
        self.when.setCalendarPopup(True)
        start = QDate(self.today.year, self.today.month, self.today.day).addDays(7)
        while start.dayOfWeek() > 5:  # a week today, moved off a weekend
            start = start.addDays(1)
        self.when.setDateTime(QDateTime(start, QTime(10, 0)))
        self.venue = _named(QLineEdit(), self.tr("Venue"))
        self.model = _named(QComboBox(), self.tr("Meeting model"))
        for model in MeetingModel:
            self.model.addItem(model.label, model.value)
        self.social_worker = _named(QLineEdit(), self.tr("Social worker"))
        self.social_worker.setPlaceholderText(self.tr("Invited for children's social care"))
        self.team = _named(QLineEdit(), self.tr("Social worker's team"))
        # The signed-in chair chairs and takes the minutes unless the chair says otherwise; a
        # database without accounts knows only the word "chair", so the fields start empty.
        user = " ".join(str(self.services.context.user).split())
        signed_in = "" if user.casefold() in ("chair", "") else user
        self.chair = _named(QLineEdit(signed_in), self.tr("Chair"))
        self.minute_taker = _named(QLineEdit(signed_in), self.tr("Minute-taker"))
        for widget in (self.chair, self.minute_taker):
            widget.setPlaceholderText(self.tr("Name"))
        for label, field in (
            (self.tr("&Kind"), self.kind),
            (self.tr("&Date and time"), self.when),
            (self.tr("&Venue"), self.venue),
            (self.tr("&Model"), self.model),
            (self.tr("&Social worker"), self.social_worker),
            (self.tr("Social worker's &team"), self.team),
            (self.tr("C&hair"), self.chair),
            (self.tr("Minutes taken &by"), self.minute_taker),
        ):
            form.addRow(label, field)
        return box

    @staticmethod
    def _add_remove(add: QPushButton, remove: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(add)
        row.addWidget(remove)
        remove.setEnabled(False)
        return row

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
            return self._refuse(
                self.tr("Type the child's name, then add the child."), self.child_name
            )
        try:
            day = parse_day(self.child_date.text())
        except ValueError:
            return self._refuse(
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
            return self._refuse(problem.format(name), self.child_date)
        child = ChildRow(name, day, unborn)
        self.children.append(child)
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
            return self._refuse(
                self.tr("Type the parent's or carer's name, then add them."), self.adult_name
            )
        role = PersonRole(self.adult_role.currentData())
        adult = AdultRow(name, role, self.adult_responsibility.isChecked())
        self.adults.append(adult)
        self.adult_list.addItem(adult.text())
        self.adult_name.clear()
        self.adult_responsibility.setChecked(True)
        self.remove_adult_button.setEnabled(True)
        self.problem.hide()
        self.adult_name.setFocus()
        return True

    @staticmethod
    def _remove(shown: QListWidget, rows: list[Any], button: QPushButton) -> None:
        """Remove the selected row, or the last one added when none is selected."""
        row = shown.currentRow() if shown.currentRow() >= 0 else len(rows) - 1
        if 0 <= row < len(rows):
            del rows[row]
            shown.takeItem(row)
        button.setEnabled(bool(rows))

    def new_conference(self) -> NewConference | None:
        """What the form says, or None, with the reason shown, when something is missing."""
        # A name typed but not yet added is what the chair meant: add it rather than lose it.
        if self.child_name.text().strip() and not self.add_child():
            return None
        if self.adult_name.text().strip() and not self.add_adult():
            return None
        family_name = self.family_name.text().strip()
        reference = self.case_reference.text().strip()
        for missing, message, field in (
            (not family_name, self.tr("Give the family name."), self.family_name),
            (not reference, self.tr("Give the case reference."), self.case_reference),
            (
                not self.children,
                self.tr("Add at least one child or unborn child."),
                self.child_name,
            ),
        ):
            if missing:
                self._refuse(message, field)
                return None
        people = [child.person() for child in self.children]
        invitees = []
        for adult in self.adults:
            role = ParticipantRole(adult.role.value)
            invitees.append(NewInvitee(adult.name, role, person_index=len(people)))
            people.append(
                NewPerson(adult.name, adult.role, parental_responsibility=adult.responsibility)
            )
        worker = self.social_worker.text().strip()
        if worker:
            csc, title = AGENCY_CHILDRENS_SOCIAL_CARE, self.tr("Social worker")
            invitees.append(NewInvitee(worker, ParticipantRole.PROFESSIONAL, csc, title))
        return NewConference(
            case_reference=reference,
            family_name=family_name,
            kind=ConferenceKind(self.kind.currentData()),
            model=MeetingModel(self.model.currentData()),
            scheduled_at=self.when.dateTime().toPython().replace(second=0, microsecond=0),
            people=tuple(people),
            invitees=tuple(invitees),
            venue=self.venue.text().strip(),
            lead_social_worker=worker,
            social_worker_team=self.team.text().strip() if worker else "",
            chair_name=self.chair.text().strip(),
            minute_taker_name=self.minute_taker.text().strip(),
        )

    def create(self) -> None:
        """Create the conference and close, or say in one line why it was not created."""
        new = self.new_conference()
        if new is None:
            return
        try:
            self.created = self.services.conferences.create(new)
        except ChairDeskError as error:
            message = str(error).rstrip(".")
            field = self.case_reference if "case reference" in message else self.family_name
            self._refuse(self.tr("The conference was not created: {0}.").format(message), field)
            return
        self.accept()

    def _refuse(self, text: str, field: QWidget) -> bool:
        self.problem.setText(text)
        self.problem.show()
        field.setFocus(Qt.FocusReason.OtherFocusReason)
        return False

    @classmethod
    def ask(cls, parent: QWidget | None, services: Any) -> ConferenceSummary | None:
        """Open the form; the new conference once created, None when cancelled."""
        dialog = cls(services, parent)
        dialog.exec()
        return dialog.created
