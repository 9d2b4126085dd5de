"""Create a first conference for a family ChairDesk does not hold yet, from the home screen."""

from __future__ import annotations

from datetime import date, datetime
from typing import cast

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from chairdesk.domain import ConferenceKind, MeetingModel, ParticipantRole
from chairdesk.errors import ChairDeskError
from chairdesk.services.common import AGENCY_CHILDRENS_SOCIAL_CARE
from chairdesk.services.conferences import NewConference, NewInvitee, NewPerson
from chairdesk.ui.new_conference_household import Household, form_button, named
from chairdesk.ui.services import UiServices
from chairdesk.ui.style import tone
from chairdesk.views import ConferenceSummary

KINDS = (ConferenceKind.INITIAL, ConferenceKind.PRE_BIRTH, ConferenceKind.TRANSFER_IN)


class NewConferenceDialog(QDialog):
    """The family, its children and adults, and when and how the conference meets.

    Creates the conference through ConferenceService.create. Parents and carers are invited;
    the social worker is invited for children's social care and allocated to the family.
    """

    def __init__(self, services: UiServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.today: date = services.context.today()
        self.created: ConferenceSummary | None = None
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
        layout.addWidget(named(intro, self.tr("About this form")))
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
        self.problem = named(QLabel(), self.tr("Problem"))
        #: The children and the parents or carers, each added with its own button.
        self.household = Household(self.today, self.problem, self)
        left.addWidget(self._family_box())
        left.addWidget(self.household.children_box, 1)
        right.addWidget(self.household.adults_box, 1)
        right.addWidget(self._meeting_box())

        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"color: {tone('warning')}; font-weight: 600;")
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = form_button(self.tr("Cancel"), self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.create_button = form_button(self.tr("Create the conference"), self.tr("Create"))
        self.create_button.setToolTip(self.tr("Ctrl+Enter"))
        self.create_button.clicked.connect(self.create_conference)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.create_button)
        layout.addLayout(buttons)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self.create_conference)
        self.family_name.setFocus()
        self.resize(960, 600)
        # As wide as the two columns need (they never scroll sideways); as tall as the screen.
        scrollbar = self.body_scroll.verticalScrollBar().sizeHint().width()
        self.body_scroll.setMinimumWidth(body.minimumSizeHint().width() + scrollbar)
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is not None:
            self.setMaximumHeight(screen.height() - 40)
            self.resize(self.width(), min(self.sizeHint().height(), screen.height() - 60))

    def _family_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("The family"))
        form = QFormLayout(box)
        self.family_name = named(QLineEdit(), self.tr("Family name"))
        self.case_reference = named(QLineEdit(), self.tr("Case reference"))
        self.case_reference.setPlaceholderText(self.tr("As on the council's case record"))
        form.addRow(self.tr("&Family name"), self.family_name)
        form.addRow(self.tr("Case &reference"), self.case_reference)
        return box

    def _meeting_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("The conference"))
        form = QFormLayout(box)
        self.kind = named(QComboBox(), self.tr("Kind of conference"))
        for kind in KINDS:
            self.kind.addItem(kind.label, kind.value)
        self.when = named(QDateTimeEdit(), self.tr("Date and time"))
        self.when.setDisplayFormat("ddd dd/MM/yyyy HH:mm")
        self.when.setCalendarPopup(True)
        start = QDate(self.today.year, self.today.month, self.today.day).addDays(7)
        while start.dayOfWeek() > 5:  # a week today, moved off a weekend
            start = start.addDays(1)
        self.when.setDateTime(QDateTime(start, QTime(10, 0)))
        self.venue = named(QLineEdit(), self.tr("Venue"))
        self.model = named(QComboBox(), self.tr("Meeting model"))
        for model in MeetingModel:
            self.model.addItem(model.label, model.value)
        self.social_worker = named(QLineEdit(), self.tr("Social worker"))
        self.social_worker.setPlaceholderText(self.tr("Invited for children's social care"))
        self.team = named(QLineEdit(), self.tr("Social worker's team"))
        # The signed-in chair chairs and takes the minutes unless the chair says otherwise; a
        # database without accounts knows only the word "chair", so the fields start empty.
        user = " ".join(str(self.services.context.user).split())
        signed_in = "" if user.casefold() in ("chair", "") else user
        self.chair = named(QLineEdit(signed_in), self.tr("Chair"))
        self.minute_taker = named(QLineEdit(signed_in), self.tr("Minute-taker"))
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

    # What the chair does -----------------------------------------------------------------

    def new_conference(self) -> NewConference | None:
        """What the form says, or None, with the reason shown, when something is missing."""
        # A name typed but not yet added is what the chair meant: add it rather than lose it.
        household = self.household
        if household.child_name.text().strip() and not household.add_child():
            return None
        if household.adult_name.text().strip() and not household.add_adult():
            return None
        family_name = self.family_name.text().strip()
        reference = self.case_reference.text().strip()
        for missing, message, field in (
            (not family_name, self.tr("Give the family name."), self.family_name),
            (not reference, self.tr("Give the case reference."), self.case_reference),
            (
                not household.child_rows,
                self.tr("Add at least one child or unborn child."),
                household.child_name,
            ),
        ):
            if missing:
                self._refuse(message, field)
                return None
        people = [child.person() for child in household.child_rows]
        invitees = []
        for adult in household.adult_rows:
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
            scheduled_at=self._when().replace(second=0, microsecond=0),
            people=tuple(people),
            invitees=tuple(invitees),
            venue=self.venue.text().strip(),
            lead_social_worker=worker,
            social_worker_team=self.team.text().strip() if worker else "",
            chair_name=self.chair.text().strip(),
            minute_taker_name=self.minute_taker.text().strip(),
        )

    def _when(self) -> datetime:
        # PySide6 types QDateTime.toPython() as object.
        return cast(datetime, self.when.dateTime().toPython())

    def create_conference(self) -> None:
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
        return self.household.refuse(text, field)

    @classmethod
    def ask(cls, parent: QWidget | None, services: UiServices) -> ConferenceSummary | None:
        """Open the form; the new conference once created, None when cancelled."""
        dialog = cls(services, parent)
        dialog.exec()
        return dialog.created
