"""Prepare a conference: household, invitees, reports, checklist, model and quoracy."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from chairdesk.domain import MeetingModel, ParticipantRole, PersonRole
from chairdesk.errors import ChairDeskError
from chairdesk.ui.models import SAVED, SAVING
from chairdesk.ui.prepare_details import DetailsSection
from chairdesk.ui.prepare_sections import InviteesSection, PeopleSection, ReportsSection
from chairdesk.ui.style import tone
from chairdesk.ui.widgets.autosave import AutosaveField
from chairdesk.ui.widgets.protection_panel import ProtectionPanel
from chairdesk.views import ConferenceView, PersonView

if TYPE_CHECKING:
    from chairdesk.ui.services import UiServices

CHECKLIST = (
    ("chair_met_parents", "The chair met the parents before the conference"),
    ("advocate_offered", "An advocate was offered"),
    ("interpreter_booked", "An interpreter is booked (never a family member or child)"),
    ("leaflet_given", "The parents have the leaflet on what to expect"),
    ("told_speak_first", "The parents know they will speak first"),
    ("child_seen", "The child was seen before the conference, where possible"),
)


class PreparePage(QWidget):
    """Everything before the meeting. Every change is saved through PrepareService at once."""

    save_state_changed = Signal(str)
    conference_changed = Signal(int)

    def __init__(self, services: UiServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.prepare = services.prepare
        self.conference_id: int | None = None
        self.view: ConferenceView | None = None
        self._loading = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setAccessibleName(self.tr("Prepare the conference"))
        outer.addWidget(scroll)
        body = QWidget()
        body.setAccessibleName(self.tr("Prepare the conference"))
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 16, 24, 16)

        self.heading = QLabel()
        self.heading.setAccessibleName(self.tr("Conference"))
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.read_only_note = QLabel(
            self.tr("Changes cannot be saved yet in this version: the list is read-only.")
        )
        self.read_only_note.setAccessibleName(self.tr("Read-only"))
        self.read_only_note.setVisible(self.prepare is None)
        layout.addWidget(self.read_only_note)

        top = QHBoxLayout()
        meeting = QGroupBox(self.tr("The meeting"))
        meeting.setAccessibleName(self.tr("The meeting"))
        form = QFormLayout(meeting)
        self.model_choice = QComboBox()
        self.model_choice.setAccessibleName(self.tr("Model"))
        for model in MeetingModel:
            self.model_choice.addItem(model.label, model.value)
        self.model_choice.currentIndexChanged.connect(self._model_chosen)
        self.model_choice.setEnabled(self.prepare is not None)
        form.addRow(self.tr("Model"), self.model_choice)
        self.quoracy = QLabel()
        self.quoracy.setWordWrap(True)
        self.quoracy.setAccessibleName(self.tr("Quoracy"))
        form.addRow(self.tr("Quoracy"), self.quoracy)
        self.inquorate_reason = self._autosave(
            "inquorate_reason", self.tr("Why the conference goes ahead although not quorate")
        )
        self.inquorate_label = QLabel(self.tr("Why it goes\nahead anyway"))
        self.inquorate_label.setBuddy(self.inquorate_reason)
        form.addRow(self.inquorate_label, self.inquorate_reason)
        top.addWidget(meeting, 3)

        checklist = QGroupBox(self.tr("Before the meeting"))
        checklist.setAccessibleName(self.tr("Before the meeting"))
        checks = QVBoxLayout(checklist)
        self.checks: dict[str, QCheckBox] = {}
        for name, text in CHECKLIST:
            box = QCheckBox(self.tr(text))
            box.setAccessibleName(self.tr(text))
            box.toggled.connect(lambda on, name=name: self._checklist_changed(name, on))
            box.setEnabled(self.prepare is not None)
            checks.addWidget(box)
            self.checks[name] = box
        notes_label = QLabel(self.tr("&Notes (professionals only)"))
        self.checklist_notes = self._autosave("notes", self.tr("Checklist notes"), checklist=True)
        notes_label.setBuddy(self.checklist_notes)
        checks.addWidget(notes_label)
        checks.addWidget(self.checklist_notes)
        top.addWidget(checklist, 2)
        layout.addLayout(top)
        self.details = DetailsSection(services)
        self.details.save_state_changed.connect(self.save_state_changed)
        self.details.changed.connect(self.reload)
        layout.addWidget(self.details)

        self.uninvited = QLabel()
        self.uninvited.setWordWrap(True)
        self.uninvited.setAccessibleName(self.tr("Not invited"))
        self.invite_button = QPushButton(self.tr("Invite them"))
        self.invite_button.setAccessibleName(
            self.tr("Invite everyone with parental responsibility")
        )
        self.invite_button.clicked.connect(self.invite_uninvited)
        warning = QHBoxLayout()
        warning.addWidget(self.uninvited, 1)
        warning.addWidget(self.invite_button)
        layout.addLayout(warning)

        self.people = PeopleSection(self.prepare)
        self.invitees = InviteesSection(self.prepare)
        self.reports = ReportsSection(self.prepare)
        for section in (self.people, self.invitees, self.reports):
            section.save_state_changed.connect(self._section_saved)
            layout.addWidget(section)
        self.people.added.connect(self.reload)
        self.invitees.added.connect(self.reload)
        self.invitees.removed.connect(self.reload)
        self.reports.added.connect(self.reload)
        self.protection = ProtectionPanel(services)
        self.protection.changed.connect(self._protection_changed)
        self.protection.refused.connect(
            lambda why: self.save_state_changed.emit(f"Not saved: {why}")
        )
        layout.addWidget(self.protection)
        layout.addStretch(1)

    def _autosave(self, key: str, name: str, *, checklist: bool = False) -> AutosaveField:
        def save(text: str) -> None:
            if self.conference_id is None or self.prepare is None:
                raise ChairDeskError("no conference is open")
            if checklist:
                self.prepare.set_checklist(self.conference_id, notes=text)
            else:
                self.prepare.update_details(self.conference_id, **{key: text})

        field = AutosaveField(save, min_lines=2)
        field.setAccessibleName(name)
        field.save_state_changed.connect(self.save_state_changed)
        field.setEnabled(self.prepare is not None)
        return field

    def flush_pending_saves(self) -> None:
        for field in (self.inquorate_reason, self.checklist_notes):
            field.flush()
        self.details.flush()

    # Loading -------------------------------------------------------------------------------

    def load_conference(self, conference_id: int) -> None:
        self.conference_id = conference_id
        for section in (self.people, self.invitees, self.reports):
            section.conference_id = conference_id
        self.reload()

    def reload(self) -> None:
        if self.conference_id is None:
            return
        self.view = view = self.services.sharing.view(self.conference_id)
        self._loading = True
        try:
            summary = view.summary
            when = summary.scheduled_at.strftime("%A %d %B %Y at %H:%M")
            self.heading.setText(
                f"<h2>{html.escape(summary.family_name)} family "
                f"({html.escape(summary.case_reference)})</h2>"
                f"<p>{html.escape(summary.kind.label)}, {when}</p>"
            )
            self.model_choice.setCurrentIndex(self.model_choice.findData(summary.model.value))
            for name, box in self.checks.items():
                box.setChecked(bool(getattr(view.checklist, name)))
            for field, text in (
                (self.inquorate_reason, view.inquorate_reason),
                (self.checklist_notes, view.checklist.notes),
            ):
                if not field.is_dirty():
                    field.set_text_quietly(text)
                    field.mark_saved(text)
            self.details.show_view(view)
            self.people.family_id = view.family.id
            self.people.model.set_rows(view.people)
            self.invitees.model.set_rows(view.participants)
            self.reports.model.set_rows(view.reports)
            self.protection.load(view)
        finally:
            self._loading = False
        self._show_derived(view)

    def _show_derived(self, view: ConferenceView) -> None:
        if view.quoracy is None:
            self.quoracy.setText(self.tr("Quoracy cannot be worked out in this version."))
        else:
            colour = tone("good" if view.quoracy.quorate else "warning")
            self.quoracy.setStyleSheet(f"color: {colour};")
            self.quoracy.setText(view.quoracy.explanation)
            needed = not view.quoracy.quorate or bool(view.inquorate_reason)
            self.inquorate_label.setVisible(needed)
            self.inquorate_reason.setVisible(needed)
        missing = self._uninvited(view)
        if missing:
            names = ", ".join(p.name for p in missing)
            self.uninvited.setText(
                self.tr("Not invited but has parental responsibility: {0}.").format(names)
            )
            self.uninvited.setStyleSheet(f"color: {tone('warning')}; font-weight: bold;")
        self.uninvited.setVisible(bool(missing))
        self.invite_button.setVisible(bool(missing) and self.prepare is not None)

    def _uninvited(self, view: ConferenceView) -> tuple[PersonView, ...]:
        if self.prepare is not None and hasattr(
            self.prepare, "uninvited_with_parental_responsibility"
        ):
            return tuple(self.prepare.uninvited_with_parental_responsibility(view.summary.id))
        invited = {p.person_id for p in view.participants if p.invited}
        return tuple(
            p
            for p in view.people
            if p.parental_responsibility
            and p.role in (PersonRole.PARENT, PersonRole.CARER, PersonRole.RELATIVE)
            and p.id not in invited
        )

    # Changes -------------------------------------------------------------------------------

    def _say(self, call: Callable[..., Any], *args: Any, **kwargs: Any) -> bool:
        self.save_state_changed.emit(SAVING)
        try:
            call(*args, **kwargs)
        except ChairDeskError as error:
            self.save_state_changed.emit(f"Not saved: {error}")
            return False
        self.save_state_changed.emit(SAVED)
        return True

    def _protection_changed(self) -> None:
        self.save_state_changed.emit(SAVED)
        self.reload()
        if self.conference_id is not None:
            self.conference_changed.emit(self.conference_id)

    def _section_saved(self, state: str) -> None:
        self.save_state_changed.emit(state)
        if state == SAVED and self.conference_id is not None and not self._loading:
            # Attendance and invitations change quoracy and the uninvited warning.
            self._show_derived(self.services.sharing.view(self.conference_id))
            self.conference_changed.emit(self.conference_id)

    def _checklist_changed(self, name: str, on: bool) -> None:
        if self._loading or self.conference_id is None or self.prepare is None:
            return
        self._say(self.prepare.set_checklist, self.conference_id, **{name: on})

    def _model_chosen(self) -> None:
        if self._loading or self.conference_id is None or self.prepare is None:
            return
        model = MeetingModel(self.model_choice.currentData())
        if self._say(self.prepare.update_details, self.conference_id, model=model):
            self.conference_changed.emit(self.conference_id)

    def invite_uninvited(self) -> None:
        if self.view is None or self.prepare is None:
            return
        for person in self._uninvited(self.view):
            role = (
                ParticipantRole.CARER if person.role == PersonRole.CARER else ParticipantRole.PARENT
            )
            self._say(
                self.prepare.add_participant,
                self.view.summary.id,
                person.name,
                role,
                person_id=person.id,
            )
        self.reload()
