"""Run's "Sittings": hold part of the conference with some of the family only (split sittings).

The rule lives in services/sittings.py and services/redaction.py; this panel asks and shows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from chairdesk.errors import ChairDeskError
from chairdesk.views import PersonView, SittingView

if TYPE_CHECKING:
    from chairdesk.ui.services import UiServices


class SittingDialog(QDialog):
    """Which family members are in the sitting that starts now."""

    def __init__(self, people: Sequence[PersonView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Start a separate sitting"))
        layout = QVBoxLayout(self)
        note = QLabel(
            self.tr(
                "What is said from now until the sitting ends goes only into the copies of "
                "the family members ticked here (and the professionals' record)."
            )
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        self.boxes: dict[int, QCheckBox] = {}
        for person in people:
            box = QCheckBox(
                f"{person.name} ({person.role.value.replace('unborn', 'unborn child')})"
            )
            box.setAccessibleName(person.name)
            self.boxes[person.id] = box
            layout.addWidget(box)
        self.label = QLineEdit()
        self.label.setPlaceholderText(self.tr("A name for the sitting, e.g. 'With the mother'"))
        self.label.setAccessibleName(self.tr("Name of the sitting"))
        layout.addWidget(self.label)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Start the sitting"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen(self) -> list[int]:
        return [pid for pid, box in self.boxes.items() if box.isChecked()]


class SittingPanel(QGroupBox):
    """Starts and ends separate sittings; says which one is live."""

    changed = Signal()
    refused = Signal(str)

    def __init__(self, services: UiServices, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Separate sittings"), parent)
        self.services = services
        self.conference_id: int | None = None
        self.people: tuple[PersonView, ...] = ()
        self.setAccessibleName(self.tr("Separate sittings"))
        self.state = QLabel(self.tr("Everyone is sitting together."))
        self.state.setWordWrap(True)
        self.state.setAccessibleName(self.tr("Which sitting is live"))
        self.start_button = QPushButton(self.tr("Sit apart…"))
        self.start_button.setAccessibleName(self.tr("Start a separate sitting"))
        self.end_button = QPushButton(self.tr("Sit together"))
        self.end_button.setAccessibleName(self.tr("End the separate sitting"))
        self.start_button.clicked.connect(self.ask_to_start)
        self.end_button.clicked.connect(self.end)
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addWidget(self.end_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(row)

    def show_sittings(
        self, conference_id: int, people: Sequence[PersonView], sittings: Sequence[SittingView]
    ) -> None:
        self.conference_id = conference_id
        self.people = tuple(people)
        live = next((s for s in sittings if s.ended_at is None), None)
        self.end_button.setEnabled(live is not None)
        if live is None:
            self.state.setText(self.tr("Everyone is sitting together."))
            return
        names = {p.id: p.name for p in people}
        who = ", ".join(names.get(p, "?") for p in live.person_ids)
        self.state.setText(
            self.tr("Sitting apart since {0} with {1}.").format(f"{live.started_at:%H:%M}", who)
        )

    def ask_to_start(self) -> None:
        if self.conference_id is None:
            return
        dialog = SittingDialog(self.people, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self._call(
            self.services.sittings.start, self.conference_id, dialog.chosen(), dialog.label.text()
        )

    def end(self) -> None:
        if self.conference_id is not None:
            self._call(self.services.sittings.end, self.conference_id)

    def _call(self, call: Callable[..., Any], *args: Any) -> None:
        try:
            call(*args)
        except ChairDeskError as error:
            self.refused.emit(str(error))
            return
        self.changed.emit()
