"""The Prepare page's "Conference details": every fact a plan, a record and a letter print that
is not part of the meeting itself: the chair and minute-taker, the strategy discussion, the lead
social worker and any change of worker, the first core group and review (proposed from the
timescales), what must happen for the plan to end, the interpreter, who attends separately."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chairdesk.domain import ConferenceKind, ParticipantRole
from chairdesk.errors import ChairDeskError
from chairdesk.services.common import AGENCY_CHILDRENS_SOCIAL_CARE
from chairdesk.ui.models import SAVED, SAVING
from chairdesk.ui.style import tone
from chairdesk.ui.widgets.autosave import AutosaveField
from chairdesk.views import ConferenceView

if TYPE_CHECKING:
    from chairdesk.ui.services import UiServices

NO_DATE = QDate(2000, 1, 1)


def long_day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _named(widget: Any, name: str) -> Any:
    widget.setAccessibleName(name)
    return widget


class DateField(QDateEdit):
    """A date that may be blank (shown as `blank`); saved when the chair leaves the field."""

    def __init__(self, name: str, blank: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setDisplayFormat("dd/MM/yyyy")
        self.setCalendarPopup(True)
        self.setMinimumDate(NO_DATE)
        self.setSpecialValueText(blank)
        self.set_day(None)

    def day(self) -> date | None:
        value = self.date()
        return (
            None if value == NO_DATE else cast(date, value.toPython())
        )  # PySide6 types QDate.toPython() as object

    def set_day(self, day: date | None) -> None:
        self.blockSignals(True)
        self.setDate(NO_DATE if day is None else QDate(day.year, day.month, day.day))
        self.blockSignals(False)


class DetailsSection(QGroupBox):
    """Conference details, each saved as the chair leaves the field."""

    save_state_changed = Signal(str)
    changed = Signal()

    def __init__(self, services: UiServices, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Conference details"), parent)
        self.setAccessibleName(self.tr("Conference details"))
        self.services = services
        self.prepare = services.prepare
        self.conference_id: int | None = None
        self.family_id: int | None = None
        self._invited: set[str] = set()

        self.chair = _named(QLineEdit(), self.tr("Chair"))
        self.minute_taker = _named(QLineEdit(), self.tr("Minute-taker"))
        self.strategy = DateField(self.tr("Strategy discussion date"), self.tr("Not recorded"))
        self.strategy_note = _named(QLabel(), self.tr("Initial conference timescale"))
        self.interpreter_language = _named(QLineEdit(), self.tr("Interpreter's language"))
        self.interpreter_language.setPlaceholderText(self.tr("None needed"))
        self.interpreter_name = _named(QLineEdit(), self.tr("Interpreter"))
        self.interpreter_name.setPlaceholderText(self.tr("Never a family member or a child"))
        self.core_group = DateField(self.tr("First core group"), self.tr("Not booked"))
        self.review = DateField(self.tr("Review conference"), self.tr("Not booked"))
        self.proposal = _named(QLabel(), self.tr("Proposed dates"))
        self.propose_button = _named(
            QPushButton(self.tr("Book the proposed dates")), self.tr("Book the proposed dates")
        )
        self.propose_button.clicked.connect(self.book_proposed)
        self.lead_worker = _named(QLabel(), self.tr("Lead social worker"))
        self.new_worker = _named(QLineEdit(), self.tr("New social worker's name"))
        self.new_worker.setPlaceholderText(self.tr("Name of the newly allocated worker"))
        self.new_worker_from = DateField(self.tr("Allocated from"), self.tr("Not given"))
        self.worker_button = _named(
            QPushButton(self.tr("Record the change")), self.tr("Record a change of social worker")
        )
        self.worker_button.clicked.connect(self.change_worker)
        self.attends_separately = self._long(
            "attends_separately", self.tr("Who attends separately, and why")
        )
        self.plan_end = self._long(
            "plan_end_conditions", self.tr("What must happen for the plan to end")
        )
        for label in (self.strategy_note, self.proposal, self.lead_worker):
            label.setWordWrap(True)

        for key, field in (
            ("chair_name", self.chair),
            ("minute_taker_name", self.minute_taker),
            ("interpreter_language", self.interpreter_language),
            ("interpreter_name", self.interpreter_name),
        ):
            field.editingFinished.connect(lambda key=key, field=field: self._text(key, field))
        for key, date_field in (
            ("strategy_discussion_on", self.strategy),
            ("core_group_on", self.core_group),
            ("review_on", self.review),
        ):
            date_field.editingFinished.connect(
                lambda key=key, field=date_field: self._date(key, field)
            )

        left = self.left = QFormLayout()
        left.addRow(self.tr("&Chair"), self.chair)
        left.addRow(self.tr("&Minutes taken by"), self.minute_taker)
        left.addRow(self.tr("&Strategy discussion"), self.strategy)
        left.addRow("", self.strategy_note)
        left.addRow(self.tr("Interpreter's &language"), self.interpreter_language)
        left.addRow(self.tr("&Interpreter"), self.interpreter_name)
        right = QFormLayout()
        right.addRow(self.tr("First &core group"), self.core_group)
        right.addRow(self.tr("&Review conference"), self.review)
        right.addRow("", self.proposal)
        right.addRow("", self.propose_button)
        right.addRow(self.tr("Lead social worker"), self.lead_worker)
        change = QHBoxLayout()
        change.addWidget(self.new_worker, 3)
        change.addWidget(QLabel(self.tr("from")))
        change.addWidget(self.new_worker_from, 1)
        change.addWidget(self.worker_button)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addSpacing(16)
        columns.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        long_form = QFormLayout()
        worker_label = QLabel(self.tr("Change of &worker"))
        worker_label.setBuddy(self.new_worker)
        long_form.addRow(worker_label, change)
        long_form.addRow(self.tr("What must happen for\nthe plan to &end"), self.plan_end)
        long_form.addRow(self.tr("Who attends &separately"), self.attends_separately)
        layout.addLayout(long_form)
        self.setEnabled(self.prepare is not None)

    def _long(self, key: str, name: str) -> AutosaveField:
        field = AutosaveField(lambda text: self._save(**{key: text}), min_lines=2)
        field.setAccessibleName(name)
        field.save_state_changed.connect(self.save_state_changed)
        return field

    # Loading --------------------------------------------------------------------------

    def show_view(self, view: ConferenceView) -> None:
        self.conference_id = view.summary.id
        self.family_id = view.family.id
        self._invited = {p.name.casefold() for p in view.participants}
        conduct = view.conduct
        self.chair.setText(view.chair_name)
        self.minute_taker.setText(view.minute_taker_name)
        self.strategy.set_day(conduct.strategy_discussion_on)
        self.interpreter_language.setText(conduct.interpreter_language)
        self.interpreter_name.setText(conduct.interpreter_name)
        self.core_group.set_day(view.core_group_on)
        self.review.set_day(view.review_on)
        for field, text in (
            (self.plan_end, view.plan_end_conditions),
            (self.attends_separately, conduct.attends_separately),
        ):
            if not field.is_dirty():
                field.set_text_quietly(text)
                field.mark_saved(text)
        workers = view.social_workers
        if workers:
            current = workers[-1]
            since = f"since {long_day(current.from_date)}"
            history = "; ".join(
                f"{w.name} until {long_day(w.to_date)}" for w in workers[:-1] if w.to_date
            )
            text = f"{current.name} ({since})" + (f". Before: {history}" if history else "")
        else:
            text = view.lead_social_worker or self.tr("None allocated yet")
        self.lead_worker.setText(text)
        self.worker_button.setText(
            self.tr("Record the change") if workers else self.tr("Record the allocation")
        )
        self._show_proposals(view)

    def _show_proposals(self, view: ConferenceView) -> None:
        conduct = getattr(self.services, "conduct", None)
        if conduct is None or self.conference_id is None:
            self.proposal.setText("")
            self.propose_button.hide()
            return
        proposed = conduct.proposed_dates(self.conference_id)
        parts = []
        if proposed.core_group_on is not None:
            parts.append(f"first core group by {long_day(proposed.core_group_on)}")
        parts.append(f"review by {long_day(proposed.review_on)} ({proposed.review_rule})")
        text = self.tr("The timescales propose: ") + "; ".join(parts) + "."
        late = [
            what
            for what, booked, limit in (
                (self.tr("the first core group"), view.core_group_on, proposed.core_group_on),
                (self.tr("the review"), view.review_on, proposed.review_on),
            )
            if booked is not None and limit is not None and booked > limit
        ]
        if late:
            text += " " + self.tr("Booked later than that: {0}.").format(" and ".join(late))
        self.proposal.setStyleSheet(f"color: {tone('warning')};" if late else "")
        self.proposal.setText(text)
        self.propose_button.setVisible(view.core_group_on is None or view.review_on is None)
        # The 15-working-day check is for a first conference: a review has no strategy date.
        initial = view.summary.kind != ConferenceKind.REVIEW
        for widget in (self.strategy, self.strategy_note):
            self.left.setRowVisible(widget, initial)
        self.strategy_note.setStyleSheet("")
        strategy = view.conduct.strategy_discussion_on
        if strategy is None:
            self.strategy_note.setText(
                self.tr("Record it so the 15-working-day check for the initial conference runs.")
            )
            return
        limit = self.services.listing.settings()
        from chairdesk.services.timescales import working_days_for

        due = working_days_for(limit.region).add(strategy, limit.icpc_within_working_days)
        held = view.summary.scheduled_at.date()
        if held > due:
            self.strategy_note.setStyleSheet(f"color: {tone('warning')};")
            self.strategy_note.setText(
                self.tr("Late: the initial conference was due by {0}.").format(long_day(due))
            )
        else:
            self.strategy_note.setText(
                self.tr("In time: the initial conference is due by {0}.").format(long_day(due))
            )

    # Saving ---------------------------------------------------------------------------

    def _save(self, **fields: Any) -> None:
        """One committed change; raises so an autosave field can say "Not saved"."""
        if self.conference_id is None or self.prepare is None:
            raise ChairDeskError("no conference is open")
        self.prepare.update_details(self.conference_id, **fields)

    def _say(self, **fields: Any) -> bool:
        self.save_state_changed.emit(SAVING)
        try:
            self._save(**fields)
        except ChairDeskError as error:
            self.save_state_changed.emit(f"Not saved: {error}")
            return False
        self.save_state_changed.emit(SAVED)
        self.changed.emit()
        return True

    def _text(self, key: str, field: QLineEdit) -> None:
        if self.conference_id is None or not field.isModified():
            return
        field.setModified(False)
        self._say(**{key: field.text().strip()})

    def _date(self, key: str, field: DateField) -> None:
        if self.conference_id is None:
            return
        self._say(**{key: field.day()})

    def book_proposed(self) -> None:
        if self.conference_id is None:
            return
        proposed = self.services.conduct.proposed_dates(self.conference_id)
        fields: dict[str, Any] = {}
        if self.core_group.day() is None and proposed.core_group_on is not None:
            fields["core_group_on"] = proposed.core_group_on
        if self.review.day() is None:
            fields["review_on"] = proposed.review_on
        if fields:
            self._say(**fields)

    def change_worker(self) -> None:
        name = self.new_worker.text().strip()
        start = self.new_worker_from.day()
        if not name or self.family_id is None or self.prepare is None:
            self.new_worker.setFocus()
            return
        if start is None:
            self.save_state_changed.emit(self.tr("Not saved: give the date the worker starts"))
            self.new_worker_from.setFocus()
            return
        self.save_state_changed.emit(SAVING)
        try:
            self.prepare.allocate_social_worker(self.family_id, name, "", start)
            if self.conference_id is not None:
                self.prepare.update_details(self.conference_id, lead_social_worker=name)
                if name.casefold() not in self._invited:
                    # As on the new-conference form: the allocated worker is invited for
                    # children's social care.
                    self.prepare.add_participant(
                        self.conference_id,
                        name,
                        ParticipantRole.PROFESSIONAL,
                        agency=AGENCY_CHILDRENS_SOCIAL_CARE,
                        job_title=self.tr("Social worker"),
                    )
        except ChairDeskError as error:
            self.save_state_changed.emit(f"Not saved: {error}")
            return
        self.save_state_changed.emit(SAVED)
        self.new_worker.clear()
        self.new_worker_from.set_day(None)
        self.changed.emit()

    def flush(self) -> None:
        for field in (self.plan_end, self.attends_separately):
            field.flush()
