"""The day's exceptions on the Run page: someone arrives late (the time and the items they
missed) and an adjournment (the same conference continues on another day)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QDate, QTime, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from chairdesk.domain import AgendaStatus, ConferenceStatus, ParticipantRole
from chairdesk.ui.widgets.form_dialog import FormDialog
from chairdesk.views import ConferenceView

if TYPE_CHECKING:
    from chairdesk.ui.services import UiServices
    from chairdesk.ui.widgets.autosave import Perform


class LateArrivalDialog(FormDialog):
    """Who came in late, at what time, and what they missed (the items already heard)."""

    def __init__(self, view: ConferenceView, now: datetime, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Someone arrived late"), self.tr("Record"), parent)
        self.who = self.add(self.tr("&Who"), QComboBox())
        for p in view.participants:
            if p.role not in (ParticipantRole.CHAIR, ParticipantRole.MINUTE_TAKER):
                self.who.addItem(p.name, p.id)
        self.at = self.add(self.tr("&Arrived at"), QTimeEdit())
        self.at.setDisplayFormat("HH:mm")
        self.at.setTime(QTime(now.hour, now.minute))
        heard = [i.title for i in view.agenda if i.status != AgendaStatus.PENDING]
        self.missed = self.add(self.tr("&Items missed"), QLineEdit(", ".join(heard)))
        self.missed.setMinimumWidth(380)
        self.day = now.date()
        self.form.addRow(self.buttons)
        self.ok_button.setEnabled(self.who.count() > 0)

    def answer(self) -> tuple[int, datetime, str]:
        at = self.at.time()
        when = datetime(self.day.year, self.day.month, self.day.day, at.hour(), at.minute())
        return int(self.who.currentData()), when, self.missed.text().strip()


class AdjournDialog(FormDialog):
    """The day the same conference continues, and why it stops today."""

    def __init__(self, reconvene_by: date, today: date, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Adjourn to another day"), self.tr("Adjourn"), parent)
        self.reconvene = self.add(self.tr("Reconvenes &on"), QDateEdit())
        self.reconvene.setDisplayFormat("ddd dd/MM/yyyy")
        self.reconvene.setCalendarPopup(True)
        self.reconvene.setMinimumDate(QDate(today.year, today.month, today.day).addDays(1))
        self.reconvene.setDate(QDate(reconvene_by.year, reconvene_by.month, reconvene_by.day))
        self.reason = self.add(self.tr("&Reason (professionals only)"), QLineEdit())
        self.reason.setMinimumWidth(320)
        self.form.addRow(self.buttons)
        self.reason.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text.strip())))
        self.ok_button.setEnabled(False)

    def answer(self) -> tuple[date, str]:
        day = cast(
            date, self.reconvene.date().toPython()
        )  # PySide6 types QDate.toPython() as object
        return day, self.reason.text().strip()


class DayPanel(QGroupBox):
    """Late arrivals and the adjournment so far, with the two buttons that record them."""

    changed = Signal()

    def __init__(
        self, services: UiServices, perform: Perform, parent: QWidget | None = None
    ) -> None:
        super().__init__(self.tr("The day"), parent)
        self.setAccessibleName(self.tr("The day"))
        self.services = services
        self._perform = perform
        self.view: ConferenceView | None = None
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Late arrivals and adjournment"))
        self.late_button = QPushButton(self.tr("Arrived late…"), self)
        self.late_button.setAccessibleName(self.tr("Record someone who arrived late"))
        self.adjourn_button = QPushButton(self.tr("Adjourn…"), self)
        self.adjourn_button.setAccessibleName(self.tr("Adjourn to another day"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.late_button)
        buttons.addWidget(self.adjourn_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(buttons)
        self.late_button.clicked.connect(self.record_late)
        self.adjourn_button.clicked.connect(self.adjourn)

    def show_view(self, view: ConferenceView) -> None:
        self.view = view
        lines = [
            f"{p.name} arrived at {p.arrived_at:%H:%M}" for p in view.participants if p.arrived_at
        ]
        conduct = view.conduct
        if conduct.interpreter_language:
            who = f"{conduct.interpreter_name}, " if conduct.interpreter_name else ""
            lines.insert(0, f"Interpreter: {who}{conduct.interpreter_language}")
        if conduct.reconvene_on is not None:
            lines.append(f"Adjourned: continues on {conduct.reconvene_on:%a %d %b %Y}")
        self.summary.setText("\n".join(lines) or self.tr("Everyone on time; not adjourned."))
        open_ = view.summary.status in (ConferenceStatus.PLANNED, ConferenceStatus.IN_PROGRESS)
        self.adjourn_button.setEnabled(open_)

    def record_late(self) -> None:
        if self.view is None:
            return
        # The items heard so far are read now, not when the page was loaded.
        self.view = self.services.sharing.view(self.view.summary.id)
        dialog = LateArrivalDialog(self.view, self.services.context.now(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        who, when, missed = dialog.answer()
        if self._perform(lambda: self.services.conduct.arrived_late(who, when, missed)):
            self.changed.emit()

    def adjourn(self) -> None:
        if self.view is None:
            return
        conference_id = self.view.summary.id
        proposed = self.services.conduct.proposed_dates(conference_id)
        dialog = AdjournDialog(proposed.reconvene_by, self.services.context.today(), self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        day, reason = dialog.answer()
        if self._perform(lambda: self.services.conduct.adjourn(conference_id, day, reason)):
            self.changed.emit()
