"""Prepare's "Keeping people apart": parents kept apart, and people withheld from named people.

The rules live in services/protection.py and services/redaction.py; this panel only asks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from chairdesk.errors import ChairDeskError
from chairdesk.ui.widgets.share_choice import cannot_share, context_of
from chairdesk.views import ConferenceView, PersonView

if TYPE_CHECKING:
    from chairdesk.ui.services import UiServices


class ProtectionPanel(QGroupBox):
    """Two choices a chair makes before a copy leaves: both are saved at once."""

    changed = Signal()
    refused = Signal(str)

    def __init__(self, services: UiServices, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Keeping people apart"), parent)
        self.services = services
        self.family_id: int | None = None
        self.people: tuple[PersonView, ...] = ()
        self._loading = False
        self.setAccessibleName(self.tr("Keeping people apart"))
        self.kept_apart = QCheckBox(self.tr("The parents must not share information"))
        self.kept_apart.setAccessibleName(self.tr("Parents kept apart"))
        self.kept_apart.setAccessibleDescription(
            self.tr(
                "When ticked, what one parent or carer says starts withheld from the others "
                "until you share it"
            )
        )
        self.kept_apart.toggled.connect(self._kept_apart_changed)
        self.person = QComboBox()
        self.person.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.person.setMinimumContentsLength(18)
        self.person.setAccessibleName(self.tr("Person to withhold"))
        self.person.currentIndexChanged.connect(self._show_menu)
        self.withhold = QToolButton()
        self.withhold.setText(self.tr("Withhold from…"))
        self.withhold.setAccessibleName(self.tr("Withhold this person from"))
        self.withhold.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu = QMenu(self.withhold)
        self.withhold.setMenu(self.menu)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("People withheld"))
        # Explanations wrap, so the panel fits a small laptop at large text sizes too.
        apart_note = QLabel(
            self.tr(
                "Separated parents, a protected address: what one parent or carer says starts "
                "withheld from the others until you share it."
            )
        )
        apart_note.setWordWrap(True)
        withhold_note = QLabel(
            self.tr(
                "Withhold a person (a new partner, a protected carer) from named people: then "
                "no line of their copies names that person."
            )
        )
        withhold_note.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.person, 1)
        row.addWidget(self.withhold)
        layout = QVBoxLayout(self)
        layout.addWidget(self.kept_apart)
        layout.addWidget(apart_note)
        layout.addWidget(withhold_note)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        reason = cannot_share(context_of(services.protection))
        if reason:
            for control in (self.kept_apart, self.person, self.withhold):
                control.setEnabled(False)
                control.setToolTip(reason)

    def load(self, view: ConferenceView) -> None:
        """Show the family's choices as they are stored."""
        self._loading = True
        try:
            self.family_id = view.family.id
            self.people = view.people
            self.kept_apart.setChecked(view.family.parents_kept_apart)
            chosen = self.person.currentData()
            self.person.clear()
            for person in view.people:
                self.person.addItem(f"{person.name} ({_role_words(person)})", person.id)
            found = self.person.findData(chosen)
            self.person.setCurrentIndex(max(found, 0))
        finally:
            self._loading = False
        self._show_menu()
        self._show_summary()

    def _by_id(self, person_id: int) -> PersonView:
        return next(p for p in self.people if p.id == person_id)

    def _show_menu(self) -> None:
        self.menu.clear()
        chosen = self.person.currentData()
        if chosen is None or self._loading:
            return
        kept_from = set(self._by_id(chosen).withheld_from)
        for other in self.people:
            if other.id == chosen:
                continue
            action = QAction(f"{other.name} ({_role_words(other)})", self.menu)
            action.setCheckable(True)
            action.setChecked(other.id in kept_from)
            action.toggled.connect(
                lambda on, other_id=other.id: self._withhold_changed(other_id, on)
            )
            self.menu.addAction(action)

    def _show_summary(self) -> None:
        lines = []
        for person in self.people:
            if person.withheld_from:
                names = ", ".join(self._by_id(i).name for i in person.withheld_from)
                lines.append(self.tr("{0} is withheld from {1}").format(person.name, names))
        self.summary.setText("\n".join(lines) or self.tr("Nobody is withheld from anyone."))

    def _kept_apart_changed(self, on: bool) -> None:
        if self._loading or self.family_id is None:
            return
        if self._call(self.services.protection.set_parents_kept_apart, self.family_id, on):
            self.changed.emit()

    def _withhold_changed(self, other_id: int, on: bool) -> None:
        chosen = self.person.currentData()
        if chosen is None:
            return
        kept_from = set(self._by_id(chosen).withheld_from)
        kept_from = kept_from | {other_id} if on else kept_from - {other_id}
        if self._call(self.services.protection.withhold_person, chosen, sorted(kept_from)):
            self.changed.emit()

    def _call(self, call: Callable[..., Any], *args: Any) -> bool:
        try:
            call(*args)
        except ChairDeskError as error:
            self.refused.emit(str(error))
            return False
        return True


def _role_words(person: PersonView) -> str:
    return "unborn child" if person.role.value == "unborn" else person.role.value
